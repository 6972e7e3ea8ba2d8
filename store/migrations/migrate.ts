import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { Umzug } from 'umzug';
import { SqlDatabase, SqlDialect, SqlExecutor } from '../sql/sqlDatabase';

/** The SQL files live in the source tree (tsc does not copy them): store/migrations/<dialect>/NNNN-name.sql. */
const MIGRATIONS_ROOT = resolve(__dirname, '../../../store/migrations');

/** The key of the advisory lock that lets one instance at a time migrate a PostgreSQL database. */
const POSTGRES_MIGRATION_LOCK = 'balie:migrations';

export class DatabaseTooNewError extends Error {
  constructor(
    readonly database: string,
    readonly unknown: readonly string[],
  ) {
    super(
      `${database} has migrations this version of Balie does not know (${unknown.join(', ')}): it was migrated by a newer version. ` +
        'Run that version, or restore a backup taken before the upgrade.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export interface MigrationFile {
  readonly name: string;
  readonly sql: string;
}

/** The migrations of one store, in the order they apply (by file name). */
export function migrationFiles(dialect: SqlDialect, root = MIGRATIONS_ROOT): MigrationFile[] {
  const dir = join(root, dialect);
  return readdirSync(dir)
    .filter((file) => /^\d{4}-[a-z0-9-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ name: file.replace(/\.sql$/, ''), sql: readFileSync(join(dir, file), 'utf8') }));
}

export interface MigrationResult {
  /** Migrations applied by this run, in order. */
  readonly applied: string[];
  /** The newest migration the database now has. */
  readonly current?: string;
}

const createTable = (dialect: SqlDialect) =>
  dialect === 'postgres'
    ? 'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL)'
    : 'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)';

/**
 * SQLite files made before the migrations were files kept a number in `schema_version`;
 * version N means the first N files here (they are the same statements, unchanged).
 */
async function adoptLegacyVersion(tx: SqlExecutor, files: readonly MigrationFile[]): Promise<void> {
  const legacy = await tx.get<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!legacy) return;
  const version = (await tx.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version'))?.v ?? 0;
  const now = new Date().toISOString();
  for (const file of files.slice(0, version)) {
    await tx.run('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?) ON CONFLICT DO NOTHING', [file.name, now]);
  }
  await tx.exec('DROP TABLE schema_version');
}

/**
 * Brings the database to the newest schema, with umzug keeping the order and the record
 * in `schema_migrations`. Everything runs in one transaction under a lock (PostgreSQL: an
 * advisory lock; SQLite: the write lock), so instances starting together migrate once and
 * a failed migration leaves the schema as it was. A database that has migrations this code
 * does not know was migrated by a newer version: it is refused, never touched.
 */
export async function migrate(db: SqlDatabase, files: readonly MigrationFile[] = migrationFiles(db.dialect)): Promise<MigrationResult> {
  if (db.dialect === 'postgres') return migrateInTransaction(db, files);
  // SQLite changes a constraint only by rebuilding the table, which needs foreign keys off
  // (they cannot be switched inside a transaction); they are checked before the commit instead.
  await db.exec('PRAGMA foreign_keys = OFF');
  try {
    return await migrateInTransaction(db, files);
  } finally {
    await db.exec('PRAGMA foreign_keys = ON');
  }
}

async function migrateInTransaction(db: SqlDatabase, files: readonly MigrationFile[]): Promise<MigrationResult> {
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [POSTGRES_MIGRATION_LOCK]);
    await tx.exec(createTable(tx.dialect));
    if (tx.dialect === 'sqlite') await adoptLegacyVersion(tx, files);
    const known = new Set(files.map((f) => f.name));
    const executedNames = async () => (await tx.all<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name);
    const unknown = (await executedNames()).filter((name) => !known.has(name));
    if (unknown.length > 0) throw new DatabaseTooNewError(db.description, unknown);

    const umzug = new Umzug<SqlExecutor>({
      migrations: files.map((file) => ({ name: file.name, up: async ({ context }) => context.exec(file.sql) })),
      context: tx,
      logger: undefined,
      storage: {
        executed: async () => executedNames(),
        logMigration: async ({ name, context }) =>
          void (await context.run('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)', [name, new Date().toISOString()])),
        unlogMigration: async ({ name, context }) => void (await context.run('DELETE FROM schema_migrations WHERE name = ?', [name])),
      },
    });
    const applied = (await umzug.up()).map((m) => m.name);
    if (tx.dialect === 'sqlite') {
      const broken = await tx.all<{ table: string; parent: string }>('PRAGMA foreign_key_check');
      if (broken.length > 0) throw new Error(`a migration left rows whose parent is missing: ${broken.map((b) => `${b.table} → ${b.parent}`).join(', ')}`);
    }
    const all = await executedNames();
    return { applied, current: all[all.length - 1] };
  });
}
