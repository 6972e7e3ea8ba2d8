import { expect } from 'chai';
import { MemoryStorage, Storage } from 'botbuilder';
import { SqliteDatabase } from '../../store/sql/sqliteDatabase';
import { describeEachStore, freshDatabase, openTestStore, otherInstance, STORE_KINDS, useFreshStore } from '../helpers/testDatabases';

/**
 * The storage contract every adapter must meet. MemoryStorage (botbuilder's reference)
 * runs it too, so the contract is checked against the behaviour the SDK expects.
 */
function storageContract(name: string, make: () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>) {
  describe(`bot state storage contract [${name}]`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ storage, cleanup } = await make()));
    afterEach(async () => cleanup());

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

storageContract('MemoryStorage (reference)', async () => ({ storage: new MemoryStorage(), cleanup: async () => undefined }));
for (const kind of STORE_KINDS) {
  storageContract(kind, async () => {
    const database = await freshDatabase(kind);
    const store = await openTestStore(database);
    return { storage: store.botState, cleanup: async () => (await store.close(), await database.cleanup()) };
  });
}

describeEachStore('bot state storage across instances and restarts', function (kind) {
  const fixture = useFreshStore(kind);

  it('keeps items across a close and reopen', async () => {
    await fixture.store.botState.write({ conversation: { step: 'askPostcode', orderNumber: '100001' } });
    await fixture.store.close();
    fixture.store = await openTestStore(fixture.database);
    expect((await fixture.store.botState.read(['conversation'])).conversation).to.deep.include({ step: 'askPostcode', orderNumber: '100001' });
  });

  it('writes a batch atomically: one conflict leaves every item unchanged', async () => {
    const storage = fixture.store.botState;
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

  it('lets one of two instances writing from the same eTag win, and rejects the other', async () => {
    await fixture.store.botState.write({ c: { v: 0 } });
    const seen = (await fixture.store.botState.read(['c'])).c;
    const other = await otherInstance(fixture.database, fixture.store);
    try {
      const results = await Promise.allSettled([fixture.store.botState.write({ c: { ...seen, v: 1 } }), other.store.botState.write({ c: { ...seen, v: 2 } })]);
      expect(results.map((r) => r.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
      const winner = results[0].status === 'fulfilled' ? 1 : 2;
      expect((await other.store.botState.read(['c'])).c.v).to.equal(winner);
    } finally {
      await other.close();
    }
  });

  it('treats a malformed eTag as a conflict, not an error of the database', async () => {
    await fixture.store.botState.write({ d: { v: 0 } });
    let error: unknown;
    await fixture.store.botState.write({ d: { v: 1, eTag: 'not-a-number' } }).catch((e) => (error = e));
    expect((error as Error | undefined)?.name).to.equal('ETagConflictError');
  });

  if (kind === 'sqlite') {
    it('uses WAL journaling', () => {
      expect((fixture.store.db as SqliteDatabase).connection.pragma('journal_mode', { simple: true })).to.equal('wal');
    });
  }
});
