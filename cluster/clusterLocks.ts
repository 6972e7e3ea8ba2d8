/**
 * Mutual exclusion by key, across every instance of the service: turns of one conversation
 * run one at a time, a periodic job runs on one instance at a time.
 */
export interface ClusterLocks {
  /** Waits for the lock, runs `work`, releases the lock (also when `work` throws). */
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Runs `work` only if the lock is free now; `ran: false` when someone else holds it. */
  tryWithLock<T>(key: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  close(): Promise<void>;
}

/** Observes how long callers waited for locks (a Prometheus histogram in the service). */
export type LockWaitObserver = (seconds: number) => void;

/** What holding a key gives: the release, and whether someone is waiting for the key behind the holder. */
export interface MutexHold {
  (): void;
  readonly waitedFor: () => boolean;
}

/** In-process locks by key: a queue of waiters per key, forgotten when the last one leaves. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Resolves with a release function once every earlier holder of `key` has released. */
  async acquire(key: string): Promise<MutexHold> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    const hold = () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    // Someone who asked after this holder replaced its tail.
    return Object.assign(hold, { waitedFor: () => this.tails.get(key) !== tail });
  }

  /** A release function if nobody holds `key` now, else undefined. */
  tryAcquire(key: string): (() => void) | undefined {
    if (this.tails.has(key)) return undefined;
    let release!: () => void;
    const tail = new Promise<void>((resolve) => (release = resolve));
    this.tails.set(key, tail);
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  get held(): number {
    return this.tails.size;
  }
}

/** One process owns the data (the SQLite file): in-process locks are cluster locks. */
export class LocalLocks implements ClusterLocks {
  private readonly mutex = new KeyedMutex();

  constructor(private readonly observeWait: LockWaitObserver = () => undefined) {}

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    const release = await this.mutex.acquire(key);
    this.observeWait(Number(process.hrtime.bigint() - started) / 1e9);
    try {
      return await work();
    } finally {
      release();
    }
  }

  async tryWithLock<T>(key: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const release = this.mutex.tryAcquire(key);
    if (!release) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } finally {
      release();
    }
  }

  async close(): Promise<void> {}
}
