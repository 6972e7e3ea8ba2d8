import { Storage, StoreItems } from 'botbuilder';
import { SqliteDatabase } from './sqliteDatabase';

/** Thrown when a write carries an eTag that no longer matches the stored item. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/**
 * Bot Framework `Storage` on SQLite with optimistic concurrency: a write succeeds when the
 * item is new, its eTag is "*" or missing, or it equals the stored one; a batch is atomic.
 */
export class SqliteStorage implements Storage {
  private readonly selectOne;
  private readonly upsert;
  private readonly deleteOne;

  constructor(private readonly db: SqliteDatabase) {
    this.selectOne = db.prepare<[string], { etag: number; data: string }>('SELECT etag, data FROM bot_state WHERE key = ?');
    this.upsert = db.prepare(
      `INSERT INTO bot_state (key, etag, data, updated_at) VALUES (@key, @etag, @data, @now)
       ON CONFLICT (key) DO UPDATE SET etag = @etag, data = @data, updated_at = @now`,
    );
    this.deleteOne = db.prepare('DELETE FROM bot_state WHERE key = ?');
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new TypeError('Keys are required when reading');
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.selectOne.get(key);
      if (row) items[key] = { ...JSON.parse(row.data), eTag: String(row.etag) };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new TypeError('Changes are required when writing');
    this.db.transaction(() => {
      const now = new Date().toISOString();
      for (const [key, change] of Object.entries(changes)) {
        const { eTag, ...data } = (change ?? {}) as { eTag?: string; [k: string]: unknown };
        const stored = this.selectOne.get(key);
        if (stored && eTag !== undefined && eTag !== '*' && eTag !== String(stored.etag)) throw new ETagConflictError(key);
        this.upsert.run({ key, etag: (stored?.etag ?? 0) + 1, data: JSON.stringify(data), now });
      }
    })();
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new TypeError('Keys are required when deleting');
    this.db.transaction(() => {
      for (const key of keys) this.deleteOne.run(key);
    })();
  }
}
