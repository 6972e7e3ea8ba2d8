import { Client, ClientConfig } from 'pg';
import type { Logger } from 'pino';
import { ClusterLocks, KeyedMutex, LockWaitObserver } from '../../cluster/clusterLocks';

const FIRST_RETRY_MS = 5;
const MAX_RETRY_MS = 100;

/**
 * Cluster locks as PostgreSQL session advisory locks, all held on one dedicated connection
 * per instance: no pooled connection and no transaction stays open while the lock is held
 * (a turn may call the order system or a channel meanwhile). Within the instance a key is
 * first taken in memory, so the database sees one request per key; across instances a busy
 * key is retried with a short back-off. When an instance dies its connection closes and the
 * server releases its locks at once.
 */
export class AdvisoryLocks implements ClusterLocks {
  private readonly local = new KeyedMutex();
  private client?: Promise<Client>;
  private closed = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly logger: Logger,
    private readonly observeWait: LockWaitObserver = () => undefined,
  ) {}

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    const release = await this.local.acquire(key);
    try {
      for (let delay = FIRST_RETRY_MS; !(await this.tryLock(key)); delay = Math.min(delay * 2, MAX_RETRY_MS)) {
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
      this.observeWait(Number(process.hrtime.bigint() - started) / 1e9);
      try {
        return await work();
      } finally {
        await this.unlock(key);
      }
    } finally {
      release();
    }
  }

  async tryWithLock<T>(key: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const release = this.local.tryAcquire(key);
    if (!release) return { ran: false };
    try {
      if (!(await this.tryLock(key))) return { ran: false };
      try {
        return { ran: true, value: await work() };
      } finally {
        await this.unlock(key);
      }
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = await this.client?.catch(() => undefined);
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async tryLock(key: string): Promise<boolean> {
    const client = await this.connection();
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [key]);
    return result.rows[0].locked;
  }

  private async unlock(key: string): Promise<void> {
    try {
      const client = await this.connection();
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    } catch (error) {
      // The connection is gone, and with it the lock: nothing left to release.
      this.logger.warn({ err: error, key }, 'could not release an advisory lock');
    }
  }

  /** The lock connection, opened on first use and again after it broke. */
  private connection(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('the lock connection is closed'));
    if (!this.client) {
      const client = new Client(this.config);
      const dropped = (error?: Error) => {
        if (this.closed) return;
        // Every lock held on it was released by the server; in-flight work finishes unserialised.
        this.logger.warn({ err: error, held: this.local.held }, 'lost the PostgreSQL lock connection');
        if (this.client === opening) this.client = undefined;
      };
      client.on('error', dropped);
      client.on('end', () => dropped());
      const opening: Promise<Client> = client.connect().then(() => client);
      opening.catch(() => {
        if (this.client === opening) this.client = undefined;
      });
      this.client = opening;
    }
    return this.client;
  }
}
