import { Storage, StoreItems } from 'botbuilder';
import { Batcher } from './batcher';
import { insertRows } from './sql/multiRowInsert';
import { oneOf, SqlDatabase, SqlExecutor } from './sql/sqlDatabase';

interface Row {
  etag: number;
  data: string;
}

/** Thrown when a write carries an eTag that no longer matches the stored item. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/**
 * The state's JSON without its eTag, handed over under registry symbols (bots/trackedState.ts is
 * the other side): read() puts the stored text on what it returns (STORED_JSON), for comparing;
 * the tracker puts the JSON it has just made on what it writes (JSON_TO_STORE), used once here.
 */
const STORED_JSON = Symbol.for('balie.storedJson');
const JSON_TO_STORE = Symbol.for('balie.jsonToStore');

function stateJson(change: unknown): string {
  const item = change as { [JSON_TO_STORE]?: unknown } | null;
  const made = item?.[JSON_TO_STORE];
  if (typeof made !== 'string') return JSON.stringify(withoutETag(change));
  delete item![JSON_TO_STORE];
  return made;
}

function withoutETag(change: unknown): object {
  const { eTag: _eTag, ...data } = (change ?? {}) as { eTag?: string; [k: string]: unknown };
  return data;
}

/** Writes one item if its eTag allows it (new, "*", missing, or the stored one); else ETagConflictError. */
async function writeItem(db: SqlExecutor, key: string, change: unknown, now: string): Promise<void> {
  const eTag = (change as { eTag?: string } | null)?.eTag;
  const json = stateJson(change);
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
  /** Writes without an eTag condition: one multi-row upsert for the state of many turns (Batcher). */
  private readonly upserts = new Batcher<readonly (readonly unknown[])[], void>((calls) => this.upsertBatch(calls), 128);
  /** The keys asked for in this microtask (a turn's conversation and user state), read together. */
  private pendingRead?: { keys: Set<string>; rows: Promise<Map<string, Row>> };

  constructor(private readonly db: SqlDatabase) {}

  /**
   * Reads asked for together (a turn loads its conversation and user state at once) share one
   * query: on PostgreSQL every query is a round trip.
   */
  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new TypeError('Keys are required when reading');
    const rows = await this.readTogether(keys);
    const items: StoreItems = {};
    for (const key of keys) {
      const row = rows.get(key);
      if (!row) continue;
      const item = { ...(JSON.parse(row.data) as object), eTag: String(row.etag) };
      // The text as stored is the state's JSON: whoever compares for changes need not serialise it again.
      Object.defineProperty(item, STORED_JSON, { value: row.data, configurable: true });
      items[key] = item;
    }
    return items;
  }

  private readTogether(keys: readonly string[]): Promise<Map<string, Row>> {
    if (!this.pendingRead) {
      const batch = { keys: new Set<string>(), rows: Promise.resolve(new Map<string, Row>()) };
      batch.rows = new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => {
        this.pendingRead = undefined;
        return this.reads.add([...batch.keys]);
      });
      this.pendingRead = batch;
    }
    for (const key of keys) this.pendingRead.keys.add(key);
    return this.pendingRead.rows;
  }

  /** The reads of the turns that ask while a query is under way go together in the next one. */
  private readonly reads = new Batcher<readonly string[], Map<string, Row>>(async (calls) => {
    const wanted = oneOf(this.db.dialect, [...new Set(calls.flat())]);
    const rows = await this.db.all<Row & { key: string }>(`SELECT key, etag, data FROM bot_state WHERE key ${wanted.sql}`, [wanted.param]);
    const found = new Map(rows.map((row) => [row.key, row]));
    return calls.map(() => found);
  }, 128);

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new TypeError('Changes are required when writing');
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const unconditional = entries.every(([, change]) => {
      const eTag = (change as { eTag?: unknown } | null)?.eTag;
      return eTag === undefined || eTag === '*';
    });
    if (unconditional) return this.upsertTogether(entries);
    const now = new Date().toISOString();
    // One item is one statement, atomic by itself; a batch is all or nothing in a transaction.
    if (entries.length === 1) return writeItem(this.db, entries[0][0], entries[0][1], now);
    await this.db.transaction(async (tx) => {
      for (const [key, change] of entries) await writeItem(tx, key, change, now);
    });
  }

  /**
   * Writes without an eTag condition (what Balie's turns save) wait while one upsert is under
   * way and then go together in the next: one statement (on PostgreSQL, one round trip) for the
   * state of many turns. One statement is atomic, so a call's items are written all or none.
   */
  private upsertTogether(entries: readonly [string, unknown][]): Promise<void> {
    const now = new Date().toISOString();
    return this.upserts.add(entries.map(([key, change]) => [key, stateJson(change), now, 1]));
  }

  private async upsertBatch(calls: (readonly (readonly unknown[])[])[]): Promise<void[]> {
    // A key twice in one statement is an error in PostgreSQL: the later write wins, as it would have.
    const byKey = new Map<unknown, readonly unknown[]>();
    for (const rows of calls) for (const row of rows) byKey.set(row[0], row);
    await insertRows(
      this.db,
      'INSERT INTO bot_state (key, data, updated_at, etag) VALUES',
      'ON CONFLICT (key) DO UPDATE SET etag = bot_state.etag + 1, data = excluded.data, updated_at = excluded.updated_at',
      // In key order: two instances upserting overlapping keys lock them in the same order (no deadlock).
      [...byKey.values()].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
    );
    return calls.map(() => undefined);
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new TypeError('Keys are required when deleting');
    await this.db.transaction(async (tx) => {
      for (const key of keys) await tx.run('DELETE FROM bot_state WHERE key = ?', [key]);
    });
  }
}
