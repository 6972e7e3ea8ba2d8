import Database from 'better-sqlite3';
import { mkdirSync } from 'fs';
import { dirname, resolve } from 'path';
import { SqlDatabase, SqlExecutor } from './sqlDatabase';

/** undefined is not a value SQLite knows; a missing optional field is NULL. */
const bind = (params: readonly unknown[]) => params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? Number(p) : p));

/**
 * The embedded store: one SQLite file (better-sqlite3, WAL). better-sqlite3 is synchronous,
 * so a transaction that awaits between statements would let other callers' statements run
 * inside it; while a transaction is open, everyone else waits for it instead.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  readonly description: string;
  private readonly statements = new Map<string, Database.Statement>();
  /** Settles when the open transaction ends; undefined when none is open. */
  private openTransaction?: Promise<void>;
  /** The end of the line of transactions waiting to start. */
  private transactionQueue: Promise<void> = Promise.resolve();
  private readonly direct: SqlExecutor;

  constructor(
    private readonly db: Database.Database,
    file: string,
  ) {
    this.description = file === ':memory:' ? 'SQLite in memory' : `SQLite file ${file}`;
    this.direct = {
      dialect: 'sqlite',
      all: async <R>(sql: string, params: readonly unknown[] = []) => this.statement(sql).all(...bind(params)) as R[],
      get: async <R>(sql: string, params: readonly unknown[] = []) => this.statement(sql).get(...bind(params)) as R | undefined,
      run: async (sql: string, params: readonly unknown[] = []) => this.statement(sql).run(...bind(params)).changes,
      exec: async (script: string) => void this.db.exec(script),
    };
  }

  /** The underlying connection, for what only SQLite has (pragmas, the online backup). */
  get connection(): Database.Database {
    return this.db;
  }

  async all<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    while (this.openTransaction) await this.openTransaction;
    return this.statement(sql).all(...bind(params)) as R[];
  }

  async get<R>(sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
    while (this.openTransaction) await this.openTransaction;
    return this.statement(sql).get(...bind(params)) as R | undefined;
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    while (this.openTransaction) await this.openTransaction;
    return this.statement(sql).run(...bind(params)).changes;
  }

  async exec(script: string): Promise<void> {
    while (this.openTransaction) await this.openTransaction;
    this.db.exec(script);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const before = this.transactionQueue;
    let finished!: () => void;
    const done = new Promise<void>((resolveDone) => (finished = resolveDone));
    this.transactionQueue = before.then(() => done);
    await before;
    this.openTransaction = done;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.openTransaction = undefined;
      finished();
    }
  }

  async ping(): Promise<boolean> {
    try {
      return this.db.open && (this.statement('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    while (this.openTransaction) await this.openTransaction;
    if (this.db.open) this.db.close();
  }

  /** A prepared statement, compiled once per connection: queries on every turn need not re-parse SQL. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
}

/** Opens (and creates) the SQLite file; WAL so readers never block the writer. Migrations are the caller's. */
export function openSqliteFile(file: string): SqliteDatabase {
  const path = file === ':memory:' ? file : resolve(file);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return new SqliteDatabase(db, path);
}
