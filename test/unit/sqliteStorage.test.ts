import { expect } from 'chai';
import { MemoryStorage, Storage } from 'botbuilder';
import { join } from 'path';
import { openSqliteDatabase, SqliteDatabase } from '../../store/sqliteDatabase';
import { SqliteStorage } from '../../store/sqliteStorage';
import { tempDir } from '../helpers/fixtures';

/**
 * The storage contract every adapter must meet. MemoryStorage (botbuilder's reference)
 * runs it too, so the contract is checked against the behaviour the SDK expects.
 */
function storageContract(name: string, make: () => { storage: Storage; cleanup: () => void }) {
  describe(`${name} storage contract`, () => {
    let storage: Storage;
    let cleanup: () => void;
    beforeEach(() => ({ storage, cleanup } = make()));
    afterEach(() => cleanup());

    it('reads nothing for unknown keys', async () => {
      expect(await storage.read(['missing'])).to.deep.equal({});
    });

    it('writes a new item and reads it back with an eTag', async () => {
      await storage.write({ a: { count: 1, nested: { x: [1, 2] } } });
      const { a } = await storage.read(['a']);
      expect(a).to.deep.include({ count: 1, nested: { x: [1, 2] } });
      expect(a.eTag).to.be.a('string').and.not.equal('*');
    });

    it('accepts a write with the current eTag and changes the eTag', async () => {
      await storage.write({ a: { count: 1 } });
      const first = (await storage.read(['a'])).a;
      await storage.write({ a: { ...first, count: 2 } });
      const second = (await storage.read(['a'])).a;
      expect(second.count).to.equal(2);
      expect(second.eTag).not.to.equal(first.eTag);
    });

    it('rejects a write with a stale eTag and keeps the stored item', async () => {
      await storage.write({ a: { count: 1 } });
      const stale = (await storage.read(['a'])).a;
      await storage.write({ a: { ...stale, count: 2 } });
      let failed = false;
      try {
        await storage.write({ a: { ...stale, count: 3 } });
      } catch {
        failed = true;
      }
      expect(failed, 'stale write must be rejected').to.equal(true);
      expect((await storage.read(['a'])).a.count).to.equal(2);
    });

    it('accepts "*" and a missing eTag as last-writer-wins', async () => {
      await storage.write({ a: { count: 1 } });
      await storage.write({ a: { count: 2, eTag: '*' } });
      expect((await storage.read(['a'])).a.count).to.equal(2);
      await storage.write({ a: { count: 3 } });
      expect((await storage.read(['a'])).a.count).to.equal(3);
    });

    it('deletes items, and deleting a missing key is not an error', async () => {
      await storage.write({ a: { v: 1 }, b: { v: 2 } });
      await storage.delete(['a', 'nope']);
      expect(Object.keys(await storage.read(['a', 'b']))).to.deep.equal(['b']);
    });
  });
}

storageContract('MemoryStorage (reference)', () => ({ storage: new MemoryStorage(), cleanup: () => undefined }));
storageContract('SqliteStorage', () => {
  const dir = tempDir();
  const db = openSqliteDatabase(join(dir.path, 'state.sqlite'));
  return { storage: new SqliteStorage(db), cleanup: () => (db.close(), dir.cleanup()) };
});

describe('SqliteStorage specifics', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: SqliteDatabase;
  beforeEach(() => {
    dir = tempDir();
    db = openSqliteDatabase(join(dir.path, 'balie.sqlite'));
  });
  afterEach(() => {
    if (db.open) db.close();
    dir.cleanup();
  });

  it('keeps items across a close and reopen of the file', async () => {
    await new SqliteStorage(db).write({ conversation: { step: 'askPostcode', orderNumber: '100001' } });
    db.close();
    db = openSqliteDatabase(join(dir.path, 'balie.sqlite'));
    expect((await new SqliteStorage(db).read(['conversation'])).conversation).to.deep.include({ step: 'askPostcode', orderNumber: '100001' });
  });

  it('writes a batch atomically: one conflict leaves every item unchanged', async () => {
    const storage = new SqliteStorage(db);
    await storage.write({ a: { v: 1 }, b: { v: 1 } });
    const { a, b } = await storage.read(['a', 'b']);
    await storage.write({ b: { ...b, v: 2 } });
    let failed = false;
    try {
      await storage.write({ a: { ...a, v: 9 }, b: { ...b, v: 9 } });
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
    const after = await storage.read(['a', 'b']);
    expect([after.a.v, after.b.v]).to.deep.equal([1, 2]);
  });

  it('uses WAL journaling', () => {
    expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
  });
});
