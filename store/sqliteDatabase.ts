import Database from 'better-sqlite3';
import { mkdirSync } from 'fs';
import { dirname } from 'path';

export type SqliteDatabase = Database.Database;

/** Schema changes in order; each runs once, inside a transaction, and is recorded in schema_version. */
const MIGRATIONS: string[] = [
  `CREATE TABLE bot_state (
     key TEXT PRIMARY KEY,
     etag INTEGER NOT NULL,
     data TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE transcript (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     conversation_id TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
     activity_type TEXT NOT NULL,
     from_id TEXT,
     text TEXT,
     timestamp TEXT NOT NULL,
     activity TEXT NOT NULL
   );
   CREATE INDEX transcript_conversation ON transcript (conversation_id, id);
   CREATE TABLE orders (
     order_number TEXT PRIMARY KEY,
     postcode TEXT NOT NULL,
     status TEXT NOT NULL,
     data TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE order_returns (
     id TEXT PRIMARY KEY,
     order_number TEXT NOT NULL REFERENCES orders (order_number),
     sku TEXT NOT NULL,
     reason TEXT NOT NULL,
     conversation_id TEXT,
     created_at TEXT NOT NULL
   );`,
  `CREATE TABLE handoffs (
     id TEXT PRIMARY KEY,
     reference TEXT NOT NULL UNIQUE,
     conversation_id TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     customer_id TEXT NOT NULL,
     language TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('queued', 'agent', 'ticket', 'resolved', 'abandoned')),
     reason TEXT NOT NULL,
     priority INTEGER NOT NULL,
     agent_id TEXT,
     created_at TEXT NOT NULL,
     accepted_at TEXT,
     closed_at TEXT,
     note TEXT,
     context TEXT NOT NULL,
     conversation_reference TEXT NOT NULL,
     last_told_position INTEGER
   );
   -- At most one handoff holds a conversation at a time.
   CREATE UNIQUE INDEX handoffs_one_open ON handoffs (conversation_id) WHERE state IN ('queued', 'agent');
   CREATE INDEX handoffs_state ON handoffs (state, created_at);
   CREATE INDEX handoffs_customer ON handoffs (customer_id, created_at);
   CREATE TABLE handoff_events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     handoff_id TEXT NOT NULL REFERENCES handoffs (id),
     from_state TEXT NOT NULL,
     to_state TEXT NOT NULL,
     actor TEXT NOT NULL,
     at TEXT NOT NULL,
     detail TEXT
   );
   CREATE INDEX handoff_events_handoff ON handoff_events (handoff_id, id);`,
  `CREATE TABLE agents (
     id TEXT PRIMARY KEY,
     username TEXT NOT NULL UNIQUE COLLATE NOCASE,
     name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor')),
     password_hash TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'away', 'offline')),
     last_seen TEXT,
     created_at TEXT NOT NULL
   );
   CREATE TABLE agent_tokens (
     token_hash TEXT PRIMARY KEY,
     agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
     expires_at TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE outbox (
     id TEXT PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     handoff_id TEXT NOT NULL REFERENCES handoffs (id),
     agent_id TEXT NOT NULL,
     text TEXT NOT NULL,
     created_at TEXT NOT NULL,
     delivered_at TEXT,
     attempts INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX outbox_pending ON outbox (delivered_at, created_at);
   CREATE TABLE ces_responses (
     conversation_id TEXT PRIMARY KEY,
     customer_id TEXT NOT NULL,
     handoff_id TEXT,
     channel_id TEXT NOT NULL,
     language TEXT NOT NULL,
     score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 7),
     created_at TEXT NOT NULL
   );
   CREATE INDEX ces_customer ON ces_responses (customer_id, created_at);
   CREATE INDEX transcript_from ON transcript (from_id, direction);`,
  `CREATE TABLE directline_conversations (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE directline_activities (
     conversation_id TEXT NOT NULL REFERENCES directline_conversations (id),
     seq INTEGER NOT NULL,
     activity TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (conversation_id, seq)
   );
   CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
  `CREATE TABLE slack_events (
     id TEXT PRIMARY KEY,
     received_at TEXT NOT NULL
   );
   CREATE TABLE customer_identities (
     identity TEXT NOT NULL,
     customer_id TEXT NOT NULL,
     conversation_id TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     at TEXT NOT NULL,
     PRIMARY KEY (identity, conversation_id)
   );
   CREATE INDEX customer_identities_conversation ON customer_identities (conversation_id);`,
  `CREATE TABLE analytics_conversations (
     conversation_id TEXT PRIMARY KEY,
     customer_id TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     language TEXT NOT NULL,
     started_at TEXT NOT NULL,
     last_message_at TEXT NOT NULL,
     bot_resolved_at TEXT,
     bot_resolution TEXT,
     left_at TEXT
   );
   CREATE INDEX analytics_conversations_started ON analytics_conversations (started_at);
   -- Customer messages as analytics sees them: personal data masked, with what the bot did.
   CREATE TABLE analytics_messages (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     conversation_id TEXT NOT NULL REFERENCES analytics_conversations (conversation_id),
     at TEXT NOT NULL,
     language TEXT NOT NULL,
     text TEXT NOT NULL,
     intent TEXT NOT NULL,
     confidence REAL NOT NULL,
     candidate TEXT,
     outcome TEXT NOT NULL
   );
   CREATE INDEX analytics_messages_conversation ON analytics_messages (conversation_id, id);
   CREATE TABLE answer_feedback (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     conversation_id TEXT NOT NULL,
     intent TEXT NOT NULL,
     helpful INTEGER NOT NULL,
     language TEXT NOT NULL,
     at TEXT NOT NULL
   );
   CREATE INDEX answer_feedback_conversation ON answer_feedback (conversation_id);
   ALTER TABLE ces_responses ADD COLUMN resolved_by TEXT NOT NULL DEFAULT 'agent';
   ALTER TABLE ces_responses ADD COLUMN comment TEXT;
   -- Examples supervisors added from the dashboard, trained on top of the content pack.
   CREATE TABLE content_overlay_examples (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     intent TEXT NOT NULL,
     language TEXT NOT NULL,
     text TEXT NOT NULL,
     added_by TEXT NOT NULL,
     added_at TEXT NOT NULL,
     UNIQUE (intent, language, text)
   );`,
];

/** A setting that must outlive restarts (a signing key, say): read it, or store `create()` the first time. */
export function persistentSetting(db: SqliteDatabase, key: string, create: () => string): string {
  db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, create());
  return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string }).value;
}

/** Opens (and creates or migrates) the SQLite file; WAL so readers never block the writer. */
export function openSqliteDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1]);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(version);
    })();
  }
  return db;
}

const statements = new WeakMap<SqliteDatabase, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per database connection (queries on every turn need not re-parse SQL). */
export function prepared<P extends unknown[] | {} = unknown[], R = unknown>(db: SqliteDatabase, sql: string): Database.Statement<P, R> {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement as unknown as Database.Statement<P, R>;
}

/** True when a trivial query succeeds: what /readyz means by "storage reachable". */
export function isDatabaseReachable(db: SqliteDatabase): boolean {
  try {
    return db.open && (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
  } catch {
    return false;
  }
}
