import { BotState, ConversationReference, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ContentPack } from '../content/contentPack';
import { ConversationProfile, newConversationProfile } from '../dialogs/conversationProfile';
import { CustomerChannel, DeskMessage } from '../handoff/desk/customerChannel';
import { Handoff } from '../handoff/types';
import { renderDeskMessage } from './deskRendering';
import { EffortPrompt, QuietSpellAsker } from '../analytics/quietSpellSurvey';
import { effortQuestion } from '../dialogs/replies';

/** What can start a turn in an existing conversation on its channel (a CloudAdapter, or a channel's own). */
export interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** Channels where the bot may write first and the customer sees it (Direct Line is Balie's own web chat). */
export const PROACTIVE_CHANNELS: ReadonlySet<string> = new Set(['msteams', 'slack', 'directline', 'webchat', 'emulator']);

export interface ProactiveChannelOptions {
  /** The adapter, and the bot's app id on it (empty in anonymous mode), for a channel. */
  readonly adapterFor: (channelId: string) => { readonly adapter: ProactiveAdapter; readonly appId: string };
  readonly conversationState: BotState;
  readonly profile: StatePropertyAccessor<ConversationProfile>;
  readonly pack: ContentPack;
  /** Runs `work` while no turn of the conversation runs (on any instance): for changes to its state. */
  readonly withConversationLock: <T>(conversationId: string, work: () => Promise<T>) => Promise<T>;
}

/**
 * The desk's way to a customer over Bot Framework: proactive turns on the stored
 * conversation reference, and the conversation's state changed the way the dialogs expect.
 */
export class ProactiveCustomerChannel implements CustomerChannel, QuietSpellAsker {
  constructor(private readonly options: ProactiveChannelOptions) {}

  async send(handoff: Handoff, messages: readonly DeskMessage[]): Promise<void> {
    const activities = messages.map((message) => renderDeskMessage(this.options.pack, handoff.language, handoff.conversationId, message));
    await this.continueConversation(handoff.channelId, handoff.conversationReference, async (context) => {
      await context.sendActivities(activities);
    });
  }

  async handBackToBot(handoff: Handoff): Promise<{ askEffort: boolean }> {
    let askEffort = false;
    await this.updateProfile(handoff, (profile) => {
      askEffort = askAboutAgent(profile, handoff);
      if (askEffort) profile.openQuestion = { kind: 'effortScore', handoffId: handoff.id, resolvedBy: 'agent' };
      profile.needsHuman = undefined;
      profile.consecutiveMisses = 0;
    });
    return { askEffort };
  }

  async offerTicket(handoff: Handoff): Promise<void> {
    await this.updateProfile(handoff, (profile) => (profile.openQuestion = { kind: 'ticketOffer', reason: handoff.reason }));
  }

  async expectEffortScore(handoff: Handoff): Promise<boolean> {
    let ask = false;
    await this.updateProfile(handoff, (profile) => {
      ask = askAboutAgent(profile, handoff);
      if (ask) profile.openQuestion = { kind: 'effortScore', handoffId: handoff.id, resolvedBy: 'agent' };
    });
    return ask;
  }

  async expectTicketReply(handoff: Handoff, agentName: string): Promise<void> {
    await this.updateProfile(
      handoff,
      (profile) => (profile.openQuestion = { kind: 'ticketReply', handoffId: handoff.id, reference: handoff.reference, agentName }),
    );
  }

  /**
   * The effort question after a quiet spell: asked in the conversation when the customer has
   * written nothing since the bot helped, no effort question about the bot was asked yet, no
   * other question of the bot is open, and the customer has not left.
   */
  async askIfQuiet(prompt: EffortPrompt): Promise<'asked' | 'not_quiet'> {
    let outcome: 'asked' | 'not_quiet' = 'not_quiet';
    await this.options.withConversationLock(prompt.conversationId, () =>
      this.continueConversation(prompt.channelId, prompt.reference, async (context) => {
        await this.options.conversationState.load(context, true);
        const profile = await this.options.profile.get(context);
        if (!profile || !quietSince(profile, prompt.resolvedAt)) return;
        profile.effortAsked = true;
        profile.openQuestion = { kind: 'effortScore', resolvedBy: 'bot' };
        await this.options.conversationState.saveChanges(context, false);
        await context.sendActivity(effortQuestion(this.options.pack, profile.language));
        outcome = 'asked';
      }),
    );
    return outcome;
  }

  /** Changes the conversation's profile from outside a customer turn, while no turn of it runs; retried once on an eTag conflict. */
  private async updateProfile(handoff: Handoff, mutate: (profile: ConversationProfile) => void): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.options.withConversationLock(handoff.conversationId, () =>
          this.continueConversation(handoff.channelId, handoff.conversationReference, async (context) => {
            await this.options.conversationState.load(context, true);
            mutate(await this.options.profile.get(context, newConversationProfile(handoff.language)));
            await this.options.conversationState.saveChanges(context, false);
          }),
        );
        return;
      } catch (error) {
        if (attempt === 1) throw error;
      }
    }
  }

  private continueConversation(channelId: string, reference: unknown, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const { adapter, appId } = this.options.adapterFor(channelId);
    return adapter.continueConversationAsync(appId, reference as Partial<ConversationReference>, async (context) => {
      // botbuilder gives the continuation event a random id, and every message sent in its turn
      // a replyToId to it: Web Chat then holds the message back (about 5 s) waiting for an
      // activity that never comes. A proactive message replies to nothing.
      (context.activity as { id?: string }).id = undefined;
      await logic(context);
    });
  }
}

/** The agent's part is asked about after every handoff (never of a customer who left); it also counts as the conversation's effort question. */
function askAboutAgent(profile: ConversationProfile, handoff: Handoff): boolean {
  if (profile.left || profile.effortAskedForHandoff === handoff.id) return false;
  profile.effortAsked = true;
  profile.effortAskedForHandoff = handoff.id;
  return true;
}

/** Nothing said or asked since the bot helped: the moment for the effort question. */
function quietSince(profile: ConversationProfile, resolvedAt: string): boolean {
  // A 👍/👎 or a clarification left unanswered is no reason to wait: the customer went quiet on it.
  const kind = profile.openQuestion?.kind;
  const openQuestion = kind !== undefined && kind !== 'answerFeedback' && kind !== 'clarification';
  const wroteSince = profile.lastMessageAt !== undefined && profile.lastMessageAt > resolvedAt;
  return !profile.effortAsked && !profile.left && !openQuestion && !wroteSince && !profile.queuedRequest;
}
