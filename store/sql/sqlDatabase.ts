/** Which SQL engine is behind a database: the few places where the two differ ask this. */
export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Runs SQL with `?` placeholders on either engine. Every store in store/ is written against
 * this, so one implementation of each storage port serves SQLite and PostgreSQL alike.
 */
export interface SqlExecutor {
  readonly dialect: SqlDialect;
  /** Every row the statement returns. */
  all<R>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** The first row, if any. */
  get<R>(sql: string, params?: readonly unknown[]): Promise<R | undefined>;
  /** A statement that returns no rows; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs a script of several statements, without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Only database work belongs inside: never an outbound call (a channel, the order system).
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * A writing query whose answer is used at once, before it is committed: on SQLite it joins the
   * tick's group transaction without waiting for it (on PostgreSQL each statement commits on its
   * own anyway). Only for what a crash may lose: rate-limit counters, never a customer's words.
   */
  allBeforeCommit<R>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** True when a trivial query succeeds: what /readyz means by "storage reachable". */
  ping(): Promise<boolean>;
  /** Where the data is, for logs: never a password. */
  readonly description: string;
  close(): Promise<void>;
}

/** True for a unique or primary-key violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * "column is one of these values" with one parameter, however many values: a JSON list that
 * SQLite unpacks with json_each, a text array for PostgreSQL; one value is a plain comparison
 * (what an idle batcher mostly asks for, without unpacking a list).
 */
export function oneOf(dialect: SqlDialect, values: readonly string[]): { sql: string; param: unknown } {
  if (values.length === 1) return { sql: '= ?', param: values[0] };
  return dialect === 'postgres' ? { sql: '= ANY(?::text[])', param: values } : { sql: 'IN (SELECT value FROM json_each(?))', param: JSON.stringify(values) };
}
