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

/** One write to analytics storage. Analytics is written behind the turn, in batches, in this shape. */
export type AnalyticsWrite =
  | { readonly kind: 'message'; readonly conversation: AnalyticsConversation; readonly message: RecordedMessage }
  /** The first bot resolution of a conversation counts; later ones are ignored. */
  | { readonly kind: 'botResolution'; readonly conversationId: string; readonly trigger: BotResolutionTrigger; readonly at: string }
  | { readonly kind: 'feedback'; readonly conversationId: string; readonly language: Language; readonly feedback: AnswerFeedback }
  | { readonly kind: 'left'; readonly conversationId: string; readonly at: string }
  | { readonly kind: 'effortComment'; readonly conversationId: string; readonly comment: string };

/** The storage port analytics writes to and reads from. */
export interface AnalyticsStore {
  /** Applies the writes as one transaction; each conversation's writes keep their order. */
  write(writes: readonly AnalyticsWrite[]): Promise<void>;
  /** Conversations that started in [from, to), with everything analytics needs about them. */
  histories(range: { from: Date; to: Date }): Promise<ConversationHistory[]>;
}

/** Where ConversationAnalytics puts its writes: the write-behind queue in the service, the store itself in tests. */
export interface AnalyticsSink {
  push(writes: readonly AnalyticsWrite[]): void;
  /** Resolves once everything pushed so far is stored. */
  flush(): Promise<void>;
}

/** A customer message whose outcome the router may still correct before the turn hands it on. */
export interface PendingMessage {
  outcome: MessageOutcome;
  intent: string;
}

/**
 * The one way into analytics storage: masks personal data before anything is written, so
 * no dashboard, API or export can show it. Writes go to the sink (written behind the turn);
 * reading first stores what is still queued.
 */
export class ConversationAnalytics {
  constructor(
    private readonly store: AnalyticsStore,
    private readonly sink: AnalyticsSink,
    private readonly clock: () => Date,
  ) {}

  /** A customer message, masked, as a write whose outcome (and intent) can still change until it is recorded. */
  message(conversation: AnalyticsConversation, message: Omit<RecordedMessage, 'at'>): { write: AnalyticsWrite; pending: PendingMessage } {
    const recorded = { ...message, text: maskPersonalData(message.text).slice(0, 500), at: this.now() };
    return { write: { kind: 'message', conversation, message: recorded }, pending: recorded };
  }

  botResolved(conversationId: string, trigger: BotResolutionTrigger): AnalyticsWrite {
    return { kind: 'botResolution', conversationId, trigger, at: this.now() };
  }

  feedback(conversationId: string, language: Language, intent: string, helpful: boolean): AnalyticsWrite {
    return { kind: 'feedback', conversationId, language, feedback: { intent, helpful, at: this.now() } };
  }

  left(conversationId: string): AnalyticsWrite {
    return { kind: 'left', conversationId, at: this.now() };
  }

  effortComment(conversationId: string, comment: string): AnalyticsWrite {
    return { kind: 'effortComment', conversationId, comment: maskPersonalData(comment).slice(0, 1000) };
  }

  /** Hands finished writes on, in order. */
  record(writes: readonly AnalyticsWrite[]): void {
    if (writes.length > 0) this.sink.push(writes);
  }

  async histories(range: { from: Date; to: Date }): Promise<ConversationHistory[]> {
    await this.sink.flush();
    return this.store.histories(range);
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

/** A sink that stores each push at once: for tools and tests that want no queue. */
export function directSink(store: AnalyticsStore): AnalyticsSink {
  let last: Promise<void> = Promise.resolve();
  return {
    push(writes) {
      last = last.catch(() => undefined).then(() => store.write(writes));
    },
    flush: () => last,
  };
}
