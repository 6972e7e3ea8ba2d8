import { expect } from 'chai';
import { execFile } from 'child_process';
import { join, resolve } from 'path';
import { promisify } from 'util';
import { PostgresDatabase } from '../../store/sql/postgresDatabase';
import { startTestService, tempDir } from '../helpers/fixtures';
import { messageActivity, replyTexts, request } from '../helpers/httpClient';
import { freshDatabase, freshPostgresUrl } from '../helpers/testDatabases';

const run = promisify(execFile);
const CLI = resolve(__dirname, '../../app/cli/dbCopy.js');
const ENV = { BALIE_BUSINESS_HOURS: 'always', BALIE_ADMIN_PASSWORD: 'copy-admin-password', BALIE_BCRYPT_ROUNDS: '4', BALIE_RELAY_INTERVAL_MS: '3600000' };
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('npm run db:copy: an SQLite installation moves to PostgreSQL', function () {
  this.timeout(120_000);

  it('copies everything: the new store answers as the old one did (accounts, conversations, web chat tokens, handoffs, the overlay)', async () => {
    const dir = tempDir();
    const target = await freshPostgresUrl({ unmigrated: true });
    try {
      // A few days of an installation on the embedded store.
      let { service, base } = await startTestService(dir.path, ENV);
      let admin: string;
      let chat: { conversationId: string; token: string };
      try {
        admin = (await request(base, 'POST', '/api/agent/login', { username: 'admin', password: 'copy-admin-password' })).body.token;
        await request(base, 'POST', '/api/agent/status', { status: 'online' }, auth(admin));
        await request(base, 'POST', '/api/messages', messageActivity('copy-1', 'waar is bestelling 100003? postcode 1234AB'));
        await request(base, 'POST', '/api/messages', messageActivity('copy-1', 'ik wil hem annuleren'));
        expect(replyTexts(await request(base, 'POST', '/api/messages', messageActivity('copy-1', 'ja')))).to.include('geannuleerd');
        chat = (await request(base, 'POST', '/api/webchat/token')).body;
        await request(base, 'POST', '/v3/directline/conversations', {}, auth(chat.token));
        await request(
          base,
          'POST',
          `/v3/directline/conversations/${chat.conversationId}/activities`,
          { type: 'message', text: 'ik wil een medewerker' },
          auth(chat.token),
        );
        expect((await request(base, 'POST', `/api/agent/conversations/${chat.conversationId}/accept`, {}, auth(admin))).status).to.equal(200);
        expect(
          (
            await request(
              base,
              'POST',
              '/api/analytics/examples',
              { intent: 'delivery.time', language: 'nl', text: 'wanneer staat de koerier op de stoep' },
              auth(admin),
            )
          ).status,
        ).to.equal(201);
      } finally {
        await service.close();
      }

      const copy = await run(process.execPath, [CLI, '--from', `sqlite:${join(dir.path, 'balie.sqlite')}`, '--to', target.url]);
      expect(copy.stdout).to.include('transcript:').and.include('done:');

      ({ service, base } = await startTestService(dir.path, { ...ENV, DATABASE_URL: target.url }));
      try {
        expect(service.store.location.kind).to.equal('postgres');
        // The old login token and password still work; the handoff is still the agent's.
        const active = await request(base, 'GET', '/api/agent/active', undefined, auth(admin!));
        expect(active.body.items.map((i: any) => i.conversationId)).to.deep.equal([chat!.conversationId]);
        expect((await request(base, 'POST', '/api/agent/login', { username: 'admin', password: 'copy-admin-password' })).status).to.equal(200);
        const detail = await request(base, 'GET', `/api/agent/conversations/${chat!.conversationId}`, undefined, auth(admin!));
        expect(detail.body.transcript.map((l: any) => l.text)).to.include('ik wil een medewerker');
        expect(detail.body.events.map((e: any) => e.to)).to.deep.equal(['queued', 'agent']);
        // The web chat goes on with the token it had: the signing key came along.
        const sent = await request(
          base,
          'POST',
          `/v3/directline/conversations/${chat!.conversationId}/activities`,
          { type: 'message', text: 'hallo?' },
          auth(chat!.token),
        );
        expect(sent.status).to.equal(200);
        const log = (await request(base, 'GET', `/v3/directline/conversations/${chat!.conversationId}/activities`, undefined, auth(chat!.token))).body;
        const watermarks = (log.activities as any[]).map((a) => Number(String(a.id).split('|')[1]));
        expect(watermarks).to.deep.equal([...watermarks].sort((a, b) => a - b));
        expect(new Set(watermarks).size, 'the new activity continues the numbering').to.equal(watermarks.length);
        // The cancelled order stays cancelled; the conversation state came along (the bot remembers the order).
        expect(replyTexts(await request(base, 'POST', '/api/messages', messageActivity('copy-1', 'wat is de status van 100003?')))).to.include('geannuleerd');
        // The overlay example is trained, and new rows get new ids.
        expect((await request(base, 'POST', '/api/nlu/parse', { text: 'wanneer staat de koerier op de stoep' })).body.intent.name).to.equal('delivery.time');
        const next = await request(
          base,
          'POST',
          '/api/analytics/examples',
          { intent: 'delivery.time', language: 'nl', text: 'komt de bezorger vandaag nog' },
          auth(admin!),
        );
        expect(next.status).to.equal(201);
        expect(next.body.example.id).to.equal(2);
      } finally {
        await service.close();
      }
    } finally {
      await target.drop();
      dir.cleanup();
    }
  });

  it('copies back from PostgreSQL into a new SQLite file (a portable backup)', async () => {
    const source = await freshDatabase('postgres');
    const dir = tempDir();
    try {
      let { service, base } = await startTestService(source, ENV);
      try {
        await request(base, 'POST', '/api/messages', messageActivity('back-1', 'waar is bestelling 100001? postcode 1234AB'));
        const admin = (await request(base, 'POST', '/api/agent/login', { username: 'admin', password: 'copy-admin-password' })).body.token;
        await request(base, 'POST', '/api/agent/status', { status: 'online' }, auth(admin));
        await request(base, 'POST', '/api/messages', messageActivity('back-1', 'medewerker'));
      } finally {
        await service.close();
      }
      const file = join(dir.path, 'backup', 'balie.sqlite');
      const copy = await run(process.execPath, [CLI, '--from', source.env.DATABASE_URL, '--to', `sqlite:${file}`]);
      expect(copy.stdout).to.include('done:');
      ({ service, base } = await startTestService(join(dir.path, 'backup'), ENV));
      try {
        const admin = (await request(base, 'POST', '/api/agent/login', { username: 'admin', password: 'copy-admin-password' })).body.token;
        const queue = (await request(base, 'GET', '/api/agent/queue', undefined, auth(admin))).body;
        expect(queue.items.map((i: any) => i.conversationId)).to.deep.equal(['back-1']);
        expect((await service.transcripts.list('back-1')).filter((e) => e.direction === 'in').map((e) => e.text)).to.deep.equal([
          'waar is bestelling 100001? postcode 1234AB',
          'medewerker',
        ]);
        await request(base, 'POST', '/api/messages', messageActivity('back-2', 'medewerker'));
        const after = (await request(base, 'GET', '/api/agent/queue', undefined, auth(admin))).body;
        expect(
          after.items.map((i: any) => i.conversationId),
          'arrival order continues after the copied handoffs',
        ).to.deep.equal(['back-1', 'back-2']);
      } finally {
        await service.close();
      }
    } finally {
      await source.cleanup();
      dir.cleanup();
    }
  });

  it('refuses a target that already holds data, and a source that does not exist, saying why', async () => {
    const dir = tempDir();
    const used = await freshDatabase('postgres');
    try {
      const { service } = await startTestService(used, ENV);
      await service.close();
      const { service: source } = await startTestService(dir.path, ENV);
      await source.close();
      let failure = await run(process.execPath, [CLI, '--from', `sqlite:${join(dir.path, 'balie.sqlite')}`, '--to', used.env.DATABASE_URL]).catch((e) => e);
      expect(failure.code).to.equal(1);
      expect(failure.stderr).to.include('already holds data').and.include('rows');
      failure = await run(process.execPath, [CLI, '--from', `sqlite:${join(dir.path, 'nope.sqlite')}`, '--to', used.env.DATABASE_URL]).catch((e) => e);
      expect(failure.stderr).to.include('--from: there is no file');
      failure = await run(process.execPath, [CLI, '--from', 'mysql://x', '--to', used.env.DATABASE_URL]).catch((e) => e);
      expect(failure.stderr).to.include('--from: must be sqlite:');
      // Nothing was written to the target.
      const db = new PostgresDatabase({ url: used.env.DATABASE_URL, poolSize: 1, statementTimeoutMs: 10_000 });
      expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM transcript'))?.n).to.equal(0);
      await db.close();
    } finally {
      await used.cleanup();
      dir.cleanup();
    }
  });
});
