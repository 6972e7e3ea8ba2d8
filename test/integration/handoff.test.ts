import { expect } from 'chai';
import { startTestService } from '../helpers/fixtures';
import { describeEachStore, freshDatabase, TestDatabase } from '../helpers/testDatabases';
import { FakeConnector, messageActivity, replyTexts, request } from '../helpers/httpClient';

const ADMIN_PASSWORD = 'admin-test-password';
const HANDOFF_ENV = { BALIE_BUSINESS_HOURS: 'always', BALIE_ADMIN_PASSWORD: ADMIN_PASSWORD, BALIE_BCRYPT_ROUNDS: '4', BALIE_RELAY_INTERVAL_MS: '3600000' };

const start = (database: TestDatabase, env: Record<string, string> = {}, now?: () => Date) => startTestService(database, { ...HANDOFF_ENV, ...env }, { now });

async function login(base: string, username: string, password: string): Promise<string> {
  const result = await request(base, 'POST', '/api/agent/login', { username, password });
  expect(result.status, JSON.stringify(result.body)).to.equal(200);
  return result.body.token;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Reads Server-Sent Events from the agent stream until `until` says enough. */
async function readStream(base: string, token: string, until: (events: any[]) => boolean, during: () => Promise<void>): Promise<any[]> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/agent/stream?access_token=${token}`, { signal: controller.signal });
  const reader = response.body!.getReader();
  const events: any[] = [];
  let buffer = '';
  const reading = (async () => {
    const decoder = new TextDecoder();
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let split: number;
      while ((split = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (data) events.push(JSON.parse(data.slice(6)));
      }
    }
  })();
  await new Promise((r) => setTimeout(r, 100));
  await during();
  await Promise.race([reading, new Promise((r) => setTimeout(r, 5000))]);
  controller.abort();
  return events;
}

describeEachStore('handoff to a person, end to end over HTTP', function (kind) {
  this.timeout(60_000);
  let dir: TestDatabase;
  let connector: FakeConnector;
  let channelUrl: string;

  beforeEach(async () => {
    dir = await freshDatabase(kind);
    connector = new FakeConnector();
    channelUrl = await connector.start();
  });
  afterEach(async () => {
    await connector.stop();
    await dir.cleanup();
  });

  const customer = (base: string, conversation: string, text: string) =>
    request(base, 'POST', '/api/messages', messageActivity(conversation, text, { serviceUrl: channelUrl }));
  const toCustomer = () => connector.received.map((r) => r.activity);

  it('hands over with the whole context, relays both ways, resolves, and asks about the agent’s part after the bot’s', async () => {
    const { service, base } = await start(dir);
    try {
      const admin = await login(base, 'admin', ADMIN_PASSWORD);
      expect((await request(base, 'POST', '/api/agent/status', { status: 'online' }, auth(admin))).body.agent.status).to.equal('online');

      const status = await customer(base, 'h-1', 'Waar blijft bestelling 100001? Postcode 1234AB');
      expect(replyTexts(status), 'no effort question beside the next steps').not.to.include('Hoe makkelijk was het');
      expect(replyTexts(await customer(base, 'h-1', 'top, bedankt')), 'the bot’s part, after a thanks').to.include('Hoe makkelijk was het');
      let reply = await customer(base, 'h-1', 'Ik wil een medewerker spreken');
      expect(replyTexts(reply)).to.include('Je bent nummer 1 in de wachtrij').and.include('ongeveer');
      const initiation = (reply.body.activities as any[]).find((a) => a.type === 'event' && a.name === 'handoff.initiate');
      expect(initiation, 'handoff.initiate event').to.exist;
      expect(initiation.value.context.entities.order_number).to.equal('100001');
      expect(initiation.attachments[0].name).to.equal('Transcript');
      expect(initiation.attachments[0].content.activities.map((a: any) => a.text)).to.include('Ik wil een medewerker spreken');

      const queue = await request(base, 'GET', '/api/agent/queue', undefined, auth(admin));
      expect(queue.body.items).to.have.length(1);
      expect(queue.body.items[0]).to.include({ conversationId: 'h-1', position: 1, reason: 'customer_request', language: 'nl' });
      expect(queue.body.items[0].summary).to.include('order 100001').and.include('postcode 1234AB');

      const detail = await request(base, 'GET', '/api/agent/conversations/h-1', undefined, auth(admin));
      expect(detail.body.context.entities).to.include({ order_number: '100001', postcode: '1234AB' });
      expect(detail.body.context.intents.map((i: any) => i.name)).to.include('order.status');
      expect(detail.body.transcript.map((l: any) => l.text)).to.include('Waar blijft bestelling 100001? Postcode 1234AB');
      expect(detail.body.handoff).not.to.have.property('conversationReference');

      await service.agents.create({ username: 'sanne', name: 'Sanne', role: 'agent', password: 'sanne-password' });
      const sanne = await login(base, 'sanne', 'sanne-password');
      const race = await Promise.all([admin, sanne].map((t) => request(base, 'POST', '/api/agent/conversations/h-1/accept', {}, auth(t))));
      expect(race.map((r) => r.status).sort()).to.deep.equal([200, 409]);
      const winner = race[0].status === 200 ? admin : sanne;
      const loser = winner === admin ? sanne : admin;
      const winnerName = winner === admin ? 'Administrator' : 'Sanne';
      expect(
        toCustomer()
          .map((a) => a.text)
          .join('\n'),
      ).to.include(`${winnerName} van de klantenservice helpt je nu verder`);
      expect(toCustomer().some((a) => a.type === 'event' && a.name === 'handoff.status' && a.value.state === 'accepted')).to.equal(true);

      const events = await readStream(
        base,
        winner,
        (es) => es.some((e) => e.type === 'customer_message'),
        async () => {
          reply = await customer(base, 'h-1', 'Fijn! Kan het pakket bij de buren?');
          expect(replyTexts(reply), 'the bot stays silent while an agent owns the conversation').to.equal('');
        },
      );
      expect(
        events.find((e) => e.type === 'customer_message'),
        JSON.stringify(events),
      ).to.include({ conversationId: 'h-1', text: 'Fijn! Kan het pakket bij de buren?' });

      expect((await request(base, 'POST', '/api/agent/conversations/h-1/messages', { text: 'Nee' }, auth(loser))).status).to.equal(403);
      const sent = await request(base, 'POST', '/api/agent/conversations/h-1/messages', { text: 'Dat kan: ik zet het erbij.' }, auth(winner));
      expect(sent.status).to.equal(202);
      expect(sent.body.message.delivered).to.equal(true);
      expect(toCustomer().map((a) => a.text)).to.include('Dat kan: ik zet het erbij.');

      const resolved = await request(base, 'POST', '/api/agent/conversations/h-1/resolve', { note: 'afleveren bij buren' }, auth(winner));
      expect(resolved.status).to.equal(200);
      expect(
        toCustomer()
          .map((a) => a.text)
          .join('\n'),
      ).to.include('heeft het gesprek afgerond');
      expect(
        toCustomer().filter((a) => a.text?.includes('Hoe makkelijk was het')),
        'the agent’s part is asked about after every handoff',
      ).to.have.length(1);
      expect(toCustomer().some((a) => a.name === 'handoff.status' && a.value.state === 'completed')).to.equal(true);
      reply = await customer(base, 'h-1', 'wat zijn de verzendkosten');
      expect(replyTexts(reply), 'the bot is back').to.include('€ 4,95');

      const transcript = await service.transcripts.list('h-1');
      expect(transcript.find((e) => e.text === 'Dat kan: ik zet het erbij.')?.fromId).to.match(/^agent:/);
    } finally {
      await service.close();
    }
  });

  it('keeps an agent conversation going across a restart, and delivers messages stored while the channel was down', async () => {
    let { service, base } = await start(dir);
    let token: string;
    try {
      token = await login(base, 'admin', ADMIN_PASSWORD);
      await request(base, 'POST', '/api/agent/status', { status: 'online' }, auth(token));
      await customer(base, 'h-2', 'I want to talk to a person');
      expect((await request(base, 'POST', '/api/agent/conversations/h-2/accept', {}, auth(token))).status).to.equal(200);
    } finally {
      await service.close();
    }
    ({ service, base } = await start(dir));
    try {
      const reply = await customer(base, 'h-2', 'are you still there?');
      expect(replyTexts(reply)).to.equal('');
      await connector.stop();
      const sent = await request(base, 'POST', '/api/agent/conversations/h-2/messages', { text: 'Yes, I am here.' }, auth(token!));
      expect(sent.status).to.equal(202);
      expect(sent.body.message.delivered).to.equal(false);
      const detail = await request(base, 'GET', '/api/agent/conversations/h-2', undefined, auth(token!));
      expect(detail.body.undelivered.map((m: any) => m.text)).to.deep.equal(['Yes, I am here.']);
      // The channel comes back: the customer's next turn carries the stored message.
      const next = await request(base, 'POST', '/api/messages', messageActivity('h-2', 'hello?', { serviceUrl: 'http://127.0.0.1:9' }));
      expect(replyTexts(next)).to.include('Yes, I am here.');
      expect((await request(base, 'GET', '/api/agent/conversations/h-2', undefined, auth(token!))).body.undelivered).to.deep.equal([]);
    } finally {
      await service.close();
    }
  });

  it('offers a ticket out of hours; the ticket carries the context and shows up for agents', async () => {
    const { service, base } = await start(dir, { BALIE_BUSINESS_HOURS: 'never' });
    try {
      await customer(base, 'h-3', 'My order 100002 arrived broken');
      let reply = await customer(base, 'h-3', 'agent');
      expect(replyTexts(reply)).to.include('no colleague is available').and.include('Shall I create a ticket');
      reply = await customer(base, 'h-3', 'yes');
      expect(replyTexts(reply)).to.include('answer by email as well');
      reply = await customer(base, 'h-3', 'piet@example.com');
      expect(replyTexts(reply))
        .to.match(/created ticket BAL-[A-Z2-9]{5}/)
        .and.include('piet@example.com');
      const token = await login(base, 'admin', ADMIN_PASSWORD);
      const tickets = await request(base, 'GET', '/api/agent/tickets', undefined, auth(token));
      expect(tickets.body.items).to.have.length(1);
      expect(tickets.body.items[0]).to.include({ conversationId: 'h-3', email: 'piet@example.com', reason: 'needs_human' });
      const detail = await request(base, 'GET', '/api/agent/conversations/h-3', undefined, auth(token));
      expect(detail.body.context.entities).to.include({ order_number: '100002', email: 'piet@example.com' });
      // Resolving a ticket through the conversation route closes it.
      expect((await request(base, 'POST', '/api/agent/conversations/h-3/resolve', { note: 'replacement sent' }, auth(token))).body.handoff.state).to.equal(
        'closed',
      );
      expect((await request(base, 'GET', '/api/agent/tickets', undefined, auth(token))).body.items).to.have.length(0);
    } finally {
      await service.close();
    }
  });

  it('offers a ticket when nobody is online, even in business hours', async () => {
    const { service, base } = await start(dir);
    try {
      const reply = await customer(base, 'h-4', 'medewerker');
      expect(replyTexts(reply)).to.include('geen collega beschikbaar').and.include('ticket');
    } finally {
      await service.close();
    }
  });

  it('tells a waiting customer when their position changes, and times out a long wait', async () => {
    let now = new Date('2026-11-23T10:00:00Z');
    const { service, base } = await start(dir, { BALIE_MAX_QUEUE_MINUTES: '20' }, () => now);
    try {
      const token = await login(base, 'admin', ADMIN_PASSWORD);
      await request(base, 'POST', '/api/agent/status', { status: 'online' }, auth(token));
      await customer(base, 'q-1', 'human please');
      const second = await customer(base, 'q-2', 'human please');
      expect(replyTexts(second)).to.include('number 2 in the queue');
      await request(base, 'POST', '/api/agent/conversations/q-1/accept', {}, auth(token));
      expect(
        toCustomer()
          .filter((a) => a.conversation.id === 'q-2')
          .map((a) => a.text)
          .join(),
      ).to.include("You're now number 1 in the queue");
      now = new Date(now.getTime() + 21 * 60_000);
      await service.relay.expireQueue();
      expect(
        toCustomer()
          .filter((a) => a.conversation.id === 'q-2')
          .map((a) => a.text)
          .join(),
      ).to.include('no colleague could take your question in time');
      let reply = await customer(base, 'q-2', 'Yes');
      expect(replyTexts(reply)).to.include('answer by email as well');
      reply = await customer(base, 'q-2', 'q2@example.com');
      expect(replyTexts(reply)).to.include('created ticket');
    } finally {
      await service.close();
    }
  });

  it('guards the agent API: no token, a wrong password, an expired token', async () => {
    let now = new Date('2026-11-23T10:00:00Z');
    const { service, base } = await start(dir, { BALIE_AGENT_TOKEN_TTL_MINUTES: '5' }, () => now);
    try {
      expect((await request(base, 'GET', '/api/agent/queue')).status).to.equal(401);
      expect((await request(base, 'GET', '/api/agent/queue', undefined, { authorization: 'Bearer nonsense' })).status).to.equal(401);
      const wrong = await request(base, 'POST', '/api/agent/login', { username: 'admin', password: 'wrong' });
      expect(wrong.status).to.equal(401);
      expect(wrong.body.error.code).to.equal('invalid_credentials');
      expect((await request(base, 'POST', '/api/agent/login', { username: 'admin' })).status).to.equal(400);
      const token = await login(base, 'admin', ADMIN_PASSWORD);
      expect((await request(base, 'GET', '/api/agent/queue', undefined, auth(token))).status).to.equal(200);
      now = new Date(now.getTime() + 6 * 60_000);
      expect((await request(base, 'GET', '/api/agent/queue', undefined, auth(token))).status).to.equal(401);
      expect((await request(base, 'POST', '/api/agent/conversations/nope/accept', {}, auth(await login(base, 'admin', ADMIN_PASSWORD)))).status).to.equal(404);
    } finally {
      await service.close();
    }
  });
});
