import { Client, ClientConfig } from 'pg';
import type { Logger } from 'pino';
import { ClusterLocks, KeyedMutex, LockWaitObserver } from '../../cluster/clusterLocks';
import { Batcher } from '../batcher';

/** A key's connection: a small string hash, stable for the life of the process. */
function slotOf(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % CONNECTIONS;
}

interface LockRequest {
  readonly kind: 'lock' | 'unlock';
  readonly key: string;
}

/** Releases the first list of keys and tries to take the second, in one round trip; answers in the order asked. */
const LOCK_BATCH = `SELECT
  ARRAY(SELECT pg_advisory_unlock(hashtextextended(k, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS u(k, i) ORDER BY i) AS unlocked,
  ARRAY(SELECT pg_try_advisory_lock(hashtextextended(k, 0)) FROM unnest($2::text[]) WITH ORDINALITY AS l(k, i) ORDER BY i) AS locked`;

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
 *
 * After `withLock`'s work (a conversation's turn) the release is sent without waiting for its
 * answer: the turn answers one round trip sooner. If the conversation's next turn is already
 * waiting on this instance, it gets the lock as it is, with no release and no new lock.
 */
export class AdvisoryLocks implements ClusterLocks {
  private readonly local = new KeyedMutex();
  private readonly clients: (Promise<Client> | undefined)[] = Array.from({ length: CONNECTIONS }, () => undefined);
  /** Per connection: lock requests, one query under way at a time. */
  private readonly requests = Array.from({ length: CONNECTIONS }, (_, slot) => new Batcher<LockRequest, boolean>((batch) => this.lockBatch(slot, batch)));
  /** Per connection, how many times it was lost: a lock taken on a lost connection is not held any more. */
  private readonly epochs = new Array<number>(CONNECTIONS).fill(0);
  /** Keys held in the database for the turn that waited for them here, with the epoch of the connection they were taken on. */
  private readonly handedOn = new Map<string, number>();
  /** Keys whose release is under way: whoever takes one next waits for it. */
  private readonly releasing = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly logger: Logger,
    private readonly observeWait: LockWaitObserver = () => undefined,
  ) {}

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    const release = await this.local.acquire(key);
    let epoch: number;
    try {
      epoch = this.takeOver(key) ?? (await this.take(key));
    } catch (error) {
      release();
      throw error;
    }
    this.observeWait(Number(process.hrtime.bigint() - started) / 1e9);
    try {
      return await work();
    } finally {
      this.letGo(key, epoch, release.waitedFor());
      release();
    }
  }

  async tryWithLock<T>(key: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const release = this.local.tryAcquire(key);
    if (!release) return { ran: false };
    try {
      await this.releasing.get(key);
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
    this.handedOn.clear();
    const opening = this.clients.filter((client): client is Promise<Client> => client !== undefined);
    for (let slot = 0; slot < CONNECTIONS; slot++) this.clients[slot] = undefined;
    for (const client of await Promise.all(opening.map((c) => c.catch(() => undefined)))) await client?.end().catch(() => undefined);
  }

  private tryLock(key: string): Promise<boolean> {
    return this.request('lock', key);
  }

  /** Takes the key in the database, waiting for another instance to let go of it; resolves with the connection's epoch. */
  private async take(key: string): Promise<number> {
    await this.releasing.get(key);
    // Read before asking: should the connection be lost after the lock was taken, the lock counts as lost.
    const epoch = this.epochs[slotOf(key)];
    for (let delay = FIRST_RETRY_MS; !(await this.tryLock(key)); delay = Math.min(delay * 2, MAX_RETRY_MS)) {
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    return epoch;
  }

  /** The connection's epoch if the turn before this one left the key held for it (on a connection that is still there). */
  private takeOver(key: string): number | undefined {
    const epoch = this.handedOn.get(key);
    if (epoch === undefined) return undefined;
    this.handedOn.delete(key);
    return epoch === this.epochs[slotOf(key)] ? epoch : undefined;
  }

  /** After the work: the lock goes to the next turn waiting here, or its release is sent (and awaited by the next taker only). */
  private letGo(key: string, epoch: number, nextTurnWaiting: boolean): void {
    if (!this.closed && nextTurnWaiting && epoch === this.epochs[slotOf(key)]) this.handedOn.set(key, epoch);
    else this.releaseSoon(key);
  }

  private releaseSoon(key: string): void {
    const released = this.unlock(key).finally(() => {
      if (this.releasing.get(key) === released) this.releasing.delete(key);
    });
    this.releasing.set(key, released);
  }

  private async unlock(key: string): Promise<void> {
    try {
      await this.request('unlock', key);
    } catch (error) {
      // The connection is gone, and with it the lock: nothing left to release.
      this.logger.warn({ err: error, key }, 'could not release an advisory lock');
    }
  }

  /**
   * One lock connection runs one query at a time; what is asked meanwhile goes in the next query
   * together (Batcher): under load, the locks and unlocks of many turns cost one round trip. A
   * key is never locked and unlocked in the same query (whoever takes it next asks only after its
   * release has been answered).
   */
  private request(kind: 'lock' | 'unlock', key: string): Promise<boolean> {
    return this.requests[slotOf(key)].add({ kind, key });
  }

  private async lockBatch(slot: number, requests: LockRequest[]): Promise<boolean[]> {
    const client = await this.connection(slot);
    const keysOf = (kind: LockRequest['kind']) => requests.filter((r) => r.kind === kind).map((r) => r.key);
    const { rows } = await client.query<{ unlocked: boolean[]; locked: boolean[] }>(LOCK_BATCH, [keysOf('unlock'), keysOf('lock')]);
    const answers = { unlock: rows[0].unlocked[Symbol.iterator](), lock: rows[0].locked[Symbol.iterator]() };
    return requests.map((r) => answers[r.kind].next().value as boolean);
  }

  /** A lock connection, opened on first use and again after it broke. */
  private connection(slot: number): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('the lock connections are closed'));
    const existing = this.clients[slot];
    if (existing) return existing;
    const client = new Client(this.config);
    const opening: Promise<Client> = client.connect().then(() => client);
    const dropped = (error?: Error) => {
      if (this.closed || this.clients[slot] !== opening) return;
      // Every lock held on it was released by the server; in-flight work finishes unserialised, and
      // no lock taken on it is handed on.
      this.logger.warn({ err: error, held: this.local.held }, 'lost a PostgreSQL lock connection');
      this.clients[slot] = undefined;
      this.epochs[slot]++;
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
