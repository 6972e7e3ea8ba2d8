/**
 * Group commit for requests to the database: while one batch is under way, new requests wait
 * and then go together in the next, in the order they were made. An idle batcher sends a
 * request at once, so it adds no latency; under load, many turns share one statement (on
 * PostgreSQL, one round trip). A batch that fails fails each of its requests.
 */
export class Batcher<T, R> {
  private waiting: { item: T; resolve(result: R): void; reject(error: unknown): void }[] = [];
  private running = false;

  constructor(
    /** Handles a batch; answers one result per item, in order. */
    private readonly handle: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = Number.POSITIVE_INFINITY,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          const results = await this.handle(batch.map((w) => w.item));
          batch.forEach((w, i) => w.resolve(results[i]));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
