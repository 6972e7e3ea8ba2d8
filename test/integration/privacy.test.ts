import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import type { SqlDatabase } from '../../store/sql/sqlDatabase';
import { request } from '../helpers/httpClient';
import { describeEachStore } from '../helpers/testDatabases';
import { withTestService } from '../helpers/testService';

const ADMIN_PASSWORD = 'privacy-admin-password';
const ENV = { BALIE_ADMIN_PASSWORD: ADMIN_PASSWORD, BALIE_BCRYPT_ROUNDS: '4', BALIE_BUSINESS_HOURS: 'always' };
const EMAIL = 'jan.jansen@example.nl';
const PHONE = '06-12345678';
const IBAN = 'NL91ABNA0417164300';
/** What must be nowhere after the erasure: the customer's contact details and their channel ids. */
const TRACES = ['jan.jansen', '0612345678', PHONE, IBAN, 'user-gdpr-1', 'user-gdpr-2'];

/** Every row of every table, as text: where a trace could hide. */
async function everyRow(db: SqlDatabase): Promise<string> {
  const tables =
    db.dialect === 'sqlite'
      ? await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      : await db.all<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        );
  const parts: string[] = [];
  for (const { name } of tables) parts.push(JSON.stringify(await db.all(`SELECT * FROM ${name}`)));
  return parts.join('\n');
}

/** The bytes of every file under the data folder (database, WAL, model cache …) as latin1 text. */
function everyFile(dir: string): string {
  const parts: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) parts.push(everyFile(path));
    else parts.push(readFileSync(path).toString('latin1'));
  }
  return parts.join('\n');
}

describeEachStore('privacy: a customer’s data under their control', function (kind) {
  this.timeout(90_000);

  it('exports everything about a customer across channels, erases it everywhere, and keeps only anonymous counts', async () => {
    await withTestService({ store: kind, env: ENV }, async ({ service, base, chat, database }) => {
      // Web chat-like conversation: proves an order, leaves a ticket with an email, mentions a phone number and an IBAN.
      await chat('gdpr-1', { from: { id: 'user-gdpr-1', name: 'Jan' } })
        .says('waar is bestelling 100001')
        .says('1234AB')
        .hears('PostNL')
        .says(`mijn nummer is ${PHONE} en mijn rekening ${IBAN}`)
        .says('ik wil een medewerker spreken')
        .hears('ticket')
        .says('ja')
        .hears('e-mailadres')
        .says(EMAIL)
        .hears('Ik heb ticket');
      // Another channel, another user id: linked by the same verified order.
      await chat('gdpr-2', { from: { id: 'user-gdpr-2', name: 'Jan' }, channelId: 'slack' })
        .says('where is order 100001, postcode 1234AB')
        .hears('PostNL');
      // Someone else, who must keep their data.
      await chat('other-1', { from: { id: 'user-other', name: 'Piet' } })
        .says('wat zijn de verzendkosten?')
        .hears('€ 4,95');
      await service.flushAnalytics();
      const analyticsBefore = (await service.store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM analytics_conversations'))!.n;

      const admin = (await request(base, 'POST', '/api/agent/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token;
      const auth = { authorization: `Bearer ${admin}` };
      const exported = await request(base, 'GET', `/api/admin/customers/${encodeURIComponent(`email:${EMAIL}`)}/export`, undefined, auth);
      expect(exported.status).to.equal(200);
      expect(exported.body.customerIds).to.include.members(['user-gdpr-1', 'user-gdpr-2']);
      expect(exported.body.identities).to.include.members([`email:${EMAIL}`, 'order:100001']);
      expect(exported.body.conversations.map((c: { conversationId: string }) => c.conversationId)).to.have.members(['gdpr-1', 'gdpr-2']);
      const first = exported.body.conversations.find((c: { conversationId: string }) => c.conversationId === 'gdpr-1');
      expect(first.transcript.map((t: { text: string }) => t.text)).to.include(`mijn nummer is ${PHONE} en mijn rekening ${IBAN}`);
      expect(first.handoffs).to.have.length(1);
      expect(exported.text).not.to.include('user-other');

      const erased = await request(base, 'DELETE', `/api/admin/customers/${encodeURIComponent(`email:${EMAIL}`)}`, undefined, auth);
      expect(erased.status).to.equal(200);
      expect(erased.body.conversations).to.equal(2);

      const rows = await everyRow(service.store.db);
      for (const trace of TRACES) expect(rows, `a row still holds ${trace}`).not.to.include(trace);
      expect(rows, 'the other customer is untouched').to.include('user-other');
      expect((await service.store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM analytics_conversations'))!.n, 'analytics keeps its counts').to.equal(
        analyticsBefore,
      );
      if (kind === 'sqlite') {
        const bytes = everyFile(database.dataDir);
        for (const trace of TRACES) expect(bytes.includes(trace), `the data folder's files still hold ${trace}`).to.equal(false);
      }
      expect((await request(base, 'GET', `/api/admin/customers/${encodeURIComponent(`email:${EMAIL}`)}/export`, undefined, auth)).status).to.equal(404);

      const audit = await request(base, 'GET', '/api/agent/audit', undefined, auth);
      const requests = audit.body.items.filter((e: { action: string }) => e.action.startsWith('customer.'));
      expect(requests.map((e: { action: string }) => e.action)).to.deep.equal(['customer.export', 'customer.erase', 'customer.export']);
      expect(JSON.stringify(requests)).not.to.include('jan.jansen');
    });
  });

  it('refuses data requests to agents who are not supervisors', async () => {
    await withTestService({ store: kind, env: ENV }, async ({ service, base }) => {
      await service.agents.create({ username: 'sanne', name: 'Sanne', role: 'agent', password: 'sanne-password-1' });
      const token = (await request(base, 'POST', '/api/agent/login', { username: 'sanne', password: 'sanne-password-1' })).body.token;
      expect((await request(base, 'GET', '/api/admin/customers/x/export', undefined, { authorization: `Bearer ${token}` })).status).to.equal(403);
      expect((await request(base, 'DELETE', '/api/admin/customers/x')).status).to.equal(401);
    });
  });

  it('forgets a user when their channel sends deleteUserData', async () => {
    await withTestService({ store: kind, env: ENV }, async ({ service, base, chat }) => {
      await chat('dud-1', { from: { id: 'user-dud', name: 'Jan' } }).says(`mijn email is ${EMAIL}`);
      expect(await service.transcripts.list('dud-1')).to.not.have.length(0);
      const answer = await request(base, 'POST', '/api/messages', {
        type: 'deleteUserData',
        id: 'dud-act',
        channelId: 'test',
        serviceUrl: 'http://127.0.0.1:9',
        deliveryMode: 'expectReplies',
        conversation: { id: 'dud-1' },
        from: { id: 'user-dud' },
        recipient: { id: 'balie' },
      });
      expect(answer.status).to.be.below(300);
      expect(await service.transcripts.list('dud-1')).to.have.length(0);
      expect(await everyRow(service.store.db)).not.to.include('user-dud');
    });
  });
});
