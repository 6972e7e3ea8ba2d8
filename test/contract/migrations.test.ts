import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { DatabaseTooNewError, migrate, migrationFiles } from '../../store/migrations/migrate';
import { PostgresDatabase } from '../../store/sql/postgresDatabase';
import { openSqliteFile } from '../../store/sql/sqliteDatabase';
import { SqlDatabase } from '../../store/sql/sqlDatabase';
import { tempDir } from '../helpers/fixtures';
import { freshPostgresUrl, openTestStore, freshDatabase } from '../helpers/testDatabases';

const tables = async (db: SqlDatabase) =>
  (db.dialect === 'sqlite'
    ? await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    : await db.all<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name')
  ).map((r) => r.name);

/**
 * A database as the version before the ticket lifecycle left it: a ticket closed as
 * 'resolved', with its events and an agent message, and a conversation in the queue.
 */
async function beforeTicketLifecycle(db: SqlDatabase): Promise<void> {
  const files = migrationFiles(db.dialect);
  const lifecycle = files.findIndex((f) => f.name.endsWith('ticket-lifecycle'));
  await migrate(db, files.slice(0, lifecycle));
  const row = (id: string, conversation: string, state: string) => [
    id,
    `BAL-${id.toUpperCase()}`,
    conversation,
    'webchat',
    'u1',
    'nl',
    state,
    'customer_request',
    0,
    '2026-11-20T10:00:00.000Z',
    '{}',
    '{}',
  ];
  const insert = `INSERT INTO handoffs (id, reference, conversation_id, channel_id, customer_id, language, state, reason, priority, created_at, context, conversation_reference)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  await db.run(insert, row('t1', 'c1', 'resolved'));
  await db.run(insert, row('q1', 'c2', 'queued'));
  await db.run("INSERT INTO handoff_events (handoff_id, from_state, to_state, actor, at) VALUES ('t1', 'bot', 'ticket', 'bot', '2026-11-20T10:00:00.000Z')");
  await db.run(
    "INSERT INTO handoff_events (handoff_id, from_state, to_state, actor, at) VALUES ('t1', 'ticket', 'resolved', 'agent:a', '2026-11-21T10:00:00.000Z')",
  );
  await db.run(
    "INSERT INTO outbox (id, conversation_id, handoff_id, agent_id, text, created_at) VALUES ('o1', 'c2', 'q1', 'a', 'hoi', '2026-11-20T10:01:00.000Z')",
  );
}

/** What the ticket lifecycle migration must have kept: the rows, their links, the one-open-handoff rule; and what it changed. */
async function expectTicketLifecycleMigrated(db: SqlDatabase): Promise<void> {
  const states = await db.all<{ id: string; state: string; due_at: string | null }>('SELECT id, state, due_at FROM handoffs ORDER BY id');
  expect(states).to.deep.equal([
    { id: 'q1', state: 'queued', due_at: null },
    { id: 't1', state: 'closed', due_at: null },
  ]);
  expect(await db.all('SELECT handoff_id FROM handoff_events ORDER BY id')).to.have.length(2);
  expect((await db.get<{ handoff_id: string }>("SELECT handoff_id FROM outbox WHERE id = 'o1'"))?.handoff_id).to.equal('q1');
  let error: unknown;
  await db
    .run(
      "INSERT INTO handoffs (id, reference, conversation_id, channel_id, customer_id, language, state, reason, priority, created_at, context, conversation_reference) VALUES ('q2', 'BAL-Q2', 'c2', 'webchat', 'u1', 'nl', 'queued', 'customer_request', 0, 'x', '{}', '{}')",
    )
    .catch((e) => (error = e));
  expect(error, 'still one open handoff per conversation').to.exist;
  error = undefined;
  await db
    .run("INSERT INTO handoff_events (handoff_id, from_state, to_state, actor, at) VALUES ('nope', 'bot', 'ticket', 'bot', 'x')")
    .catch((e) => (error = e));
  expect(error, 'foreign keys are enforced again').to.exist;
}

describe('schema migrations', () => {
  describe('SQLite', () => {
    let dir: ReturnType<typeof tempDir>;
    beforeEach(() => (dir = tempDir()));
    afterEach(() => dir.cleanup());

    it('creates the schema on an empty file, records every migration, and does nothing the second time', async () => {
      const db = openSqliteFile(join(dir.path, 'balie.sqlite'));
      try {
        const first = await migrate(db);
        const names = migrationFiles('sqlite').map((f) => f.name);
        expect(first.applied).to.deep.equal(names);
        expect(first.current).to.equal(names[names.length - 1]);
        expect((await db.all<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name)).to.deep.equal(names);
        expect(await migrate(db)).to.deep.equal({ applied: [], current: first.current });
      } finally {
        await db.close();
      }
    });

    it('adopts a file made before migrations were files (schema_version), keeping its data', async () => {
      const file = join(dir.path, 'balie.sqlite');
      const legacy = openSqliteFile(file);
      const files = migrationFiles('sqlite');
      // What the earlier versions did: the first six migrations, numbered in schema_version.
      for (const f of files.slice(0, 6)) await legacy.exec(f.sql);
      await legacy.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1), (2), (3), (4), (5), (6);');
      await legacy.run("INSERT INTO directline_conversations (id, user_id, created_at) VALUES ('dl1', 'u1', '2026-11-01T10:00:00.000Z')");
      await legacy.run("INSERT INTO directline_activities (conversation_id, seq, activity, created_at) VALUES ('dl1', 0, '{}', 'x'), ('dl1', 1, '{}', 'x')");
      await legacy.close();
      const db = openSqliteFile(file);
      try {
        expect((await migrate(db)).applied).to.deep.equal(files.slice(6).map((f) => f.name));
        expect(await tables(db)).not.to.include('schema_version');
        expect(
          (await db.get<{ next_seq: number }>("SELECT next_seq FROM directline_conversations WHERE id = 'dl1'"))?.next_seq,
          'the next watermark follows the stored ones',
        ).to.equal(2);
      } finally {
        await db.close();
      }
    });

    it('rebuilds the handoffs table for the ticket lifecycle keeping every row and link, and closes the tickets resolved before', async () => {
      const db = openSqliteFile(join(dir.path, 'balie.sqlite'));
      try {
        await beforeTicketLifecycle(db);
        await migrate(db);
        await expectTicketLifecycleMigrated(db);
      } finally {
        await db.close();
      }
    });

    it('refuses a database migrated by a newer version, without touching it', async () => {
      const db = openSqliteFile(join(dir.path, 'balie.sqlite'));
      try {
        await migrate(db);
        await db.run("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999-from-the-future', 'x')");
        let error: unknown;
        await migrate(db).catch((e) => (error = e));
        expect(error).to.be.instanceOf(DatabaseTooNewError);
        expect((error as Error).message)
          .to.include('9999-from-the-future')
          .and.include('newer version');
      } finally {
        await db.close();
      }
    });

    it('leaves the schema as it was when a migration fails', async () => {
      const migrations = join(dir.path, 'migrations');
      mkdirSync(join(migrations, 'sqlite'), { recursive: true });
      writeFileSync(join(migrations, 'sqlite', '0001-good.sql'), 'CREATE TABLE good (id INTEGER);');
      writeFileSync(join(migrations, 'sqlite', '0002-bad.sql'), 'CREATE TABLE also_good (id INTEGER); THIS IS NOT SQL;');
      const db = openSqliteFile(join(dir.path, 'balie.sqlite'));
      try {
        let error: unknown;
        await migrate(db, migrationFiles('sqlite', migrations)).catch((e) => (error = e));
        expect(error).to.be.instanceOf(Error);
        expect(await tables(db)).to.deep.equal([]);
      } finally {
        await db.close();
      }
    });
  });

  describe('PostgreSQL', () => {
    it('migrates once when three instances start on an empty database at the same moment', async () => {
      const { url, drop } = await freshPostgresUrl({ unmigrated: true });
      const instances = [1, 2, 3].map(() => new PostgresDatabase({ url, poolSize: 2, statementTimeoutMs: 30_000 }));
      try {
        const results = await Promise.all(instances.map((db) => migrate(db)));
        const names = migrationFiles('postgres').map((f) => f.name);
        expect(results.flatMap((r) => r.applied)).to.deep.equal(names);
        expect(results.map((r) => r.current)).to.deep.equal([names.at(-1), names.at(-1), names.at(-1)]);
        expect(await instances[0].all('SELECT name FROM schema_migrations')).to.have.length(names.length);
      } finally {
        for (const db of instances) await db.close();
        await drop();
      }
    });

    it('has the same tables as SQLite (plus the bus table), so a database can be copied between them', async () => {
      const dir = tempDir();
      const sqlite = openSqliteFile(join(dir.path, 'balie.sqlite'));
      const postgres = await freshDatabase('postgres');
      const store = await openTestStore(postgres);
      try {
        await migrate(sqlite);
        expect([...(await tables(sqlite)), 'bus_messages'].sort()).to.deep.equal(await tables(store.db));
      } finally {
        await sqlite.close();
        await store.close();
        await postgres.cleanup();
        dir.cleanup();
      }
    });

    it('moves the tickets resolved before to closed, keeping every row and link', async () => {
      const { url, drop } = await freshPostgresUrl({ unmigrated: true });
      const db = new PostgresDatabase({ url, poolSize: 1, statementTimeoutMs: 30_000 });
      try {
        await beforeTicketLifecycle(db);
        await migrate(db);
        await expectTicketLifecycleMigrated(db);
      } finally {
        await db.close();
        await drop();
      }
    });

    it('refuses a database migrated by a newer version', async () => {
      const postgres = await freshDatabase('postgres');
      const db = new PostgresDatabase({ url: postgres.env.DATABASE_URL, poolSize: 1, statementTimeoutMs: 30_000 });
      try {
        await db.run("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999-from-the-future', now())");
        let error: unknown;
        await migrate(db).catch((e) => (error = e));
        expect(error).to.be.instanceOf(DatabaseTooNewError);
      } finally {
        await db.close();
        await postgres.cleanup();
      }
    });
  });
});
