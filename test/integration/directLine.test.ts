import { expect } from 'chai';
import { WebSocket } from 'ws';
import { useTestService } from '../helpers/testService';
import { describeEachStore } from '../helpers/testDatabases';
import { messageActivity, replyTexts, request } from '../helpers/httpClient';
import { EventStreamReader, eventually } from '../helpers/liveClients';

const SECRET = 'directline-secret-for-tests-0123';

interface Session {
  conversationId: string;
  token: string;
}

describeEachStore('Direct Line 3.0 routes (real HTTP and WebSocket)', function (kind) {
  this.timeout(60_000);
  let now = new Date();
  const suite = useTestService(
    kind,
    {
      DIRECTLINE_SECRET: SECRET,
      BALIE_DIRECTLINE_TOKEN_TTL_SECONDS: '600',
      BALIE_WEBCHAT_ORIGINS: 'https://www.shop.example',
      BALIE_BUSINESS_HOURS: 'always',
      BALIE_ADMIN_PASSWORD: 'admin-password',
      BALIE_BCRYPT_ROUNDS: '4',
      BALIE_RELAY_INTERVAL_MS: '3600000',
    },
    { now: () => now },
  );

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const newSession = async (): Promise<Session> => (await request(suite.base, 'POST', '/api/webchat/token')).body;
  const startConversation = async (s: Session) => request(suite.base, 'POST', '/v3/directline/conversations', undefined, auth(s.token));
  const post = (s: Session, text: string, conversationId = s.conversationId) =>
    request(
      suite.base,
      'POST',
      `/v3/directline/conversations/${conversationId}/activities`,
      { type: 'message', text, from: { id: 'chosen-by-client', name: 'Jan' }, locale: 'nl-NL' },
      auth(s.token),
    );
  const activities = (s: Session, watermark = '') =>
    request(suite.base, 'GET', `/v3/directline/conversations/${s.conversationId}/activities?watermark=${watermark}`, undefined, auth(s.token));
  const botTexts = (list: any[]) => list.filter((a) => a.from.id === 'balie' && a.type === 'message').map((a) => a.text as string);

  it('starts a conversation with a welcome, takes messages and pages by watermark', async () => {
    const s = await newSession();
    expect(s.conversationId).to.match(/^dl_/);
    const started = await startConversation(s);
    expect(started.status).to.equal(201);
    expect(started.body.streamUrl).to.match(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${s.conversationId}/stream\\?t=`));
    expect((await startConversation(s)).status, 'starting again resumes').to.equal(200);

    let page = await activities(s);
    expect(botTexts(page.body.activities)[0]).to.include('Ik ben de digitale assistent');
    expect(botTexts(page.body.activities)[0], 'the privacy notice comes with the welcome').to.include('https://www.huisjeenco.example/privacy');
    const afterWelcome = page.body.watermark;

    const posted = await post(s, 'hoe lang heb ik om iets te retourneren?');
    expect(posted.status).to.equal(200);
    expect(posted.body.id).to.be.a('string');
    page = await activities(s, afterWelcome);
    expect(page.body.activities.map((a: any) => a.text)).to.deep.equal(['hoe lang heb ik om iets te retourneren?', page.body.activities[1].text]);
    expect(page.body.activities[1].text).to.include('30 dagen');
    expect(page.body.activities[0].from.id, 'the sender comes from the token, not the client').to.match(/^dl_user_/);
    expect(Number(page.body.watermark)).to.be.greaterThan(Number(afterWelcome));
    expect((await activities(s, page.body.watermark)).body.activities).to.deep.equal([]);
  });

  it('allows the chat routes from a configured site only (CORS)', async () => {
    const preflight = await request(suite.base, 'OPTIONS', '/v3/directline/conversations', undefined, {
      origin: 'https://www.shop.example',
      'access-control-request-method': 'POST',
    });
    expect(preflight.status).to.equal(204);
    const allowed = await request(suite.base, 'POST', '/api/webchat/token', undefined, { origin: 'https://www.shop.example' });
    expect(allowed.status).to.equal(200);
    const fromElsewhere = await request(suite.base, 'POST', '/api/webchat/token', undefined, { origin: 'https://evil.example' });
    expect(fromElsewhere.status).to.equal(200);
    const corsHeaders = await fetch(`${suite.base}/api/webchat/token`, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(corsHeaders.headers.get('access-control-allow-origin')).to.equal(null);
    const allowedHeaders = await fetch(`${suite.base}/api/webchat/token`, { method: 'POST', headers: { origin: 'https://www.shop.example' } });
    expect(allowedHeaders.headers.get('access-control-allow-origin')).to.equal('https://www.shop.example');
  });

  it('binds tokens to one conversation', async () => {
    const a = await newSession();
    const b = await newSession();
    await startConversation(a);
    await startConversation(b);
    await post(b, 'geheim: mijn bestelling 100003');
    expect((await request(suite.base, 'GET', `/v3/directline/conversations/${b.conversationId}/activities`, undefined, auth(a.token))).status).to.equal(403);
    expect((await post(a, 'injected', b.conversationId)).status).to.equal(403);
    expect((await request(suite.base, 'GET', `/v3/directline/conversations/${b.conversationId}`, undefined, auth(a.token))).status).to.equal(403);
    expect((await activities(b)).body.activities.map((x: any) => x.text)).not.to.include('injected');
    expect((await request(suite.base, 'GET', `/v3/directline/conversations/${a.conversationId}/activities`)).status).to.equal(401);
    expect((await request(suite.base, 'GET', `/v3/directline/conversations/${a.conversationId}/activities`, undefined, auth(`${a.token}x`))).status).to.equal(
      401,
    );
  });

  it('refuses an expired token and refreshes a valid one', async () => {
    const s = await newSession();
    await startConversation(s);
    const refreshed = await request(suite.base, 'POST', '/v3/directline/tokens/refresh', undefined, auth(s.token));
    expect(refreshed.body.conversationId).to.equal(s.conversationId);
    expect(refreshed.body.expires_in).to.equal(600);
    now = new Date(now.getTime() + 11 * 60_000);
    try {
      expect((await activities(s)).status).to.equal(401);
      expect((await request(suite.base, 'POST', '/v3/directline/tokens/refresh', undefined, auth(s.token))).status).to.equal(401);
    } finally {
      now = new Date();
    }
  });

  it('generates tokens only with the Direct Line secret', async () => {
    expect((await request(suite.base, 'POST', '/v3/directline/tokens/generate', {}, auth('wrong-secret'))).status).to.equal(401);
    expect((await request(suite.base, 'POST', '/v3/directline/tokens/generate', {})).status).to.equal(401);
    const generated = await request(suite.base, 'POST', '/v3/directline/tokens/generate', { user: { id: 'dl_shop_customer_77' } }, auth(SECRET));
    expect(generated.status).to.equal(200);
    const s = { conversationId: generated.body.conversationId, token: generated.body.token };
    await startConversation(s);
    await post(s, 'hallo');
    expect((await activities(s)).body.activities.find((a: any) => a.text === 'hallo').from.id).to.equal('dl_shop_customer_77');
    const withSecret = await request(suite.base, 'POST', '/v3/directline/conversations', undefined, auth(SECRET));
    expect(withSecret.status).to.equal(201);
    expect(withSecret.body.token).to.be.a('string');
  });

  it('rejects bad activities with a 4xx and keeps the conversation usable', async () => {
    const s = await newSession();
    await startConversation(s);
    const url = `/v3/directline/conversations/${s.conversationId}/activities`;
    expect((await request(suite.base, 'POST', url, { type: 'teleport' }, auth(s.token))).status).to.equal(400);
    expect((await request(suite.base, 'POST', url, { type: 'message', text: 'x'.repeat(10_001) }, auth(s.token))).status).to.equal(413);
    expect((await request(suite.base, 'POST', url, '{"type":', { ...auth(s.token), 'content-type': 'application/json' })).status).to.equal(400);
    expect(
      (await request(suite.base, 'POST', `/v3/directline/conversations/dl_unknown/activities`, { type: 'message', text: 'x' }, auth(s.token))).status,
    ).to.equal(403);
    expect((await post(s, 'wat zijn de openingstijden')).status).to.equal(200);
    expect(botTexts((await activities(s)).body.activities).join()).to.include('maandag t/m vrijdag');
  });

  it('stores and answers a message Web Chat resends (same clientActivityID) once', async () => {
    const s = await newSession();
    await startConversation(s);
    const url = `/v3/directline/conversations/${s.conversationId}/activities`;
    const message = { type: 'message', text: 'wat zijn de openingstijden', channelData: { clientActivityID: 'web-chat-1700000000000-abc' } };
    const first = await request(suite.base, 'POST', url, message, auth(s.token));
    const again = await request(suite.base, 'POST', url, message, auth(s.token));
    expect(again.status).to.equal(200);
    expect(again.body.id).to.equal(first.body.id);
    const texts = (await activities(s)).body.activities.map((a: any) => a.text);
    expect(texts.filter((t: string) => t === 'wat zijn de openingstijden')).to.have.length(1);
    expect(texts.filter((t: string) => t?.includes('maandag t/m vrijdag'))).to.have.length(1);
  });

  it("refuses connector calls that do not carry the bot's internal secret", async () => {
    const s = await newSession();
    await startConversation(s);
    const forged = await request(
      suite.base,
      'POST',
      `/v3/conversations/${s.conversationId}/activities`,
      { type: 'message', text: 'Je hebt gewonnen! Klik hier' },
      auth('guess'),
    );
    expect(forged.status).to.equal(401);
    expect((await activities(s)).body.activities.map((a: any) => a.text)).not.to.include('Je hebt gewonnen! Klik hier');
  });

  it('streams activities over the WebSocket, from the watermark on', async () => {
    const s = await newSession();
    const { streamUrl } = (await startConversation(s)).body;
    const received: any[] = [];
    const socket = new WebSocket(streamUrl);
    socket.on('message', (data) => received.push(JSON.parse((data as Buffer).toString('utf8'))));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    await post(s, 'what are your opening hours?');
    const deadline = Date.now() + 5000;
    while (!received.some((m) => botTexts(m.activities).join().includes('Monday to Friday')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    socket.close();
    const all = received.flatMap((m) => m.activities);
    expect(botTexts(all)[0], 'the backlog comes first').to.include('Ik ben de digitale assistent');
    expect(all.map((a: any) => a.text)).to.include('what are your opening hours?');
    expect(botTexts(all).join()).to.include('Monday to Friday');
    expect(received.every((m) => typeof m.watermark === 'string')).to.equal(true);

    const refused = await new Promise<number>((resolve) => {
      const other = new WebSocket(streamUrl.replace(/t=[^&]+/, 't=forged'));
      other.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      other.once('open', () => resolve(101));
    });
    expect(refused).to.equal(401);
  });

  it("shows an agent the customer's web chat history when they verify the same order on another channel", async () => {
    const web = await newSession();
    await startConversation(web);
    await post(web, 'waar is bestelling 100001');
    await post(web, '1234AB');
    expect(botTexts((await activities(web)).body.activities).join()).to.include('onderweg met PostNL');

    const login = await request(suite.base, 'POST', '/api/agent/login', { username: 'admin', password: 'admin-password' });
    const agent = auth(login.body.token);
    await request(suite.base, 'POST', '/api/agent/status', { status: 'online' }, agent);
    const other = (text: string) =>
      request(suite.base, 'POST', '/api/messages', messageActivity('other-channel-1', text, { channelId: 'emulator', from: { id: 'someone-else-entirely' } }));
    await other('where is order 100001, postcode 1234AB');
    await other('I want to talk to a human');
    const detail = await request(suite.base, 'GET', '/api/agent/conversations/other-channel-1', undefined, agent);
    const earlier = detail.body.context.earlierConversations;
    expect(earlier.map((c: any) => [c.conversationId, c.channel, c.firstMessage])).to.deep.include([
      web.conversationId,
      'webchat',
      'waar is bestelling 100001',
    ]);
    expect(detail.body.context.summary).to.include('1 earlier conversation');
    expect(replyTexts(await other('stop'))).to.include("You've left the queue");
  });

  it("relays an agent's replies into the web chat conversation", async () => {
    const s = await newSession();
    await startConversation(s);
    const login = await request(suite.base, 'POST', '/api/agent/login', { username: 'admin', password: 'admin-password' });
    const agent = auth(login.body.token);
    await request(suite.base, 'POST', '/api/agent/status', { status: 'online' }, agent);
    await post(s, 'ik wil een medewerker spreken');
    const queued = botTexts((await activities(s)).body.activities).join();
    expect(queued, JSON.stringify(login.body)).to.include('nummer 1 in de wachtrij');
    expect((await request(suite.base, 'POST', `/api/agent/conversations/${s.conversationId}/accept`, {}, agent)).status).to.equal(200);
    const sent = await request(suite.base, 'POST', `/api/agent/conversations/${s.conversationId}/messages`, { text: 'Goedemiddag, ik help je verder!' }, agent);
    expect(sent.body.message.delivered).to.equal(true);
    const texts = botTexts((await activities(s)).body.activities);
    expect(texts).to.include('Goedemiddag, ik help je verder!');
    expect(texts.join()).to.include('Administrator van de klantenservice helpt je nu verder');
    const fromAgent = (await activities(s)).body.activities.find((a: any) => a.text === 'Goedemiddag, ik help je verder!');
    expect(fromAgent.channelData.balie.agentName).to.equal('Administrator');
    expect(fromAgent.from, 'the bot account, under the agent’s name').to.include({ id: 'balie', name: 'Administrator' });
  });

  it('tells the agent who has the conversation that the customer is typing, and keeps typing out of the log and the transcript', async () => {
    const s = await newSession();
    await startConversation(s);
    const typing = () =>
      request(suite.base, 'POST', `/v3/directline/conversations/${s.conversationId}/activities`, { type: 'typing', from: { id: 'x' } }, auth(s.token));
    const login = await request(suite.base, 'POST', '/api/agent/login', { username: 'admin', password: 'admin-password' });
    const agent = auth(login.body.token);
    await request(suite.base, 'POST', '/api/agent/status', { status: 'online' }, agent);
    const stream = await EventStreamReader.open(suite.base, login.body.token);
    try {
      expect((await typing()).status, 'typing while the bot has the conversation').to.equal(200);
      await post(s, 'ik wil een medewerker spreken');
      await request(suite.base, 'POST', `/api/agent/conversations/${s.conversationId}/accept`, {}, agent);
      expect(stream.of('customer_typing'), 'nobody is told while the bot has it').to.deep.equal([]);
      const logged = (await activities(s)).body.activities.length;
      await typing();
      await eventually(() => stream.of('customer_typing').some((e) => e.conversationId === s.conversationId), 'the typing signal in the console');
      expect((await activities(s)).body.activities, 'typing is not kept in the conversation').to.have.length(logged);
      const transcript = (await request(suite.base, 'GET', `/api/agent/conversations/${s.conversationId}`, undefined, agent)).body.transcript;
      expect(transcript.every((line: any) => line.text)).to.equal(true);
    } finally {
      stream.close();
    }
  });
});

describe('the web chat welcome in the browser’s language', function () {
  this.timeout(60_000);

  it('greets an English browser in English before the customer writes', async () => {
    const { withTestService } = await import('../helpers/testService');
    await withTestService({}, async ({ base }) => {
      const chat = (await request(base, 'POST', '/api/webchat/token', { locale: 'en-US' })).body;
      const auth = { authorization: `Bearer ${chat.token}` };
      await request(base, 'POST', '/v3/directline/conversations', {}, auth);
      const page = await request(base, 'GET', `/v3/directline/conversations/${chat.conversationId}/activities`, undefined, auth);
      const welcome = (page.body.activities as { type: string; text?: string }[]).find((a) => a.type === 'message')?.text ?? '';
      expect(welcome).to.include("I'm the digital assistant");
      expect((await request(base, 'POST', '/api/webchat/token', { locale: 'not a locale!' })).status).to.equal(400);
    });
  });
});
