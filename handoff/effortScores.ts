import { Language } from '../nlu/language';
export interface EffortScore {
  readonly conversationId: string;
  readonly customerId: string;
  readonly handoffId?: string;
  readonly channelId: string;
  readonly language: Language;
  /** Customer Effort Score, 1 (very difficult) to 7 (very easy). */
  readonly score: number;
  /** Who solved the question the score is about: the bot alone, or an agent. */
  readonly resolvedBy: 'bot' | 'agent';
  readonly createdAt: string;
}

/** Where effort scores are kept: one per conversation (asked once). */
export interface EffortScoreStore {
  record(score: EffortScore): Promise<void>;
  forConversation(conversationId: string): Promise<EffortScore | undefined>;
}
