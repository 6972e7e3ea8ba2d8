import Database from 'better-sqlite3';
import { expect } from 'chai';
import { statSync } from 'fs';
import { join } from 'path';
import { openSqliteFile, SqliteDatabase } from '../../store/sql/sqliteDatabase';
import { tempDir } from '../helpers/fixtures';

/** Bytes in the WAL: with checkpoints off it only grows, by at least one page per commit. */
const walBytes = (file: string) => statSync(`${file}-wal`).size;

describe('SQLite group commit', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: SqliteDatabase;
  let file: string;
  beforeEach(async () => {
    dir = tempDir();
    file = join(dir.path, 'balie.sqlite');
    db = openSqliteFile(file);
    db.connection.pragma('wal_autocheckpoint = 0');
    await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)');
  });
  afterEach(async () => {
    await db.close();
    dir.cleanup();
  });

  it('commits the writes of one tick together, and each resolves only once it is on disk for another connection', async () => {
    const reader = new Database(file, { readonly: true });
    try {
      const before = walBytes(file);
      const writes = Array.from({ length: 20 }, (_, i) => db.run('INSERT INTO t (v) VALUES (?)', [`v${i}`]));
      // Not committed yet: another connection does not see them.
      expect((reader.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).to.equal(0);
      expect(await Promise.all(writes)).to.deep.equal(Array.from({ length: 20 }, () => 1));
      expect((reader.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).to.equal(20);
      const oneTick = walBytes(file) - before;
      // The same 20 rows one tick at a time write a page (and a commit) each.
      const before2 = walBytes(file);
      for (let i = 0; i < 20; i++) await db.run('INSERT INTO t (v) VALUES (?)', [`w${i}`]);
      expect(walBytes(file) - before2).to.be.greaterThan(oneTick * 5);
    } finally {
      reader.close();
    }
  });

  it('a failing statement fails alone; the others of its tick are committed', async () => {
    await db.run('INSERT INTO t (v) VALUES (?)', ['taken']);
    const results = await Promise.allSettled([
      db.run('INSERT INTO t (v) VALUES (?)', ['a']),
      db.run('INSERT INTO t (v) VALUES (?)', ['taken']),
      db.get<{ id: number }>('INSERT INTO t (v) VALUES (?) RETURNING id', ['b']),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect((await db.all<{ v: string }>('SELECT v FROM t ORDER BY id')).map((r) => r.v)).to.deep.equal(['taken', 'a', 'b']);
  });

  it('an explicit transaction rolls back only its own work, and others wait for it', async () => {
    const outside = db.run('INSERT INTO t (v) VALUES (?)', ['before']);
    const failed = db.transaction(async (tx) => {
      await tx.run('INSERT INTO t (v) VALUES (?)', ['inside']);
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('changed my mind');
    });
    const during = db.run('INSERT INTO t (v) VALUES (?)', ['during']);
    expect(
      await failed.then(
        () => 'committed',
        (error: Error) => error.message,
      ),
    ).to.equal('changed my mind');
    await Promise.all([outside, during]);
    const committed = await db.transaction(async (tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['after']));
    expect(committed).to.equal(1);
    expect((await db.all<{ v: string }>('SELECT v FROM t ORDER BY id')).map((r) => r.v)).to.deep.equal(['before', 'during', 'after']);
  });

  it('closes only after the last tick has committed', async () => {
    void db.run('INSERT INTO t (v) VALUES (?)', ['last']);
    await db.close();
    const again = new Database(file, { readonly: true });
    expect((again.prepare('SELECT v FROM t').all() as { v: string }[]).map((r) => r.v)).to.deep.equal(['last']);
    again.close();
    db = openSqliteFile(file);
  });

  it('answers a counter before its commit, which then goes with the next durable write of the tick', async () => {
    const reader = new Database(file, { readonly: true });
    try {
      const count = () => (reader.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
      const [row] = await db.allBeforeCommit<{ id: number }>('INSERT INTO t (v) VALUES (?) RETURNING id', ['counter']);
      expect(row.id).to.be.a('number');
      expect(count(), 'answered, not yet committed').to.equal(0);
      await db.run('INSERT INTO t (v) VALUES (?)', ['durable']);
      expect(count(), 'both in one commit').to.equal(2);
    } finally {
      reader.close();
    }
  });
});
