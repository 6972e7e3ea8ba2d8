import { expect } from 'chai';
import { SAMPLE_CONTENT_DIR, TEST_MODEL_CACHE } from '../helpers/fixtures';
import { messageActivity } from '../helpers/httpClient';
import { runService, waitForPort } from '../helpers/processes';
import { describeEachStore, freshDatabase, openTestStore } from '../helpers/testDatabases';

const SENDERS = 8;
const LOAD_MS = 1500;
const ACKNOWLEDGED_BEFORE_KILL = 20;

describeEachStore('a crash under load (kill -9)', function (kind) {
  this.timeout(180_000);

  it('loses no acknowledged message, and the store opens intact', async () => {
    const database = await freshDatabase(kind);
    const env = {
      ...database.env,
      PORT: '0',
      LOG_LEVEL: 'info',
      BALIE_CONTENT_DIR: SAMPLE_CONTENT_DIR,
      BALIE_MODEL_CACHE_DIR: TEST_MODEL_CACHE,
      BALIE_CHAT_REQUESTS_PER_MINUTE_PER_ADDRESS: '1000000',
      BALIE_CHAT_MESSAGES_PER_MINUTE: '10000',
    };
    try {
      const first = runService(env);
      const port = await waitForPort(first);
      const acknowledged: string[] = [];
      let killed = false;
      const sender = async (n: number) => {
        for (let i = 0; !killed; i++) {
          const text = `crash ${n}-${i} wat zijn de verzendkosten`;
          try {
            const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(messageActivity(`crash-${n}-${i % 5}`, text)),
            });
            if (response.status === 200) acknowledged.push(text);
          } catch {
            return; // the process is gone
          }
        }
      };
      const load = Promise.all(Array.from({ length: SENDERS }, (_, n) => sender(n)));
      // Killed in the middle of the load, once enough has been acknowledged to be worth checking
      // (a count, not a time: this machine is shared, and a slow moment must not fail the test).
      const enough = Date.now() + LOAD_MS * 10;
      while (acknowledged.length <= ACKNOWLEDGED_BEFORE_KILL && Date.now() < enough) await new Promise((resolve) => setTimeout(resolve, 10));
      killed = true;
      first.child.kill('SIGKILL');
      await first.exited;
      await load;
      expect(acknowledged.length, 'messages acknowledged before the kill').to.be.greaterThan(ACKNOWLEDGED_BEFORE_KILL);

      const second = runService(env);
      try {
        await waitForPort(second);
        const store = await openTestStore(database, 'crash-check');
        try {
          if (kind === 'sqlite') expect((await store.db.get<{ integrity_check: string }>('PRAGMA integrity_check'))?.integrity_check).to.equal('ok');
          const stored = new Set((await store.db.all<{ text: string }>("SELECT text FROM transcript WHERE direction = 'in'")).map((row) => row.text));
          const lost = acknowledged.filter((text) => !stored.has(text));
          expect(lost, `${lost.length} of ${acknowledged.length} acknowledged messages lost`).to.deep.equal([]);
        } finally {
          await store.close();
        }
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      await database.cleanup();
    }
  });
});
