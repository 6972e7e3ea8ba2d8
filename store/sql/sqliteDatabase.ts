import Database from 'better-sqlite3';
import { mkdirSync } from 'fs';
import { dirname, resolve } from 'path';
import { SqlDatabase, SqlExecutor } from './sqlDatabase';

/** undefined is not a value SQLite knows; a missing optional field is NULL. */
const bind = (params: readonly unknown[]) => params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? Number(p) : p));

/** The group transaction of one event-loop tick: every write of the tick commits with it. */
interface Batch {
  readonly committed: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const committed = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  // Every writer awaits it; this only keeps a failed commit nobody waits for from crashing the process.
  committed.catch(() => undefined);
  return { committed, resolve, reject };
}

/**
 * The embedded store: one SQLite file (better-sqlite3, WAL).
 *
 * Group commit: a write does not commit on its own. The first write of an event-loop tick opens
 * a transaction, every write of the same tick (any turn's) joins it, and it commits once, after
 * the tick; each write resolves only after that commit, so whoever awaits a write still knows it
 * is durable before answering (DESIGN: nothing acknowledged is lost). Concurrent turns then share
 * one commit, and one WAL write of the pages they all touch, instead of paying one per statement.
 *
 * better-sqlite3 is synchronous, so a transaction that awaits between statements would let other
 * callers' statements run inside it; while an explicit transaction is open (a savepoint inside the
 * tick's transaction), everyone else waits for it instead.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  readonly description: string;
  private readonly statements = new Map<string, Database.Statement>();
  /** Settles when the open explicit transaction ends; undefined when none is open. */
  private openTransaction?: Promise<void>;
  /** The end of the line of explicit transactions waiting to start. */
  private transactionQueue: Promise<void> = Promise.resolve();
  /** The tick's group transaction, while one is open. */
  private batch?: Batch;
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
    const statement = this.statement(sql);
    return statement.readonly ? (statement.all(...bind(params)) as R[]) : this.write(() => statement.all(...bind(params)) as R[]);
  }

  async get<R>(sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
    while (this.openTransaction) await this.openTransaction;
    const statement = this.statement(sql);
    return statement.readonly ? (statement.get(...bind(params)) as R | undefined) : this.write(() => statement.get(...bind(params)) as R | undefined);
  }

  async allBeforeCommit<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    while (this.openTransaction) await this.openTransaction;
    const statement = this.statement(sql);
    const batch = this.openBatch();
    try {
      return statement.all(...bind(params)) as R[];
    } catch (error) {
      if (!this.db.inTransaction) this.failBatch(batch, error);
      throw error;
    }
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    while (this.openTransaction) await this.openTransaction;
    const statement = this.statement(sql);
    return this.write(() => statement.run(...bind(params)).changes);
  }

  /** A script runs outside any transaction: the tick's writes are committed first. */
  async exec(script: string): Promise<void> {
    await this.settled();
    this.db.exec(script);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const before = this.transactionQueue;
    let finished!: () => void;
    const done = new Promise<void>((resolveDone) => (finished = resolveDone));
    this.transactionQueue = before.then(() => done);
    await before;
    this.openTransaction = done;
    let batch: Batch;
    let result: T;
    try {
      batch = this.openBatch();
      this.db.exec('SAVEPOINT balie_transaction');
      try {
        result = await work(this.direct);
        this.db.exec('RELEASE balie_transaction');
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK TO balie_transaction; RELEASE balie_transaction');
        else this.failBatch(batch, error);
        throw error;
      }
    } finally {
      this.openTransaction = undefined;
      finished();
    }
    await batch.committed;
    return result;
  }

  /**
   * Writes the WAL back into the database file and truncates it (erased data must leave the
   * files); false when a reader kept it from completing.
   */
  async checkpoint(): Promise<boolean> {
    await this.settled();
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return result.busy === 0;
  }

  async ping(): Promise<boolean> {
    try {
      return this.db.open && (this.statement('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.settled();
    if (this.db.open) this.db.close();
  }

  /** Resolves when no transaction is open: the explicit one has ended and the tick's writes are committed. */
  private async settled(): Promise<void> {
    while (this.openTransaction || this.batch) await (this.openTransaction ?? this.batch?.committed.catch(() => undefined));
  }

  /** Runs one writing statement in the tick's transaction; resolves once that has committed. */
  private async write<T>(statement: () => T): Promise<T> {
    const batch = this.openBatch();
    let result: T;
    try {
      result = statement();
    } catch (error) {
      // A failed statement undoes only itself; an error that ended the whole transaction fails its batch.
      if (!this.db.inTransaction) this.failBatch(batch, error);
      throw error;
    }
    await batch.committed;
    return result;
  }

  private openBatch(): Batch {
    if (this.batch) return this.batch;
    this.db.exec('BEGIN IMMEDIATE');
    const batch = (this.batch = newBatch());
    setImmediate(() => this.commit(batch));
    return batch;
  }

  private commit(batch: Batch): void {
    if (this.batch !== batch) return; // failed meanwhile
    // An explicit transaction is a savepoint inside the batch: the batch commits after it.
    if (this.openTransaction) return void this.openTransaction.then(() => this.commit(batch));
    this.batch = undefined;
    try {
      this.db.exec('COMMIT');
      batch.resolve();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      batch.reject(error);
    }
  }

  private failBatch(batch: Batch, error: unknown): void {
    if (this.batch === batch) this.batch = undefined;
    batch.reject(error);
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
  // Deleted content is overwritten, not left in free pages: an erased customer is gone from the file.
  db.pragma('secure_delete = ON');
  return new SqliteDatabase(db, path);
}
