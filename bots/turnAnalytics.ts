import { TurnContext } from 'botbuilder';
import { ConversationAnalytics } from '../analytics/recorder';
import { BotResolutionTrigger, MessageOutcome } from '../analytics/types';
import { FeedbackRecorder, UnderstoodMessage } from '../dialogs/feedbackRecorder';
import { EffortScoreStore } from '../handoff/effortScores';
import { Language } from '../nlu/language';

/** The dialogs' FeedbackRecorder on top of analytics storage: takes the ids from the turn. */
export class TurnAnalytics implements FeedbackRecorder {
  constructor(
    private readonly analytics: ConversationAnalytics,
    private readonly effortScores: EffortScoreStore,
    private readonly clock: () => Date,
  ) {}

  message(context: TurnContext, message: UnderstoodMessage): Promise<number> {
    const activity = context.activity;
    return this.analytics.message(
      { conversationId: activity.conversation.id, customerId: activity.from.id, channel: activity.channelId, language: message.language },
      { text: message.text, intent: message.intent, confidence: message.confidence, candidate: message.candidate, outcome: 'input' },
    );
  }

  /** A message the customer wrote to the agent who has the conversation: a customer turn the bot did not handle. */
  async toAgent(context: TurnContext, language: Language): Promise<void> {
    const activity = context.activity;
    if (!activity.text) return;
    await this.analytics.message(
      { conversationId: activity.conversation.id, customerId: activity.from.id, channel: activity.channelId, language },
      { text: activity.text, intent: 'none', confidence: 0, outcome: 'agent' },
    );
  }

  outcome(messageId: number, outcome: MessageOutcome, intent?: string): Promise<void> {
    return this.analytics.outcome(messageId, outcome, intent);
  }

  botResolved(context: TurnContext, trigger: BotResolutionTrigger): Promise<void> {
    return this.analytics.botResolved(context.activity.conversation.id, trigger);
  }

  answerFeedback(context: TurnContext, intent: string, helpful: boolean, language: Language): Promise<void> {
    return this.analytics.feedback(context.activity.conversation.id, language, intent, helpful);
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

  effortComment(context: TurnContext, comment: string): Promise<void> {
    return this.analytics.effortComment(context.activity.conversation.id, comment);
  }

  left(context: TurnContext): Promise<void> {
    return this.analytics.left(context.activity.conversation.id);
  }
}
