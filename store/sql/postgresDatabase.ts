import { Pool, PoolClient, PoolConfig, types } from 'pg';
import { SqlDatabase, SqlExecutor } from './sqlDatabase';

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;
const parseTimestamp = types.getTypeParser(TIMESTAMPTZ_OID) as (value: string) => Date;

/**
 * Rows come back as the stores expect them on either engine: instants as ISO strings (as
 * SQLite keeps them), 64-bit counts and ids as numbers (they stay far below 2^53).
 */
const asIsoString = (value: string) => parseTimestamp(value).toISOString();
const asNumber = (value: string) => Number(value);
const typeParsers = {
  // Asked for every column of every result: the same two functions each time, not new ones.
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMPTZ_OID) return asIsoString;
    if (oid === INT8_OID) return asNumber;
    return types.getTypeParser(oid, format) as (value: string) => unknown;
  }) as typeof types.getTypeParser,
};

interface Prepared {
  readonly name: string;
  readonly text: string;
}

const converted = new Map<string, Prepared>();

/**
 * `?` placeholders become `$1, $2, …` (the stores never put a `?` inside a string literal),
 * and the statement gets a name, so each connection parses and plans it once (the stores'
 * statements are a fixed set; the copy tool's bulk inserts come in a few sizes).
 */
export function toPostgresStatement(sql: string): Prepared {
  let statement = converted.get(sql);
  if (statement === undefined) {
    let n = 0;
    statement = { name: `balie_${converted.size}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    converted.set(sql, statement);
  }
  return statement;
}

const bind = (params: readonly unknown[]) => params.map((p) => (p === undefined ? null : p));

function query(sql: string, params: readonly unknown[]) {
  const { name, text } = toPostgresStatement(sql);
  return { name, text, values: bind(params) };
}

/** Serialization failures and deadlocks: the transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);

export interface PostgresOptions {
  readonly url: string;
  readonly poolSize: number;
  readonly statementTimeoutMs: number;
  /** How long a caller waits for a free connection before failing. */
  readonly connectionTimeoutMs?: number;
  readonly applicationName?: string;
}

/** The connection settings node-postgres needs, for the pool and for dedicated connections. */
export function postgresClientConfig(options: PostgresOptions): PoolConfig {
  return {
    connectionString: options.url,
    statement_timeout: options.statementTimeoutMs,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    application_name: options.applicationName ?? 'balie',
    types: typeParsers,
  };
}

/** `postgres://user@host:5432/db`: the URL without its password, for logs and messages. */
function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString().replace(/\?$/, '');
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

function executor(client: Pool | PoolClient): SqlExecutor {
  return {
    dialect: 'postgres',
    all: async <R>(sql: string, params: readonly unknown[] = []) => (await client.query(query(sql, params))).rows as R[],
    get: async <R>(sql: string, params: readonly unknown[] = []) => (await client.query(query(sql, params))).rows[0] as R | undefined,
    run: async (sql: string, params: readonly unknown[] = []) => (await client.query(query(sql, params))).rowCount ?? 0,
    // Without parameters node-postgres uses the simple protocol, which runs several statements.
    exec: async (script: string) => void (await client.query(script)),
  };
}

/** The shared store for several instances: node-postgres with a pool. */
export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  readonly description: string;
  readonly pool: Pool;
  private readonly direct: SqlExecutor;

  constructor(readonly options: PostgresOptions) {
    this.description = `PostgreSQL ${describePostgresUrl(options.url)}`;
    this.pool = new Pool({ ...postgresClientConfig(options), max: options.poolSize });
    // An idle connection that breaks (a server restart) must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
    this.direct = executor(this.pool);
  }

  all<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    return this.direct.all<R>(sql, params);
  }

  get<R>(sql: string, params?: readonly unknown[]): Promise<R | undefined> {
    return this.direct.get<R>(sql, params);
  }

  run(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.direct.run(sql, params);
  }

  /** Every statement outside a transaction commits on its own: nothing to wait for beyond it. */
  allBeforeCommit<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    return this.direct.all<R>(sql, params);
  }

  exec(script: string): Promise<void> {
    return this.direct.exec(script);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection itself failed: do not give it back to the pool
        }
        if (attempt < 3 && RETRYABLE.has((error as { code?: string }).code ?? '')) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.pool.query<{ ok: number }>('SELECT 1 AS ok')).rows[0]?.ok === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
