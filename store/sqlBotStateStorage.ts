import { Storage, StoreItems } from 'botbuilder';
import { SqlDatabase, SqlExecutor } from './sql/sqlDatabase';

/** Thrown when a write carries an eTag that no longer matches the stored item. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/** Writes one item if its eTag allows it (new, "*", missing, or the stored one); else ETagConflictError. */
async function writeItem(db: SqlExecutor, key: string, change: unknown, now: string): Promise<void> {
  const { eTag, ...data } = (change ?? {}) as { eTag?: string; [k: string]: unknown };
  const json = JSON.stringify(data);
  if (eTag === undefined || eTag === '*') {
    await db.run(
      `INSERT INTO bot_state (key, etag, data, updated_at) VALUES (?, 1, ?, ?)
       ON CONFLICT (key) DO UPDATE SET etag = bot_state.etag + 1, data = excluded.data, updated_at = excluded.updated_at`,
      [key, json, now],
    );
    return;
  }
  // New, or stored with this very eTag; anything else is someone else's newer write.
  const written = await db.run(
    `INSERT INTO bot_state (key, etag, data, updated_at) VALUES (?, 1, ?, ?)
     ON CONFLICT (key) DO UPDATE SET etag = bot_state.etag + 1, data = excluded.data, updated_at = excluded.updated_at
     WHERE bot_state.etag = ?`,
    [key, json, now, /^\d+$/.test(eTag) ? Number(eTag) : -1],
  );
  if (written !== 1) throw new ETagConflictError(key);
}

/**
 * Bot Framework `Storage` with optimistic concurrency: a write succeeds when the item is new,
 * its eTag is "*" or missing, or it equals the stored one; a batch is atomic. The check and
 * the write are one statement, so two instances writing the same item cannot both win.
 */
export class SqlBotStateStorage implements Storage {
  constructor(private readonly db: SqlDatabase) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new TypeError('Keys are required when reading');
    const items: StoreItems = {};
    for (const key of keys) {
      const row = await this.db.get<{ etag: number; data: string }>('SELECT etag, data FROM bot_state WHERE key = ?', [key]);
      if (row) items[key] = { ...(JSON.parse(row.data) as object), eTag: String(row.etag) };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new TypeError('Changes are required when writing');
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const now = new Date().toISOString();
    // One item is one statement, atomic by itself; a batch is all or nothing in a transaction.
    if (entries.length === 1) return writeItem(this.db, entries[0][0], entries[0][1], now);
    await this.db.transaction(async (tx) => {
      for (const [key, change] of entries) await writeItem(tx, key, change, now);
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new TypeError('Keys are required when deleting');
    await this.db.transaction(async (tx) => {
      for (const key of keys) await tx.run('DELETE FROM bot_state WHERE key = ?', [key]);
    });
  }
}
