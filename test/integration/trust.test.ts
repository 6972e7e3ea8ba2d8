import { expect } from 'chai';
import { startTestService } from '../helpers/fixtures';
import { messageActivity, request } from '../helpers/httpClient';
import { EventStreamReader, eventually } from '../helpers/liveClients';
import { freshDatabase, TestDatabase } from '../helpers/testDatabases';

const ADMIN = { BALIE_ADMIN_PASSWORD: 'admin-password-for-trust', BALIE_BCRYPT_ROUNDS: '4' };

describe('trust: safe by default', function () {
  this.timeout(60_000);
  let database: TestDatabase;

  beforeEach(async () => {
    database = await freshDatabase('sqlite');
  });
  afterEach(() => database.cleanup());

  it('in production without an app id (deliberately allowed) refuses loopback serviceUrls', async () => {
    const { service, base } = await startTestService(database, { NODE_ENV: 'production', BALIE_ALLOW_ANONYMOUS: 'true', ...ADMIN, BALIE_BCRYPT_ROUNDS: '10' });
    try {
      const refused = await request(base, 'POST', '/api/messages', messageActivity('p-1', 'hoi', { serviceUrl: 'http://127.0.0.1:5432' }));
      expect(refused.status).to.equal(403);
      expect(refused.body.error.code).to.equal('service_url_not_allowed');
    } finally {
      await service.close();
    }
  });

  it('never tells the client what an outbound call ran into (no port scanning through the bot)', async () => {
    const { service, base } = await startTestService(database);
    try {
      const closedPort = await request(
        base,
        'POST',
        '/api/messages',
        messageActivity('p-2', 'hoi', { deliveryMode: undefined, serviceUrl: 'http://127.0.0.1:9' }),
      );
      expect(closedPort.text).not.to.match(/ECONNREFUSED|127\.0\.0\.1|:9\b/);
      if (closedPort.status >= 400) expect(closedPort.body.error.code).to.be.a('string');
    } finally {
      await service.close();
    }
  });

  it('answers a bad field with a 400 naming it, and orders the transcript by the server’s clock', async () => {
    const { service, base } = await startTestService(database);
    try {
      const cases: [Record<string, unknown>, string][] = [
        [{ timestamp: '+100001-01-01T00:00:00Z' }, 'body.timestamp'],
        [{ timestamp: 'yesterday' }, 'body.timestamp'],
        [{ membersAdded: { id: 'x' } }, 'body.membersAdded'],
        [{ from: { id: 'u', name: 42 } }, 'body.from.name'],
        [{ attachments: 'file.pdf' }, 'body.attachments'],
        [{ channelData: [1, 2] }, 'body.channelData'],
      ];
      for (const [extra, field] of cases) {
        const answer = await request(base, 'POST', '/api/messages', messageActivity('p-4', 'hoi', extra));
        expect(answer.status, field).to.equal(400);
        expect(answer.body.error.message, field).to.include(field);
      }
      const before = Date.now();
      expect((await request(base, 'POST', '/api/messages', messageActivity('p-5', 'hoi', { timestamp: '1999-01-01T00:00:00Z' }))).status).to.equal(200);
      const stored = (await service.transcripts.list('p-5')).find((entry) => entry.direction === 'in')!;
      expect(Date.parse(stored.timestamp)).to.be.at.least(before - 1000);
    } finally {
      await service.close();
    }
  });

  it('answers a forged Bot Framework token with a fixed 401, not the upstream error', async () => {
    const { service, base } = await startTestService(database, {
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-real-secret',
    });
    try {
      const forged = await request(base, 'POST', '/api/messages', messageActivity('p-3', 'hoi'), {
        authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.',
      });
      expect(forged.status).to.equal(401);
      expect(forged.body).to.deep.equal({ error: { code: 'unauthorized', message: 'a valid Bot Framework token is required' } });
    } finally {
      await service.close();
    }
  });
});

describe('trust: a console stream ends with its login', function () {
  this.timeout(60_000);

  it('closes within seconds of a logout made on another instance', async () => {
    const database = await freshDatabase('postgres');
    const first = await startTestService(database, ADMIN);
    const second = await startTestService(database, ADMIN);
    try {
      const login = await request(first.base, 'POST', '/api/agent/login', { username: 'admin', password: ADMIN.BALIE_ADMIN_PASSWORD });
      const stream = await EventStreamReader.open(first.base, login.body.token);
      expect((await request(second.base, 'POST', '/api/agent/logout', {}, { authorization: `Bearer ${login.body.token}` })).status).to.equal(204);
      await eventually(() => stream.ended, 'the stream to end after the logout', 5_000);
      expect(stream.of('session_ended')).to.deep.equal([{ reason: 'logged_out' }]);
    } finally {
      await second.service.close();
      await first.service.close();
      await database.cleanup();
    }
  });
});

describe('trust: abuse limits that hold across requests, instances and restarts', function () {
  this.timeout(60_000);
  let database: TestDatabase;

  beforeEach(async () => {
    database = await freshDatabase('sqlite');
  });
  afterEach(() => database.cleanup());

  const login = (base: string, username: string, password: string, headers: Record<string, string> = {}) =>
    request(base, 'POST', '/api/agent/login', { username, password }, headers);

  it('stops a parallel password guess at the limit, whatever X-Forwarded-For says, and keeps counting over a restart', async () => {
    let { service, base } = await startTestService(database, ADMIN);
    try {
      const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => login(base, 'admin', `guess-${i}`, { 'x-forwarded-for': `203.0.113.${i}` })));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401).length, 'wrong passwords checked').to.be.at.most(10);
      const refused = answers.find((a) => a.status === 429)!;
      expect(refused.body.error.code).to.equal('too_many_attempts');
      expect(Number(refused.headers['retry-after'])).to.be.at.least(1);
      await service.close();
      ({ service, base } = await startTestService(database, ADMIN));
      expect((await login(base, 'admin', ADMIN.BALIE_ADMIN_PASSWORD)).status, 'still locked after the restart').to.equal(429);
    } finally {
      await service.close();
    }
  });

  it('slows down a username from its third failure, and lets the right password in once the wait is over', async () => {
    const { service, base } = await startTestService(database, ADMIN);
    try {
      for (let i = 0; i < 3; i++) expect((await login(base, 'admin', 'wrong')).status).to.equal(401);
      const waiting = await login(base, 'admin', ADMIN.BALIE_ADMIN_PASSWORD);
      expect(waiting.status).to.equal(429);
      expect(waiting.headers['retry-after']).to.equal('1');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await login(base, 'admin', ADMIN.BALIE_ADMIN_PASSWORD)).status).to.equal(200);
    } finally {
      await service.close();
    }
  });

  it('limits one password sprayed over many usernames from one address', async () => {
    const { service, base } = await startTestService(database, ADMIN);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) statuses.push((await login(base, `user-${i}`, 'Welkom01!')).status);
      expect(statuses.slice(0, 30).every((s) => s === 401)).to.equal(true);
      expect(statuses.slice(30)).to.deep.equal([429, 429]);
    } finally {
      await service.close();
    }
  });

  it('limits chat posts per conversation, caps channelData, and enforces a storage quota per conversation', async () => {
    const { service, base } = await startTestService(database, { BALIE_CHAT_MESSAGES_PER_MINUTE: '5', BALIE_CONVERSATION_QUOTA_BYTES: '20000' });
    try {
      const chat = (await request(base, 'POST', '/api/webchat/token')).body;
      const auth = { authorization: `Bearer ${chat.token}` };
      await request(base, 'POST', '/v3/directline/conversations', {}, auth);
      const post = (body: Record<string, unknown>) => request(base, 'POST', `/v3/directline/conversations/${chat.conversationId}/activities`, body, auth);
      const big = await post({ type: 'message', text: 'hoi', channelData: { blob: 'x'.repeat(20_000) } });
      expect(big.status).to.equal(413);
      expect(big.body.error.message).to.include('body.channelData');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await post({ type: 'message', text: `vraag ${i}` })).status);
      expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429]);

      const messages = (conversationId: string, text: string) => request(base, 'POST', '/api/messages', messageActivity(conversationId, text));
      expect((await messages('quota-1', 'x'.repeat(9_000))).status).to.equal(200);
      expect((await messages('quota-1', 'x'.repeat(9_000))).status).to.equal(200);
      const over = await messages('quota-1', 'x'.repeat(9_000));
      expect(over.status).to.equal(413);
      expect(over.body.error.code).to.equal('conversation_quota_exceeded');
      expect((await messages('quota-2', 'hoi')).status, 'another conversation is not affected').to.equal(200);
    } finally {
      await service.close();
    }
  });
});
