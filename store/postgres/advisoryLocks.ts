import { Client, ClientConfig } from 'pg';
import type { Logger } from 'pino';
import { ClusterLocks, KeyedMutex, LockWaitObserver } from '../../cluster/clusterLocks';

/** A key's connection: a small string hash, stable for the life of the process. */
function slotOf(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % CONNECTIONS;
}

const FIRST_RETRY_MS = 5;
const MAX_RETRY_MS = 100;

/** Lock connections per instance: a key always uses the same one (a session lock is released where it was taken). */
const CONNECTIONS = 4;

/**
 * Cluster locks as PostgreSQL session advisory locks, held on a few dedicated connections
 * per instance: no pooled connection and no transaction stays open while the lock is held
 * (a turn may call the order system or a channel meanwhile). Within the instance a key is
 * first taken in memory, so the database sees one request per key; across instances a busy
 * key is retried with a short back-off. When an instance dies its connections close and the
 * server releases its locks at once.
 */
export class AdvisoryLocks implements ClusterLocks {
  private readonly local = new KeyedMutex();
  private readonly clients: (Promise<Client> | undefined)[] = Array.from({ length: CONNECTIONS }, () => undefined);
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
    } catch (error) {
      release();
      throw error;
    }
    this.observeWait(Number(process.hrtime.bigint() - started) / 1e9);
    try {
      return await work();
    } finally {
      await this.unlock(key);
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
    const opening = this.clients.filter((client): client is Promise<Client> => client !== undefined);
    for (let slot = 0; slot < CONNECTIONS; slot++) this.clients[slot] = undefined;
    for (const client of await Promise.all(opening.map((c) => c.catch(() => undefined)))) await client?.end().catch(() => undefined);
  }

  private async tryLock(key: string): Promise<boolean> {
    const client = await this.connection(key);
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [key]);
    return result.rows[0].locked;
  }

  private async unlock(key: string): Promise<void> {
    try {
      const client = await this.connection(key);
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    } catch (error) {
      // The connection is gone, and with it the lock: nothing left to release.
      this.logger.warn({ err: error, key }, 'could not release an advisory lock');
    }
  }

  /** The lock connection for a key, opened on first use and again after it broke. */
  private connection(key: string): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('the lock connections are closed'));
    const slot = slotOf(key);
    const existing = this.clients[slot];
    if (existing) return existing;
    const client = new Client(this.config);
    const opening: Promise<Client> = client.connect().then(() => client);
    const dropped = (error?: Error) => {
      if (this.closed) return;
      // Every lock held on it was released by the server; in-flight work finishes unserialised.
      this.logger.warn({ err: error, held: this.local.held }, 'lost a PostgreSQL lock connection');
      if (this.clients[slot] === opening) this.clients[slot] = undefined;
    };
    client.on('error', dropped);
    client.on('end', () => dropped());
    opening.catch(() => {
      if (this.clients[slot] === opening) this.clients[slot] = undefined;
    });
    this.clients[slot] = opening;
    return opening;
  }
}
