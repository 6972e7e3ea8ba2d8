import { AnalyticsSink, AnalyticsStore, AnalyticsWrite } from './recorder';

export interface WriteBehindOptions {
  /** How long a write may wait before it is stored (the most a crash can lose). */
  readonly delayMs: number;
  /** At most this many writes wait; beyond it (storage down for long) the oldest are dropped, and counted. */
  readonly maxQueued: number;
  /** Told when a batch could not be stored (it is kept and tried again) and when writes were dropped. */
  readonly onError: (error: unknown, queued: number) => void;
  readonly onDropped: (count: number) => void;
}

/**
 * Analytics written behind the turn: a turn hands its analytics here and answers the customer
 * without waiting for them; they are stored together, in one transaction, at most `delayMs`
 * later. Only analytics go this way (DESIGN: what the customer said and what the bot answered
 * is stored before the answer leaves). A clean stop stores what is queued; a crash loses at most
 * the last `delayMs` of analytics (docs/BENCHMARKS.md says so).
 */
export class WriteBehindQueue implements AnalyticsSink {
  private queue: AnalyticsWrite[] = [];
  private timer?: NodeJS.Timeout;
  /** The flush under way; flushes run one at a time, in order. */
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: AnalyticsStore,
    private readonly options: WriteBehindOptions,
  ) {}

  push(writes: readonly AnalyticsWrite[]): void {
    this.queue.push(...writes);
    const excess = this.queue.length - this.options.maxQueued;
    if (excess > 0) {
      this.queue.splice(0, excess);
      this.options.onDropped(excess);
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.options.delayMs);
      // A queue with writes in it must not keep a stopping process alive: stop() flushes.
      this.timer.unref();
    }
  }

  /** Stores everything queued so far; rejects if that failed (the writes stay queued and are tried again). */
  flush(): Promise<void> {
    const run = this.flushing.catch(() => undefined).then(() => this.writeQueued());
    this.flushing = run;
    return run;
  }

  /** Stops the timer and stores what is queued. */
  async stop(): Promise<void> {
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async writeQueued(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      await this.store.write(batch);
    } catch (error) {
      // Back in front, in order, and tried again after the delay.
      this.queue = [...batch, ...this.queue];
      this.options.onError(error, this.queue.length);
      this.push([]);
      throw error;
    }
  }
}
