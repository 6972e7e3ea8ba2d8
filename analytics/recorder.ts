import { Language } from '../nlu/language';
import { maskPersonalData } from '../privacy/masking';
import { AnswerFeedback, BotResolutionTrigger, ConversationHistory, MessageOutcome } from './types';

/** Where a conversation's analytics come from (the channel's ids). */
export interface AnalyticsConversation {
  readonly conversationId: string;
  readonly customerId: string;
  readonly channel: string;
  readonly language: Language;
}

export interface RecordedMessage {
  readonly at: string;
  readonly text: string;
  readonly intent: string;
  readonly confidence: number;
  readonly candidate?: string;
  readonly outcome: MessageOutcome;
}

/** The storage port analytics writes to and reads from (SQLite by default). */
export interface AnalyticsStore {
  addMessage(conversation: AnalyticsConversation, message: RecordedMessage): Promise<number>;
  setOutcome(messageId: number, outcome: MessageOutcome, intent?: string): Promise<void>;
  /** The first bot resolution of a conversation counts; later ones are ignored. */
  setBotResolution(conversationId: string, trigger: BotResolutionTrigger, at: string): Promise<void>;
  addFeedback(conversationId: string, language: Language, feedback: AnswerFeedback): Promise<void>;
  setLeft(conversationId: string, at: string): Promise<void>;
  setEffortComment(conversationId: string, comment: string): Promise<void>;
  /** Conversations that started in [from, to), with everything analytics needs about them. */
  histories(range: { from: Date; to: Date }): Promise<ConversationHistory[]>;
}

/**
 * The one way into analytics storage: masks personal data before anything is written, so
 * no dashboard, API or export can show it.
 */
export class ConversationAnalytics {
  constructor(
    private readonly store: AnalyticsStore,
    private readonly clock: () => Date,
  ) {}

  /** Records a customer message; its outcome can be corrected once the bot has decided what to do. */
  message(conversation: AnalyticsConversation, message: Omit<RecordedMessage, 'at'>): Promise<number> {
    return this.store.addMessage(conversation, { ...message, text: maskPersonalData(message.text).slice(0, 500), at: this.now() });
  }

  outcome(messageId: number, outcome: MessageOutcome, intent?: string): Promise<void> {
    return this.store.setOutcome(messageId, outcome, intent);
  }

  botResolved(conversationId: string, trigger: BotResolutionTrigger): Promise<void> {
    return this.store.setBotResolution(conversationId, trigger, this.now());
  }

  feedback(conversationId: string, language: Language, intent: string, helpful: boolean): Promise<void> {
    return this.store.addFeedback(conversationId, language, { intent, helpful, at: this.now() });
  }

  left(conversationId: string): Promise<void> {
    return this.store.setLeft(conversationId, this.now());
  }

  effortComment(conversationId: string, comment: string): Promise<void> {
    return this.store.setEffortComment(conversationId, maskPersonalData(comment).slice(0, 1000));
  }

  histories(range: { from: Date; to: Date }): Promise<ConversationHistory[]> {
    return this.store.histories(range);
  }

  private now(): string {
    return this.clock().toISOString();
  }
}
