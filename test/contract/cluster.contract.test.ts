import { expect } from 'chai';
import { adminClient, describeEachStore, otherInstance, useFreshStore } from '../helpers/testDatabases';

const until = async (condition: () => boolean, timeoutMs = 5_000) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const untilAsync = async (condition: () => Promise<boolean>, timeoutMs = 5_000) => {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** What several instances share besides the tables: the message bus and the locks. */
describeEachStore('cluster: message bus and locks', function (kind) {
  const fixture = useFreshStore(kind, 'first');

  it('delivers a message to the subscribers of every instance, the publisher’s own at once', async () => {
    const other = await otherInstance(fixture.database, fixture.store);
    try {
      const here: unknown[] = [];
      const there: unknown[] = [];
      fixture.store.bus.subscribe('t', (m) => here.push(m));
      other.store.bus.subscribe('t', (m) => there.push(m));
      fixture.store.bus.subscribe('other-topic', () => here.push('wrong topic'));
      fixture.store.bus.publish('t', { n: 1, text: 'hallo' });
      expect(here).to.deep.equal([{ n: 1, text: 'hallo' }]);
      await until(() => there.length === 1);
      expect(there[0]).to.deep.equal({ n: 1, text: 'hallo' });
    } finally {
      await other.close();
    }
  });

  it('carries messages larger than a NOTIFY payload', async () => {
    const other = await otherInstance(fixture.database, fixture.store);
    try {
      const received: { text: string }[] = [];
      other.store.bus.subscribe('big', (m) => received.push(m as { text: string }));
      const text = 'ä'.repeat(20_000);
      fixture.store.bus.publish('big', { text });
      await until(() => received.length > 0);
      expect(received[0].text).to.equal(text);
    } finally {
      await other.close();
    }
  });

  it('runs work under one key one at a time, across instances, and different keys side by side', async () => {
    const other = await otherInstance(fixture.database, fixture.store);
    try {
      const log: string[] = [];
      const work = (name: string) => async () => {
        log.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        log.push(`${name} out`);
      };
      await Promise.all([
        fixture.store.locks.withLock('k', work('a')),
        other.store.locks.withLock('k', work('b')),
        fixture.store.locks.withLock('k', work('c')),
      ]);
      for (let i = 0; i < log.length; i += 2) expect(log[i + 1], log.join(', ')).to.equal(log[i].replace(' in', ' out'));
      const parallel: string[] = [];
      await Promise.all(
        ['x', 'y'].map((key) =>
          fixture.store.locks.withLock(key, async () => {
            parallel.push(key);
            await new Promise((r) => setTimeout(r, 30));
            parallel.push(key);
          }),
        ),
      );
      // Both were inside before either left.
      expect([parallel.slice(0, 2).sort(), parallel.slice(2).sort()]).to.deep.equal([
        ['x', 'y'],
        ['x', 'y'],
      ]);
    } finally {
      await other.close();
    }
  });

  it('releases a lock when the work throws', async () => {
    await fixture.store.locks
      .withLock('k', async () => {
        throw new Error('boom');
      })
      .catch(() => undefined);
    expect(await fixture.store.locks.tryWithLock('k', async () => 'free')).to.deep.equal({ ran: true, value: 'free' });
  });

  it('skips work whose lock another instance holds (a job that must run once)', async () => {
    const other = await otherInstance(fixture.database, fixture.store);
    try {
      let release!: () => void;
      const holding = fixture.store.locks.withLock('job:x', () => new Promise<void>((resolve) => (release = resolve)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await other.store.locks.tryWithLock('job:x', async () => 'ran')).to.deep.equal({ ran: false });
      release();
      await holding;
      // On PostgreSQL the holder's release may still be on its way.
      let after: { ran: boolean } = { ran: false };
      await untilAsync(async () => (after = await other.store.locks.tryWithLock('job:x', async () => 'ran')).ran);
      expect(after).to.deep.equal({ ran: true, value: 'ran' });
    } finally {
      await other.close();
    }
  });

  if (kind === 'postgres') {
    /** A query as the server's administrator, with the test database's name as $1 (who sees and ends every instance's connections). */
    const asAdmin = async <R extends object>(sql: string): Promise<R[]> => {
      const admin = await adminClient();
      try {
        return (await admin.query(sql, [new URL(fixture.database.env.DATABASE_URL).pathname.slice(1)])).rows as R[];
      } finally {
        await admin.end();
      }
    };
    /** Ends the other instance's connections to the server (`which`: a further condition on pg_stat_activity). */
    const cutOtherInstance = (which = '') =>
      asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'balie other'${which}`);
    /** What an instance's locks ask the database, in order ('lock' or 'unlock'). */
    const askedOf = (locks: unknown) => {
      const asked: string[] = [];
      const spied = locks as { request(kind: string, key: string): Promise<boolean> };
      const request = spied.request.bind(spied);
      spied.request = (kind, key) => (asked.push(kind), request(kind, key));
      return asked;
    };
    /** A piece of work that holds its lock until let go. */
    const heldWork = () => {
      const state = { entered: false, letGo: () => undefined as void };
      const work = () => new Promise<void>((resolve) => ((state.entered = true), (state.letGo = resolve)));
      return { state, work };
    };

    it('hands a conversation’s lock straight to its next turn waiting on the same instance', async () => {
      const asked = askedOf(fixture.store.locks);
      const first = heldWork();
      const firstDone = fixture.store.locks.withLock('conversation:next', first.work);
      await until(() => first.state.entered);
      let secondEntered = false;
      const secondDone = fixture.store.locks.withLock('conversation:next', async () => void (secondEntered = true));
      first.state.letGo();
      await Promise.all([firstDone, secondDone]);
      expect(secondEntered).to.equal(true);
      // One lock and one release for both turns; the release is answered after the turn.
      await untilAsync(async () => asked.length === 2);
      expect(asked).to.deep.equal(['lock', 'unlock']);
      expect(await fixture.store.locks.tryWithLock('conversation:next', async () => 'free')).to.deep.equal({ ran: true, value: 'free' });
    });

    it('does not hand on a lock whose connection died', async () => {
      const other = await otherInstance(fixture.database, fixture.store);
      try {
        const first = heldWork();
        const firstDone = other.store.locks.withLock('conversation:lost', first.work);
        await until(() => first.state.entered);
        let secondEntered = false;
        const secondDone = other.store.locks.withLock('conversation:lost', async () => void (secondEntered = true));
        await cutOtherInstance();
        // The server let go of the lock with the connection: this instance can have it...
        const holder = heldWork();
        const holding = fixture.store.locks.withLock('conversation:lost', holder.work);
        await until(() => holder.state.entered);
        await new Promise((resolve) => setTimeout(resolve, 100));
        // ...and the other instance's next turn must wait for it, not run on the lost lock.
        first.state.letGo();
        await firstDone;
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(secondEntered).to.equal(false);
        holder.state.letGo();
        await holding;
        await secondDone;
        expect(secondEntered).to.equal(true);
      } finally {
        await other.close();
      }
    });

    it('frees the locks of an instance whose connection died, at once', async () => {
      const other = await otherInstance(fixture.database, fixture.store);
      try {
        let entered = false;
        void other.store.locks.withLock('conversation:c', () => new Promise(() => (entered = true))).catch(() => undefined);
        await until(() => entered);
        await cutOtherInstance();
        expect(await fixture.store.locks.withLock('conversation:c', async () => 'got it')).to.equal('got it');
      } finally {
        await other.close();
      }
    });

    it('reconnects a lost LISTEN connection and tells subscribers to resync', async () => {
      const other = await otherInstance(fixture.database, fixture.store);
      try {
        let resyncs = 0;
        const received: unknown[] = [];
        other.store.bus.onResync(() => resyncs++);
        other.store.bus.subscribe('t', (m) => received.push(m));
        await cutOtherInstance(" AND query LIKE 'LISTEN%'");
        await until(() => resyncs === 1);
        fixture.store.bus.publish('t', 'after');
        await until(() => received.length === 1);
      } finally {
        await other.close();
      }
    });
  }
});
