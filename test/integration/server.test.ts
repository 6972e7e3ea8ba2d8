import { expect } from 'chai';
import { BalieService } from '../../app/service';
import { OrderBackend } from '../../orders/orderBackend';
import { sampleOrderBackend } from '../helpers/fixtures';
import { FakeConnector, messageActivity, replyTexts, request } from '../helpers/httpClient';
import { eventually, EventStreamReader } from '../helpers/liveClients';
import { WebSocket } from 'ws';
import { startTestService } from '../helpers/fixtures';
import { describeEachStore, freshDatabase, TestDatabase } from '../helpers/testDatabases';
import { Chat, withTestService } from '../helpers/testService';

const start = (database: TestDatabase, env: Record<string, string> = {}, orders?: OrderBackend) => startTestService(database, env, { orders });

describeEachStore('the HTTP service (real server on a random port)', function (kind) {
  this.timeout(60_000);
  let dir: TestDatabase;
  let service: BalieService;
  let base: string;

  before(async () => {
    dir = await freshDatabase(kind);
    ({ service, base } = await start(dir));
  });
  after(async () => {
    await service.close();
    await dir.cleanup();
  });

  const send = (conversation: string, text: string, extra: Record<string, unknown> = {}) =>
    request(base, 'POST', '/api/messages', messageActivity(conversation, text, extra));

  describe('conversations over /api/messages with expectReplies', () => {
    it('holds a whole Dutch conversation: FAQ, order status flow, thanks', async () => {
      await new Chat(base, 'nl-1')
        .says('Hoi! Hoeveel kost verzenden eigenlijk?')
        .hears('€ 4,95')
        .says('en waar blijft mijn pakket? ordernummer 100001')
        .hears('Wat is de postcode')
        .says('1234 AB')
        .hears('onderweg met PostNL', '3SHUIS1000011')
        .says('top, dankjewel')
        .hears('Graag gedaan');
    });

    it('holds a whole English conversation: return flow with the item named at the start, and the reason', async () => {
      const chat = new Chat(base, 'en-1');
      await chat
        .says("Hi, I'd like to send back a cushion from my order")
        .hears('What is your order number?')
        .says('it is 100002')
        .hears('postcode')
        .says('1234AB')
        .hears('What is the reason for your return?')
        .says("Don't like it")
        .hears('PostNL return label');
      expect(replyTexts(chat.last!))
        .to.match(/registered as R-100002-[0-9A-F]{6}/)
        .and.include('Velvet cushion, green');
    });

    it('keeps conversations apart', async () => {
      await send('sep-a', 'waar is mijn bestelling');
      const other = await send('sep-b', '100001');
      expect(replyTexts(other)).to.include('Wat is de postcode');
      expect(replyTexts(other)).not.to.include('die je eerder noemde');
    });

    it('stores and answers a message the channel sends twice (same activity id) once', async () => {
      const activity = messageActivity('retry-1', 'wat kost verzenden?');
      const first = await request(base, 'POST', '/api/messages', activity);
      expect(replyTexts(first)).to.include('€ 4,95');
      const again = await request(base, 'POST', '/api/messages', activity);
      expect(again.status).to.equal(200);
      expect(replyTexts(again), 'the retry is not answered a second time').to.equal('');
      expect((await service.transcripts.list('retry-1')).map((e) => e.direction)).to.deep.equal(['in', 'out']);
    });

    it('writes every inbound and outbound activity to the transcript', async () => {
      await send('tr-1', 'what are your opening hours');
      const entries = await service.transcripts.list('tr-1');
      expect(entries.map((e) => e.direction)).to.deep.equal(['in', 'out']);
      expect(entries[0].text).to.equal('what are your opening hours');
      expect(entries[1].text).to.include('Monday to Friday');
    });
  });

  describe('bad input gets a 4xx JSON error and the service keeps serving', () => {
    const cases: { name: string; body: string | Uint8Array; contentType: string; status: number; code: string; message?: RegExp }[] = [
      { name: 'malformed JSON', body: '{"type": "message", ', contentType: 'application/json', status: 400, code: 'invalid_json' },
      { name: 'a JSON array', body: '[1,2,3]', contentType: 'application/json', status: 400, code: 'invalid_activity' },
      { name: 'a JSON string', body: '"hello"', contentType: 'application/json', status: 400, code: 'invalid_activity' },
      {
        name: 'an object that is not an activity',
        body: '{"hello":"world"}',
        contentType: 'application/json',
        status: 400,
        code: 'invalid_activity',
        message: /body\.type/,
      },
      {
        name: 'a missing conversation id',
        body: JSON.stringify({ ...messageActivity('x', 'hoi'), conversation: {} }),
        contentType: 'application/json',
        status: 400,
        code: 'invalid_activity',
        message: /body\.conversation\.id/,
      },
      {
        name: 'text over 10,000 characters',
        body: JSON.stringify(messageActivity('x', 'a'.repeat(10_001))),
        contentType: 'application/json',
        status: 413,
        code: 'text_too_long',
        message: /10000/,
      },
      {
        name: 'an unknown activity type',
        body: JSON.stringify({ ...messageActivity('x', 'hoi'), type: 'teleport' }),
        contentType: 'application/json',
        status: 400,
        code: 'unsupported_activity_type',
        message: /teleport/,
      },
      {
        name: 'binary garbage',
        body: Uint8Array.from([0xff, 0xfe, 0x00, 0x01, 0x9c, 0x80]),
        contentType: 'application/octet-stream',
        status: 415,
        code: 'unsupported_media_type',
      },
      {
        name: 'binary garbage labelled as JSON',
        body: Uint8Array.from([0xff, 0xfe, 0x00, 0x01, 0x9c, 0x80]),
        contentType: 'application/json',
        status: 400,
        code: 'invalid_json',
      },
      {
        name: 'a body over the size limit',
        body: JSON.stringify({ padding: 'x'.repeat(300_000) }),
        contentType: 'application/json',
        status: 413,
        code: 'payload_too_large',
      },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.status} ${c.code}`, async () => {
        const result = await request(base, 'POST', '/api/messages', c.body, { 'content-type': c.contentType });
        expect(result.status).to.equal(c.status);
        expect(result.body.error.code).to.equal(c.code);
        expect(result.body.error.message).to.be.a('string').and.not.be.empty;
        if (c.message) expect(result.body.error.message).to.match(c.message);
      });
    }

    it('still answers normally after all of that', async () => {
      const reply = await send('after-bad', 'wat zijn jullie openingstijden');
      expect(replyTexts(reply)).to.include('maandag t/m vrijdag');
    });

    it('refuses a serviceUrl outside the allow-list in anonymous mode (SSRF guard)', async () => {
      for (const serviceUrl of ['http://169.254.169.254/latest', 'https://evil.example.com', 'http://10.1.2.3']) {
        const result = await request(base, 'POST', '/api/messages', messageActivity('ssrf', 'hoi', { serviceUrl, deliveryMode: 'normal' }));
        expect(result.status, serviceUrl).to.equal(403);
        expect(result.body.error.code).to.equal('service_url_not_allowed');
      }
      expect(await service.transcripts.list('ssrf')).to.have.length(0);
    });

    it('answers unknown routes with a JSON 404', async () => {
      const result = await request(base, 'GET', '/nope');
      expect(result.status).to.equal(404);
      expect(result.body.error.code).to.equal('not_found');
    });
  });

  describe('health and the NLU API', () => {
    it('reports health and readiness', async () => {
      expect((await request(base, 'GET', '/healthz')).body).to.deep.equal({ status: 'ok' });
      const ready = await request(base, 'GET', '/readyz');
      expect(ready.status).to.equal(200);
      expect(ready.body).to.deep.equal({ status: 'ready', checks: { storage: true, model: true, accepting: true } });
    });

    it('parses text exactly as the contract says', async () => {
      const result = await request(base, 'POST', '/api/nlu/parse', { text: 'Kan ik bestelling 100003 nog annuleren? Mijn postcode is 1234 AB' });
      expect(result.status).to.equal(200);
      expect(result.body).to.have.all.keys('text', 'language', 'intent', 'alternatives', 'entities', 'sentiment');
      expect(result.body.language).to.equal('nl');
      expect(result.body.intent.name).to.equal('order.cancel');
      expect(result.body.entities).to.deep.equal([
        { type: 'order_number', value: '100003', start: 18, end: 24 },
        { type: 'postcode', value: '1234AB', start: 57, end: 64 },
      ]);
      expect(result.body.sentiment).to.have.all.keys('score', 'label');
    });

    it('serves Prometheus metrics that count requests, activities and intents', async () => {
      await send('metrics-1', 'wat zijn de verzendkosten');
      const result = await request(base, 'GET', '/metrics');
      expect(result.status).to.equal(200);
      expect(result.text).to.match(/balie_http_requests_total\{method="POST",route="\/api\/messages",status="200"\} \d+/);
      expect(result.text).to.match(/balie_activities_total\{channel="test",type="message"\} \d+/);
      expect(result.text).to.match(/balie_intents_total\{intent="delivery.costs",language="nl"\} [1-9]/);
      expect(result.text).to.include('balie_process_resident_memory_bytes');
    });

    it('returns none for out-of-scope text, in both languages', async () => {
      for (const text of ['who won the champions league in 1995', 'wat is het beste recept voor appeltaart']) {
        expect((await request(base, 'POST', '/api/nlu/parse', { text })).body.intent.name, text).to.equal('none');
      }
    });

    it('honours lang and rejects bad bodies with the field named', async () => {
      expect((await request(base, 'POST', '/api/nlu/parse', { text: 'order', lang: 'en' })).body.language).to.equal('en');
      const bad = await request(base, 'POST', '/api/nlu/parse', { text: '', lang: 'de' });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.message).to.include('body.text').and.include('body.lang');
      expect((await request(base, 'POST', '/api/nlu/parse', { txt: 'hoi' })).status).to.equal(400);
    });
  });
});

describeEachStore('the HTTP service across restarts, delivery modes and shutdown', function (kind) {
  this.timeout(60_000);
  let dir: TestDatabase;
  beforeEach(async () => (dir = await freshDatabase(kind)));
  afterEach(async () => dir.cleanup());

  it('continues a flow where it was after a restart, with the transcript intact', async () => {
    await withTestService({ database: dir }, ({ chat }) =>
      chat('restart-1').says('ik wil mijn bestelling annuleren').hears('Wat is je ordernummer?').says('100003').hears('Wat is de postcode'),
    );
    await withTestService({ database: dir }, async ({ service, chat }) => {
      await chat('restart-1').says('1234AB').hears('Weet je zeker dat je bestelling 100003').says('ja').hears('is geannuleerd');
      const transcript = await service.transcripts.list('restart-1');
      expect(transcript.filter((e) => e.direction === 'in').map((e) => e.text)).to.deep.equal(['ik wil mijn bestelling annuleren', '100003', '1234AB', 'ja']);
      // Four answers; the effort question waits for a thanks or a quiet spell.
      expect(transcript.filter((e) => e.direction === 'out')).to.have.length(4);
    });
  });

  it('survives a failing order backend mid-flow: polite reply, message kept, flow resumes', async () => {
    const real = await sampleOrderBackend();
    let failures = 1;
    const flaky: OrderBackend = {
      findOrder: async (n, p) => {
        if (failures-- > 0) throw new Error('order system timed out');
        return real.findOrder(n, p);
      },
      cancelOrder: (n) => real.cancelOrder(n),
      registerReturn: (r) => real.registerReturn(r),
    };
    await withTestService({ database: dir, orders: flaky }, async ({ service, chat }) => {
      const customer = chat('flaky-1');
      await customer.says('waar is bestelling 100001').says('1234AB').hears('er ging bij mij iets mis', 'Je bericht is bewaard');
      const received = (await service.transcripts.list('flaky-1')).filter((e) => e.direction === 'in').map((e) => e.text);
      expect(received).to.deep.equal(['waar is bestelling 100001', '1234AB']);
      await customer.says('1234AB').hears('onderweg met PostNL');
    });
  });

  it('delivers replies to the channel serviceUrl in normal delivery mode', async () => {
    const connector = new FakeConnector();
    const connectorUrl = await connector.start();
    const { service, base } = await start(dir);
    try {
      const result = await request(
        base,
        'POST',
        '/api/messages',
        messageActivity('normal-1', 'what are your opening hours', { deliveryMode: undefined, serviceUrl: connectorUrl }),
      );
      expect(result.status).to.be.within(200, 299);
      expect(connector.received).to.have.length(1);
      expect(connector.received[0].path).to.match(/^\/v3\/conversations\/normal-1\/activities\//);
      expect(connector.received[0].activity.text).to.include('Monday to Friday');
    } finally {
      await service.close();
      await connector.stop();
    }
  });

  it('finishes an in-flight turn before shutting down, then refuses new work', async () => {
    const connector = new FakeConnector();
    connector.delayMs = 400;
    const connectorUrl = await connector.start();
    const { service, base } = await start(dir);
    const inFlight = request(
      base,
      'POST',
      '/api/messages',
      messageActivity('drain-1', 'hoe kan ik betalen', { deliveryMode: undefined, serviceUrl: connectorUrl }),
    );
    await new Promise((r) => setTimeout(r, 100));
    const closing = service.close();
    const result = await inFlight;
    await closing;
    expect(result.status).to.be.within(200, 299);
    expect(connector.received.map((r) => r.activity.text).join()).to.include('iDEAL');
    let refused = false;
    try {
      await request(base, 'GET', '/healthz');
    } catch {
      refused = true;
    }
    expect(refused, 'the port is closed after shutdown').to.equal(true);
    await connector.stop();
  });

  it('closes live streams on shutdown so clients reconnect elsewhere, and leaves the agent online', async () => {
    const { service, base } = await start(dir, { BALIE_ADMIN_PASSWORD: 'admin-password', BALIE_BCRYPT_ROUNDS: '4' });
    const token = (await request(base, 'POST', '/api/agent/login', { username: 'admin', password: 'admin-password' })).body.token;
    const agentStream = await EventStreamReader.open(base, token);
    const chat = (await request(base, 'POST', '/api/webchat/token')).body;
    const started = await request(base, 'POST', '/v3/directline/conversations', {}, { authorization: `Bearer ${chat.token}` });
    const socket = new WebSocket(started.body.streamUrl);
    await new Promise((resolve) => socket.once('open', resolve));
    const closedWith = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const streamEnded = eventually(() => agentStream.ended, 'the console stream to end');
    await service.close();
    expect(await closedWith, 'WebSocket close code: going away').to.equal(1001);
    await streamEnded;
    // A stream cut by a shutdown is not the agent going offline: the console reconnects to another instance.
    const after = await start(dir, { BALIE_ADMIN_PASSWORD: 'admin-password', BALIE_BCRYPT_ROUNDS: '4' });
    try {
      expect((await request(after.base, 'GET', '/api/agent/queue', undefined, { authorization: `Bearer ${token}` })).body.agentsOnline).to.equal(1);
    } finally {
      await after.service.close();
    }
  });

  it('requires a valid Bot Framework JWT when MicrosoftAppId is set', async () => {
    const { service, base } = await start(dir, { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' });
    try {
      const unsigned = await request(base, 'POST', '/api/messages', messageActivity('jwt-1', 'hoi', { serviceUrl: 'https://smba.trafficmanager.net/emea/' }));
      expect(unsigned.status).to.equal(401);
      const forged = await request(base, 'POST', '/api/messages', messageActivity('jwt-1', 'hoi'), {
        authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.',
      });
      expect(forged.status).to.equal(401);
      expect(await service.transcripts.list('jwt-1')).to.have.length(0);
    } finally {
      await service.close();
    }
  });

  it('protects the NLU API and the metrics in production: shared token or an agent login', async () => {
    const { service, base } = await start(dir, {
      NODE_ENV: 'production',
      BALIE_ALLOW_ANONYMOUS: 'true',
      BALIE_API_TOKEN: 'test-token-0123456789abcdef',
      BALIE_ADMIN_PASSWORD: 'admin-password-for-test',
      BALIE_BCRYPT_ROUNDS: '10',
    });
    try {
      expect((await request(base, 'POST', '/api/nlu/parse', { text: 'hoi' })).status).to.equal(401);
      expect((await request(base, 'POST', '/api/nlu/parse', { text: 'hoi' }, { authorization: 'Bearer wrong-token-0123456789abc' })).status).to.equal(401);
      const ok = await request(base, 'POST', '/api/nlu/parse', { text: 'hoi' }, { authorization: 'Bearer test-token-0123456789abcdef' });
      expect(ok.status).to.equal(200);
      expect(ok.body.intent.name).to.equal('greeting');
      expect((await request(base, 'GET', '/metrics')).status).to.equal(401);
      expect((await request(base, 'GET', '/metrics', undefined, { authorization: 'Bearer test-token-0123456789abcdef' })).status).to.equal(200);
      const agent = await request(base, 'POST', '/api/agent/login', { username: 'admin', password: 'admin-password-for-test' });
      expect((await request(base, 'POST', '/api/nlu/parse', { text: 'hoi' }, { authorization: `Bearer ${agent.body.token}` })).status).to.equal(200);
    } finally {
      await service.close();
    }
  });
});
