import { ConsumeRequest, LimitDecision, Limiter, LimitPolicy, RateLimits } from '../cluster/rateLimits';
import { Batcher } from './batcher';
import { SqlDatabase, SqlDialect } from './sql/sqlDatabase';

/**
 * A fixed window per key, counted by one atomic upsert: a window that has ended starts again
 * with these points, a running one adds them. `expire` is in epoch milliseconds (the layout
 * rate-limiter-flexible used, so rows written before carry on).
 */
const UPSERT_COUNTS = `ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN rate_limits.expire IS NOT NULL AND rate_limits.expire <= ? THEN excluded.points ELSE rate_limits.points + excluded.points END,
    expire = CASE WHEN rate_limits.expire IS NOT NULL AND rate_limits.expire <= ? THEN excluded.expire ELSE rate_limits.expire END
  RETURNING key, points, expire`;
const CONSUME = `INSERT INTO rate_limits (key, points, expire) VALUES (?, ?, ?) ${UPSERT_COUNTS}`;

/**
 * The counts of many keys as one statement whose text does not depend on how many there are
 * (one prepared statement, on PostgreSQL one per connection): the rows come as arrays
 * (PostgreSQL, upserted in the order given) or as a JSON list (SQLite, which has one writer at a
 * time; `WHERE true` keeps it from reading ON CONFLICT as part of the SELECT).
 */
function consumeMany(dialect: SqlDialect, rows: readonly (readonly [string, number, number])[]): { sql: string; params: unknown[] } {
  if (dialect === 'postgres')
    return {
      sql: `INSERT INTO rate_limits (key, points, expire)
        SELECT key, points, expire FROM unnest(?::text[], ?::integer[], ?::bigint[]) WITH ORDINALITY AS counted(key, points, expire, n) ORDER BY n
        ${UPSERT_COUNTS}`,
      params: [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
    };
  return {
    sql: `INSERT INTO rate_limits (key, points, expire)
      SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE true
      ${UPSERT_COUNTS}`,
    params: [JSON.stringify(rows)],
  };
}

const SET = `INSERT INTO rate_limits (key, points, expire) VALUES (?, ?, ?)
  ON CONFLICT (key) DO UPDATE SET points = excluded.points, expire = excluded.expire`;
const EXTEND = 'UPDATE rate_limits SET expire = ? WHERE key = ?';
const READ = 'SELECT points, expire FROM rate_limits WHERE key = ?';
const REFUND = 'UPDATE rate_limits SET points = points - ? WHERE key = ? AND (expire IS NULL OR expire > ?)';
const FORGET = 'DELETE FROM rate_limits WHERE key = ?';

/** One key of one consumeTogether call. */
interface KeyCount {
  readonly limiter: SqlLimiter;
  readonly key: string;
  readonly points: number;
}

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
    // A limiter of another store counts on its own.
    if (!requests.every((r) => r.limiter instanceof SqlLimiter)) return Promise.all(requests.map((r) => r.limiter.consume(r.key, r.points)));
    return this.counts.add(requests.map((r) => ({ limiter: r.limiter as SqlLimiter, key: (r.limiter as SqlLimiter).key(r.key), points: r.points ?? 1 })));
  }

  /**
   * The counts of every turn that asks while a statement is under way go together in the next
   * one (Batcher): on PostgreSQL one round trip for many turns. One upsert cannot touch a row
   * twice, so a key counted by several turns (the same address) is summed, and each count's
   * own result is worked out in the order asked: what the key had before the statement, plus
   * the points counted up to and including it.
   */
  private readonly counts = new Batcher<readonly KeyCount[], LimitDecision[]>((calls) => this.countBatch(calls), 64);

  private async countBatch(calls: (readonly KeyCount[])[]): Promise<LimitDecision[][]> {
    const now = this.now();
    const totals = new Map<string, { points: number; expire: number }>();
    for (const count of calls.flat()) {
      const total = totals.get(count.key);
      if (total) total.points += count.points;
      else totals.set(count.key, { points: count.points, expire: now + count.limiter.policy.windowSeconds * 1000 });
    }
    // In key order: two instances counting overlapping keys lock them in the same order (no deadlock).
    const keys = [...totals.keys()].sort();
    const { sql, params } = consumeMany(
      this.db.dialect,
      keys.map((key) => [key, totals.get(key)!.points, totals.get(key)!.expire]),
    );
    // A counter a crash may lose: the turn need not wait for its commit (it commits with the turn's first write).
    const rows = await this.db.allBeforeCommit<Row>(sql, [...params, now, now]);
    const stored = new Map(rows.map((row) => [row.key!, row]));
    /** Points counted so far in this batch, per key. */
    const counted = new Map<string, number>();
    const decide = ({ limiter, key, points }: KeyCount) => {
      const row = stored.get(key)!;
      counted.set(key, (counted.get(key) ?? 0) + points);
      const consumed = Number(row.points) - totals.get(key)!.points + counted.get(key)!;
      return limiter.decide(key, { points: consumed, expire: row.expire }, points, now);
    };
    return Promise.all(calls.map((call) => Promise.all(call.map(decide))));
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
