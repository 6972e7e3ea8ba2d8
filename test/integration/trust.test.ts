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
    const { service, base } = await startTestService(database, { NODE_ENV: 'production', BALIE_ALLOW_ANONYMOUS: 'true', ...ADMIN });
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
