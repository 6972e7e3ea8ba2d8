import { ConsumeRequest, LimitDecision, Limiter, LimitPolicy, RateLimits } from '../cluster/rateLimits';
import { SqlDatabase } from './sql/sqlDatabase';

/**
 * A fixed window per key, counted by one atomic upsert: a window that has ended starts again
 * with these points, a running one adds them. `expire` is in epoch milliseconds (the layout
 * rate-limiter-flexible used, so rows written before carry on).
 */
const consumeStatement = (rows: number) => `INSERT INTO rate_limits (key, points, expire) VALUES ${Array(rows).fill('(?, ?, ?)').join(', ')}
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN rate_limits.expire IS NOT NULL AND rate_limits.expire <= ? THEN excluded.points ELSE rate_limits.points + excluded.points END,
    expire = CASE WHEN rate_limits.expire IS NOT NULL AND rate_limits.expire <= ? THEN excluded.expire ELSE rate_limits.expire END
  RETURNING key, points, expire`;
const CONSUME = consumeStatement(1);
const SET = `INSERT INTO rate_limits (key, points, expire) VALUES (?, ?, ?)
  ON CONFLICT (key) DO UPDATE SET points = excluded.points, expire = excluded.expire`;
const EXTEND = 'UPDATE rate_limits SET expire = ? WHERE key = ?';
const READ = 'SELECT points, expire FROM rate_limits WHERE key = ?';
const REFUND = 'UPDATE rate_limits SET points = points - ? WHERE key = ? AND (expire IS NULL OR expire > ?)';
const FORGET = 'DELETE FROM rate_limits WHERE key = ?';

interface Row {
  key?: string;
  points: number | string;
  expire: number | string | null;
}

/**
 * Rate limits on the service's own database, shared by every instance on it and kept over
 * restarts: each count is one statement (atomic, so concurrent attempts cannot slip past a
 * limit), prepared once and, on SQLite, committed with the rest of its event-loop tick.
 * Expired rows go in a periodic job.
 */
export class SqlRateLimits implements RateLimits {
  constructor(
    private readonly db: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  limiter(name: string, policy: LimitPolicy): Limiter {
    return new SqlLimiter(this.db, name, policy, this.now);
  }

  async consumeTogether(requests: readonly ConsumeRequest[]): Promise<LimitDecision[]> {
    const keys = requests.map((r) => (r.limiter instanceof SqlLimiter ? r.limiter.key(r.key) : undefined));
    // One upsert cannot touch a row twice; a limiter of another store counts on its own.
    if (keys.some((key) => key === undefined) || new Set(keys).size !== keys.length) {
      return Promise.all(requests.map((r) => r.limiter.consume(r.key, r.points)));
    }
    const now = this.now();
    // In key order: two instances counting overlapping keys lock them in the same order (no deadlock).
    const order = requests.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
    const params = order.flatMap((i) => [keys[i], requests[i].points ?? 1, now + (requests[i].limiter as SqlLimiter).policy.windowSeconds * 1000]);
    // A counter a crash may lose: the turn need not wait for its commit (it commits with the turn's first write).
    const rows = await this.db.allBeforeCommit<Row>(consumeStatement(requests.length), [...params, now, now]);
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return Promise.all(requests.map((r, i) => (r.limiter as SqlLimiter).decide(keys[i]!, byKey.get(keys[i])!, r.points ?? 1, now)));
  }

  removeExpired(): Promise<number> {
    return this.db.run('DELETE FROM rate_limits WHERE expire IS NOT NULL AND expire < ?', [this.now() - 60_000]);
  }
}

class SqlLimiter implements Limiter {
  constructor(
    private readonly db: SqlDatabase,
    private readonly name: string,
    readonly policy: LimitPolicy,
    private readonly now: () => number,
  ) {}

  async consume(key: string, points = 1): Promise<LimitDecision> {
    const now = this.now();
    const id = this.key(key);
    const [row] = await this.db.allBeforeCommit<Row>(CONSUME, [id, points, now + this.policy.windowSeconds * 1000, now, now]);
    return this.decide(id, row, points, now);
  }

  /** What a count came to: allowed, or refused until the window (or the block it starts) ends. */
  async decide(id: string, row: Row, points: number, now: number): Promise<LimitDecision> {
    const consumed = Number(row.points);
    if (consumed <= this.policy.points) return { allowed: true, consumed, retryAfterSeconds: 0 };
    let until = row.expire === null ? now : Number(row.expire);
    // The attempt that first goes over the limit starts the block; later ones wait it out.
    if (this.policy.blockSeconds && consumed - points <= this.policy.points) {
      until = now + this.policy.blockSeconds * 1000;
      await this.db.run(EXTEND, [until, id]);
    }
    return { allowed: false, consumed, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
  }

  async peek(key: string): Promise<number> {
    return (await this.live(key))?.points ?? 0;
  }

  async refund(key: string, points = 1): Promise<void> {
    await this.db.run(REFUND, [points, this.key(key), this.now()]);
  }

  async block(key: string, seconds: number): Promise<void> {
    await this.db.run(SET, [this.key(key), this.policy.points + 1, this.now() + seconds * 1000]);
  }

  async waitSeconds(key: string): Promise<number> {
    const state = await this.live(key);
    return state && state.points > this.policy.points ? Math.max(1, Math.ceil(state.msLeft / 1000)) : 0;
  }

  async reset(key: string): Promise<void> {
    await this.db.run(FORGET, [this.key(key)]);
  }

  key(key: string): string {
    return `${this.name}:${key}`;
  }

  /** The key's count in its running window; undefined when it has none. */
  private async live(key: string): Promise<{ points: number; msLeft: number } | undefined> {
    const row = await this.db.get<Row>(READ, [this.key(key)]);
    if (!row) return undefined;
    const now = this.now();
    if (row.expire !== null && Number(row.expire) <= now) return undefined;
    return { points: Number(row.points), msLeft: row.expire === null ? Infinity : Number(row.expire) - now };
  }
}
