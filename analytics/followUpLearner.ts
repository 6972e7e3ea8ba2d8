import { nextQuestions } from './contentInsights';
import { ConversationHistory } from './types';

export interface FollowUpLearning {
  /** Conversations a next question needs before it is suggested. */
  readonly minConversations: number;
  /** …and the share of the topic's follow-ups it must have. */
  readonly minShare: number;
  /** How far back to look. */
  readonly days: number;
}

export const DEFAULT_FOLLOW_UP_LEARNING: FollowUpLearning = { minConversations: 5, minShare: 0.25, days: 30 };

/**
 * The data-driven follow-up: for each topic, the question customers most often ask next,
 * once it has been seen often enough. Recomputed in the background, read on every answer.
 */
export class FollowUpLearner {
  private learned = new Map<string, string>();

  constructor(
    private readonly histories: (range: { from: Date; to: Date }) => Promise<ConversationHistory[]>,
    private readonly clock: () => Date,
    private readonly options: FollowUpLearning = DEFAULT_FOLLOW_UP_LEARNING,
  ) {}

  async refresh(): Promise<void> {
    const to = this.clock();
    const from = new Date(to.getTime() - this.options.days * 24 * 60 * 60 * 1000);
    const learned = new Map<string, string>();
    for (const topic of nextQuestions(await this.histories({ from, to }))) {
      const top = topic.next[0];
      if (top && top.count >= this.options.minConversations && top.count / topic.followedBy >= this.options.minShare) learned.set(topic.intent, top.intent);
    }
    this.learned = learned;
  }

  /** The learned next question after `intent`, if there is one. */
  suggestionsFor(intent: string): string[] {
    const next = this.learned.get(intent);
    return next ? [next] : [];
  }
}
