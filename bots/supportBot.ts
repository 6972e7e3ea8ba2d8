import { ActivityHandler, ActivityTypes, BotState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogSet, DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { FILES_REFUSED_EVENT } from '../channels/balieChannelData';
import { refusalOf } from '../dialogs/customerFiles';
import { MainDialog } from '../dialogs/mainDialog';
import { Owner } from '../handoff/stateMachine';
import { DialogStateConfiguration } from './dialogStateConfiguration';
import { TicketWelcome } from './ticketWelcome';

/** Who may answer a conversation, and how a message reaches the agent who owns it. */
export interface ConversationOwnership {
  /** Who answers the conversation now: the bot, or the agent who has it. */
  owner(context: TurnContext): Promise<Owner>;
  toAgent(context: TurnContext): Promise<void>;
  /** The customer is typing while an agent has the conversation: the agent's console shows it. */
  customerTyping(context: TurnContext): Promise<void>;
}

/**
 * Thin: welcomes new customers, runs the main dialog for each message, and saves the
 * conversation and user state once per turn (only after the turn succeeded).
 */
export class SupportBot extends ActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly stateConfiguration = new DialogStateConfiguration();

  constructor(
    /** Conversation and user state: saved together after each turn (each only if it changed). */
    private readonly states: readonly BotState[],
    dialogState: StatePropertyAccessor<DialogState>,
    private readonly dialog: MainDialog,
    private readonly ownership: ConversationOwnership,
    /** Answers to the customer's tickets, shown before the welcome when they come back. */
    private readonly ticketWelcome?: TicketWelcome,
  ) {
    super();
    // A plain DialogSet rather than runDialog(): runDialog sends a "Bot State" trace with
    // the whole conversation state, which expectReplies callers would receive.
    this.dialogs = new DialogSet(dialogState).add(dialog);
    this.onMessage(async (context, next) => {
      if ((await this.ownership.owner(context)) === 'agent') {
        // An agent has the conversation: the dialogs stay silent, the message goes to the agent.
        await this.ownership.toAgent(context);
        return next();
      }
      this.stateConfiguration.offer(context);
      const dc = await this.dialogs.createContext(context);
      this.stateConfiguration.keep(dc);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(MainDialog.id);
      await next();
    });
    // Teams announces a personal install with an installationUpdate rather than a new member.
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcome(context);
      await next();
    });
    // The customer closed the chat or was removed: nothing more is asked of them (no effort survey).
    this.onEndOfConversation(async (context, next) => {
      await this.dialog.customerLeft(context);
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      const gone = (context.activity.membersRemoved ?? []).some((member) => member.id !== context.activity.recipient?.id);
      if (gone) await this.dialog.customerLeft(context);
      await next();
    });
    // The channel refused the customer's files: the bot says why.
    this.onEvent(async (context, next) => {
      const refusal = context.activity.name === FILES_REFUSED_EVENT ? refusalOf(context.activity.value) : undefined;
      if (refusal) await this.dialog.filesRefused(context, refusal);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).filter((member) => member.id !== context.activity.recipient?.id);
      if (joined.length > 0) await this.welcome(context);
      await next();
    });
  }

  /** Greets once per conversation, in the channel's or the customer's language. */
  private async welcome(context: TurnContext): Promise<void> {
    const profile = await this.dialog.profile(context);
    if (profile.welcomed) return;
    profile.welcomed = true;
    const answersShown = (await this.ticketWelcome?.show(context, profile)) ?? false;
    await context.sendActivity(this.dialog.welcome(profile, answersShown));
  }

  override async run(context: TurnContext): Promise<void> {
    if (context.activity.type === ActivityTypes.Typing) {
      // Nothing to understand or remember (no state is read): only an agent who has the conversation wants to know.
      if ((await this.ownership.owner(context)) === 'agent') await this.ownership.customerTyping(context);
      return;
    }
    // Both states in one read (the storage reads keys asked for together in one query).
    await Promise.all(this.states.map((state) => state.load(context)));
    await super.run(context);
    await Promise.all(this.states.map((state) => state.saveChanges(context, false)));
  }
}
