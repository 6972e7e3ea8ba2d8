import { expect } from 'chai';
import { adminClient, describeEachStore, otherInstance, useFreshStore } from '../helpers/testDatabases';

const until = async (condition: () => boolean, timeoutMs = 5_000) => {
  const started = Date.now();
  while (!condition()) {
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
      expect(await other.store.locks.tryWithLock('job:x', async () => 'ran')).to.deep.equal({ ran: true, value: 'ran' });
    } finally {
      await other.close();
    }
  });

  if (kind === 'postgres') {
    it('frees the locks of an instance whose connection died, at once', async () => {
      const other = await otherInstance(fixture.database, fixture.store);
      try {
        let entered = false;
        void other.store.locks.withLock('conversation:c', () => new Promise(() => (entered = true))).catch(() => undefined);
        await until(() => entered);
        const admin = await adminClient();
        try {
          await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'balie other'", [
            new URL(fixture.database.env.DATABASE_URL).pathname.slice(1),
          ]);
        } finally {
          await admin.end();
        }
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
        const admin = await adminClient();
        try {
          await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'balie other' AND query LIKE 'LISTEN%'",
            [new URL(fixture.database.env.DATABASE_URL).pathname.slice(1)],
          );
        } finally {
          await admin.end();
        }
        await until(() => resyncs === 1);
        fixture.store.bus.publish('t', 'after');
        await until(() => received.length === 1);
      } finally {
        await other.close();
      }
    });
  }
});
