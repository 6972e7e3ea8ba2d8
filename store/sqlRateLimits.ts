import { RateLimiterAbstract, RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible';
import { LimitDecision, Limiter, LimitPolicy, RateLimits } from '../cluster/rateLimits';
import { PostgresDatabase } from './sql/postgresDatabase';
import { SqlDatabase } from './sql/sqlDatabase';
import { SqliteDatabase } from './sql/sqliteDatabase';

const TABLE = 'rate_limits';

/**
 * rate-limiter-flexible on the service's own database: its PostgreSQL store on the pool, its
 * SQLite store on the one connection (atomic upserts, so concurrent attempts cannot slip
 * past a limit). The table comes from the migrations; expired rows go in a periodic job.
 */
export class SqlRateLimits implements RateLimits {
  constructor(private readonly db: SqlDatabase) {}

  limiter(name: string, policy: LimitPolicy): Limiter {
    const options = {
      keyPrefix: name,
      points: policy.points,
      duration: policy.windowSeconds,
      blockDuration: policy.blockSeconds ?? 0,
      tableName: TABLE,
      tableCreated: true,
      clearExpiredByTimeout: false,
    };
    const limiter: RateLimiterAbstract =
      this.db instanceof PostgresDatabase
        ? new RateLimiterPostgres({ ...options, storeClient: this.db.pool })
        : new RateLimiterSQLite({ ...options, storeClient: (this.db as SqliteDatabase).connection, storeType: 'better-sqlite3' });
    return new RateLimiterAdapter(limiter, policy.points);
  }

  removeExpired(): Promise<number> {
    return this.db.run(`DELETE FROM ${TABLE} WHERE expire IS NOT NULL AND expire < ?`, [Date.now() - 60_000]);
  }
}

class RateLimiterAdapter implements Limiter {
  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly points: number,
  ) {}

  async consume(key: string, points = 1): Promise<LimitDecision> {
    try {
      const result = await this.limiter.consume(key, points);
      return { allowed: true, consumed: result.consumedPoints, retryAfterSeconds: 0 };
    } catch (refusal) {
      // rate-limiter-flexible refuses with a RateLimiterRes; anything else is the store failing.
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, consumed: refusal.consumedPoints, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    }
  }

  async peek(key: string): Promise<number> {
    return (await this.limiter.get(key))?.consumedPoints ?? 0;
  }

  async refund(key: string, points = 1): Promise<void> {
    await this.limiter.reward(key, points);
  }

  async block(key: string, seconds: number): Promise<void> {
    await this.limiter.block(key, seconds);
  }

  async waitSeconds(key: string): Promise<number> {
    const state = await this.limiter.get(key);
    return state && state.consumedPoints > this.points ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0;
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}
