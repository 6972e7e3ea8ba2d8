import { ActivityTypes, BotAdapter, BotState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { PrivacyRequests } from '../privacyRequests';
import { DialogState } from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import { TicketWelcome } from '../../bots/ticketWelcome';
import { renderDeskMessage } from '../../bots/deskRendering';
import { ConversationOwnership, SupportBot } from '../../bots/supportBot';
import { TrackedState } from '../../bots/trackedState';
import { openHandoffInTurn } from '../../bots/turnHandoff';
import { inboundStored } from '../../bots/transcriptMiddleware';
import { TurnAnalytics } from '../../bots/turnAnalytics';
import { PROACTIVE_CHANNELS } from '../../bots/proactiveChannel';
import { QuietSpellSurvey } from '../../analytics/quietSpellSurvey';
import { ClusterLocks } from '../../cluster/clusterLocks';
import { ContentPack, message } from '../../content/contentPack';
import { CONVERSATION_PROFILE_PROPERTY, ConversationProfile, USER_PREFERENCES_PROPERTY, UserPreferences } from '../../dialogs/conversationProfile';
import { HandoffGateway } from '../../dialogs/handoffGateway';
import { MainDialog } from '../../dialogs/mainDialog';
import { SupportRecognizer } from '../../dialogs/supportRecognizer';
import { AgentRelay } from '../../handoff/desk/agentRelay';
import { HandoffService } from '../../handoff/handoffService';
import { ownerFor } from '../../handoff/stateMachine';
import { LiveEvents } from '../../handoff/liveEvents';
import { ServiceMetrics } from '../../http/metrics';
import { OrderBackend } from '../../orders/orderBackend';
import { Store } from '../../store/openStore';

export interface StateParts {
  readonly conversationState: BotState;
  readonly userState: BotState;
  readonly profile: StatePropertyAccessor<ConversationProfile>;
  readonly userPreferences: StatePropertyAccessor<UserPreferences>;
  /** Runs `work` while no turn of the conversation runs, on any instance. */
  withConversationLock<T>(conversationId: string, work: () => Promise<T>): Promise<T>;
}

/** Conversation and user state in the store, and the lock that keeps one turn of a conversation at a time. */
export function wireState(store: Store, locks: ClusterLocks = store.locks): StateParts {
  const conversationState = TrackedState.conversation(store.botState);
  const userState = TrackedState.user(store.botState);
  return {
    conversationState,
    userState,
    profile: conversationState.createProperty<ConversationProfile>(CONVERSATION_PROFILE_PROPERTY),
    userPreferences: userState.createProperty<UserPreferences>(USER_PREFERENCES_PROPERTY),
    withConversationLock: (conversationId, work) => locks.withLock(`conversation:${conversationId}`, work),
  };
}

/** The bot and its dialogs; `runTurn` is what every channel calls with a customer's activity. */
export function wireBot(parts: {
  state: StateParts;
  store: Store;
  pack: ContentPack;
  orders: OrderBackend;
  recognizer: SupportRecognizer;
  gateway: HandoffGateway;
  handoffs: HandoffService;
  relay: AgentRelay;
  events: LiveEvents;
  turnAnalytics: TurnAnalytics;
  learnedFollowUps: (intent: string) => readonly string[];
  /** The effort question after a quiet spell; only where the bot may write first. */
  quietSpell?: QuietSpellSurvey;
  adapters: readonly (BotAdapter | undefined)[];
  metrics: ServiceMetrics;
  logger: Logger;
  now: () => Date;
  /** Data subject requests (deleteUserData). */
  privacy?: PrivacyRequests;
}): { runTurn: (context: TurnContext) => Promise<void> } {
  const { state, store, pack, handoffs, relay, events, turnAnalytics, metrics, logger } = parts;
  const openHandoff = (context: TurnContext) => openHandoffInTurn(context, (id) => handoffs.openFor(id));
  // An agent has the conversation: the customer's message goes to the console, and undelivered agent messages come along.
  const ownership: ConversationOwnership = {
    owner: async (context) => ownerFor((await openHandoff(context))?.state),
    async toAgent(context) {
      const { conversation, text } = context.activity;
      const language = (await openHandoff(context))?.language ?? pack.defaultLanguage;
      await turnAnalytics.toAgent(context, language);
      if (text) events.publish({ type: 'customer_message', conversationId: conversation.id, text, at: new Date().toISOString() });
      await relay.flushInTurn(conversation.id, async (deskMessage) => {
        await context.sendActivity(renderDeskMessage(pack, language, conversation.id, deskMessage));
      });
    },
    async customerTyping(context) {
      events.publish({ type: 'customer_typing', conversationId: context.activity.conversation.id, at: new Date().toISOString() });
    },
  };
  const mainDialog = new MainDialog({
    pack,
    orders: parts.orders,
    profile: state.profile,
    userPreferences: state.userPreferences,
    now: parts.now,
    recognizer: parts.recognizer,
    handoffs: parts.gateway,
    identify: (context, identity) =>
      store.identities.link(identity, {
        customerId: context.activity.from.id,
        conversationId: context.activity.conversation.id,
        channelId: context.activity.channelId,
      }),
    feedback: turnAnalytics,
    learnedFollowUps: parts.learnedFollowUps,
    askEffortLater: async (context, language) => {
      const { quietSpell } = parts;
      if (!quietSpell?.enabled || !PROACTIVE_CHANNELS.has(context.activity.channelId)) return;
      const activity = context.activity;
      await quietSpell.schedule({
        conversationId: activity.conversation.id,
        channelId: activity.channelId,
        reference: TurnContext.getConversationReference(activity),
        language,
      });
    },
  });
  const bot = new SupportBot(
    [state.conversationState, state.userState],
    state.conversationState.createProperty<DialogState>('dialogState'),
    mainDialog,
    ownership,
    new TicketWelcome(parts.gateway, pack),
  );
  const onTurnError = async (context: TurnContext, error: Error) => {
    // State is not saved for a failed turn, so the conversation resumes from the last good
    // step; the customer's message is already in the transcript.
    logger.error({ err: error, conversationId: context.activity.conversation?.id }, 'turn failed');
    metrics.turnErrors.inc();
    const language = (await state.profile.get(context).catch(() => undefined))?.language ?? pack.defaultLanguage;
    // Only promise the message was kept when it was: a store that failed before it could save it gets the other apology.
    await context.sendActivity(message(pack, inboundStored(context) ? 'turnError' : 'turnErrorNotSaved', language));
  };
  for (const adapter of parts.adapters) if (adapter) adapter.onTurnError = onTurnError;
  return {
    runTurn: (context) => {
      // A channel asks to forget this user (Bot Framework's deleteUserData): everything tied to them goes.
      if (context.activity.type === ActivityTypes.DeleteUserData && parts.privacy) {
        return parts.privacy.erase(context.activity.from.id, `channel:${context.activity.channelId}`).then(() => undefined);
      }
      return state.withConversationLock(context.activity.conversation.id, () => turnAnalytics.during(context, () => bot.run(context)));
    },
  };
}
