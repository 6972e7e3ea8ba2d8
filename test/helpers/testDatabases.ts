import { Client } from 'pg';
import { migrate } from '../../store/migrations/migrate';
import { openStore, Store, StoreLocation } from '../../store/openStore';
import { PostgresDatabase } from '../../store/sql/postgresDatabase';
import { silentLogger, tempDir } from './fixtures';

export type StoreKind = 'sqlite' | 'postgres';

/** Every store the service supports: suites that touch storage run on each. */
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

/** The PostgreSQL server the tests create their databases on (trust auth on the local one by default). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database of its own for one test: an SQLite file in a temporary directory, or a new PostgreSQL database. */
export interface TestDatabase {
  readonly kind: StoreKind;
  readonly location: StoreLocation;
  /** The SQLite file's directory (also given to PostgreSQL services, which keep nothing there). */
  readonly dataDir: string;
  /** The environment that points a service at this database. */
  readonly env: Record<string, string>;
  cleanup(): Promise<void>;
}

const PREFIX = `balie_test_${process.pid}_`;
const TEMPLATE = `${PREFIX}template`;
let counter = 0;
let template: Promise<void> | undefined;

function urlFor(database: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A connection to the test server's maintenance database; a clear failure when there is none. */
export async function adminClient(): Promise<Client> {
  const client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    const where = new URL(TEST_DATABASE_URL);
    throw new Error(
      `the PostgreSQL tests need a server: cannot connect to ${where.hostname}:${where.port || 5432} as "${where.username}" ` +
        `(${(error as Error).message}). Start PostgreSQL or set TEST_DATABASE_URL to one where this user may create databases.`,
    );
  }
  return client;
}

/** A migrated template, made once per test run: new databases are copies of it (much faster than migrating each). */
function migratedTemplate(): Promise<void> {
  template ??= (async () => {
    const admin = await adminClient();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${TEMPLATE}`);
    } finally {
      await admin.end();
    }
    const db = new PostgresDatabase({ url: urlFor(TEMPLATE), poolSize: 1, statementTimeoutMs: 30_000 });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
  })();
  return template;
}

/** A new, migrated PostgreSQL database; `unmigrated` gives an empty one (for migration tests). */
export async function freshPostgresUrl(options: { unmigrated?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!options.unmigrated) await migratedTemplate();
  const name = `${PREFIX}${++counter}`;
  const admin = await adminClient();
  try {
    await admin.query(options.unmigrated ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  return {
    url: urlFor(name),
    async drop() {
      const client = await adminClient();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function freshDatabase(kind: StoreKind): Promise<TestDatabase> {
  const dir = tempDir();
  if (kind === 'sqlite') {
    return {
      kind,
      dataDir: dir.path,
      location: { kind: 'sqlite', file: `${dir.path}/balie.sqlite` },
      env: { BALIE_DATA_DIR: dir.path },
      cleanup: async () => dir.cleanup(),
    };
  }
  const { url, drop } = await freshPostgresUrl();
  return {
    kind,
    dataDir: dir.path,
    location: { kind: 'postgres', url, poolSize: 5, statementTimeoutMs: 15_000 },
    env: { BALIE_DATA_DIR: dir.path, DATABASE_URL: url, DATABASE_POOL_SIZE: '5' },
    async cleanup() {
      dir.cleanup();
      await drop();
    },
  };
}

/** Drops what this run made, and what runs that died (their process is gone) left behind. */
export async function dropTestDatabases(): Promise<void> {
  if (!template && counter === 0) return;
  const admin = await adminClient();
  try {
    const rows = (await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'balie\\_test\\_%'")).rows;
    for (const { datname } of rows) {
      const pid = Number(/^balie_test_(\d+)_/.exec(datname)?.[1]);
      if (pid !== process.pid && isAlive(pid)) continue;
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The same suite once per store: `[sqlite]` and `[postgres]` in the titles. */
export function describeEachStore(title: string, suite: (this: Mocha.Suite, kind: StoreKind) => void): void {
  for (const kind of STORE_KINDS) {
    describe(`${title} [${kind}]`, function () {
      suite.call(this, kind);
    });
  }
}

/** Every store on a test database, as the service opens it (migrated). */
export function openTestStore(database: TestDatabase, instanceId = 'test', now?: () => Date): Promise<Store> {
  return openStore(database.location, { logger: silentLogger, instanceId, now });
}

/**
 * A second instance's view of the database. PostgreSQL: a store of its own (own pool, own
 * locks, own LISTEN connection), as another process would have. SQLite serves one process,
 * whose callers share one connection: the same store, so "instances" race inside it.
 */
export async function otherInstance(database: TestDatabase, store: Store, instanceId = 'other'): Promise<{ store: Store; close: () => Promise<void> }> {
  if (database.kind === 'sqlite') return { store, close: async () => undefined };
  const other = await openTestStore(database, instanceId);
  return { store: other, close: () => other.close() };
}

/** A suite's database and store, new for each of its tests; a test may replace `store` (a restart) and the new one is closed after it. */
export interface StoreFixture {
  database: TestDatabase;
  store: Store;
}

/** Registers the hooks: a fresh migrated database and its store before each test, closed and dropped after. */
export function useFreshStore(kind: StoreKind, instanceId?: string): StoreFixture {
  const fixture = {} as StoreFixture;
  beforeEach(async () => {
    fixture.database = await freshDatabase(kind);
    fixture.store = await openTestStore(fixture.database, instanceId);
  });
  afterEach(async () => {
    await fixture.store.close();
    await fixture.database.cleanup();
  });
  return fixture;
}
