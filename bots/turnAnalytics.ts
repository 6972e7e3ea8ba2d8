import { TurnContext } from 'botbuilder';
import { AnalyticsWrite, ConversationAnalytics, PendingMessage } from '../analytics/recorder';
import { BotResolutionTrigger, MessageOutcome } from '../analytics/types';
import { FeedbackRecorder, UnderstoodMessage } from '../dialogs/feedbackRecorder';
import { EffortScoreStore } from '../handoff/effortScores';
import { Language } from '../nlu/language';

const TURN_WRITES = Symbol('balie.turnAnalytics.writes');
const TURN_MESSAGE = Symbol('balie.turnAnalytics.message');

/**
 * The dialogs' FeedbackRecorder on top of analytics: collects a turn's analytics (the customer's
 * message with the outcome the router settles on, resolutions, feedback) and hands them on when
 * the turn ends, to be written behind it. The effort score itself is stored at once: the
 * customer gave it, and the agent's context shows it.
 */
export class TurnAnalytics implements FeedbackRecorder {
  constructor(
    private readonly analytics: ConversationAnalytics,
    private readonly effortScores: EffortScoreStore,
    private readonly clock: () => Date,
  ) {}

  /** Runs a turn; its analytics go on when it ends, also when it failed (what the customer said still counts). */
  async during<T>(context: TurnContext, turn: () => Promise<T>): Promise<T> {
    const writes: AnalyticsWrite[] = [];
    context.turnState.set(TURN_WRITES, writes);
    try {
      return await turn();
    } finally {
      context.turnState.delete(TURN_WRITES);
      this.analytics.record(writes);
    }
  }

  async message(context: TurnContext, message: UnderstoodMessage): Promise<void> {
    const activity = context.activity;
    const { write, pending } = this.analytics.message(
      { conversationId: activity.conversation.id, customerId: activity.from.id, channel: activity.channelId, language: message.language },
      { text: message.text, intent: message.intent, confidence: message.confidence, candidate: message.candidate, outcome: 'input' },
    );
    context.turnState.set(TURN_MESSAGE, pending);
    this.add(context, write);
  }

  /** A message the customer wrote to the agent who has the conversation: a customer turn the bot did not handle. */
  async toAgent(context: TurnContext, language: Language): Promise<void> {
    const activity = context.activity;
    if (!activity.text) return;
    const { write } = this.analytics.message(
      { conversationId: activity.conversation.id, customerId: activity.from.id, channel: activity.channelId, language },
      { text: activity.text, intent: 'none', confidence: 0, outcome: 'agent' },
    );
    this.add(context, write);
  }

  async outcome(context: TurnContext, outcome: MessageOutcome, intent?: string): Promise<void> {
    const pending = context.turnState.get<PendingMessage | undefined>(TURN_MESSAGE);
    if (!pending) return;
    pending.outcome = outcome;
    if (intent !== undefined) pending.intent = intent;
  }

  async botResolved(context: TurnContext, trigger: BotResolutionTrigger): Promise<void> {
    this.add(context, this.analytics.botResolved(context.activity.conversation.id, trigger));
  }

  async answerFeedback(context: TurnContext, intent: string, helpful: boolean, language: Language): Promise<void> {
    this.add(context, this.analytics.feedback(context.activity.conversation.id, language, intent, helpful));
  }

  effortScore(context: TurnContext, score: number, language: Language, resolvedBy: 'bot' | 'agent', handoffId?: string): Promise<void> {
    const activity = context.activity;
    return this.effortScores.record({
      conversationId: activity.conversation.id,
      customerId: activity.from.id,
      handoffId,
      channelId: activity.channelId,
      language,
      score,
      resolvedBy,
      createdAt: this.clock().toISOString(),
    });
  }

  async effortComment(context: TurnContext, comment: string): Promise<void> {
    this.add(context, this.analytics.effortComment(context.activity.conversation.id, comment));
  }

  async left(context: TurnContext): Promise<void> {
    this.add(context, this.analytics.left(context.activity.conversation.id));
  }

  /** Into the turn's analytics, or straight on when no turn collects them (a proactive or test call). */
  private add(context: TurnContext, write: AnalyticsWrite): void {
    const writes = context.turnState.get<AnalyticsWrite[] | undefined>(TURN_WRITES);
    if (writes) writes.push(write);
    else this.analytics.record([write]);
  }
}
