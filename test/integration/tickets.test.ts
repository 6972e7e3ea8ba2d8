import { expect } from 'chai';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { documentedVerifier } from '../helpers/documentedVerifier';
import { freshDatabase, describeEachStore, TestDatabase } from '../helpers/testDatabases';
import { startTestService } from '../helpers/fixtures';
import { FakeConnector, messageActivity, replyTexts, request, teamsText } from '../helpers/httpClient';
import { eventually } from '../helpers/liveClients';
import { SmtpSink } from '../helpers/smtpSink';

const ADMIN_PASSWORD = 'admin-test-password';
const PUBLIC_URL = 'https://support.huisjeenco.example';
/** Monday 30 November 2026, 22:00 in Amsterdam: customer service is closed. */
const MONDAY_NIGHT = '2026-11-30T21:00:00Z';
/** Tuesday 1 December, 09:30 in Amsterdam. */
const TUESDAY_MORNING = '2026-12-01T08:30:00Z';
/** Tuesday 12:00 in Amsterdam: a ticket from Monday night is due then (the sample pack's "next business day before 12:00"). */
const TUESDAY_NOON = '2026-12-01T11:00:00.000Z';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

interface WebChatSession {
  conversationId: string;
  token: string;
  visitor: string;
}

describeEachStore('tickets that reach the customer', function (kind) {
  this.timeout(60_000);
  let database: TestDatabase;
  let smtp: SmtpSink;
  let connector: FakeConnector;
  let channelUrl: string;
  let now: Date;

  beforeEach(async () => {
    database = await freshDatabase(kind);
    smtp = new SmtpSink();
    connector = new FakeConnector();
    channelUrl = await connector.start();
    now = new Date(MONDAY_NIGHT);
  });
  afterEach(async () => {
    await connector.stop();
    await smtp.stop();
    await database.cleanup();
  });

  const start = async (env: Record<string, string> = {}) =>
    startTestService(
      database,
      {
        BALIE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        BALIE_BCRYPT_ROUNDS: '4',
        BALIE_RELAY_INTERVAL_MS: '3600000',
        SMTP_URL: await smtp.start(),
        TICKETS_EMAIL_FROM: 'Huisje & Co <no-reply@huisjeenco.example>',
        BALIE_PUBLIC_URL: PUBLIC_URL,
        ...env,
      },
      { now: () => now },
    );

  const login = async (base: string) => (await request(base, 'POST', '/api/agent/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token as string;

  // A web chat customer over Balie's own Direct Line routes.
  const webChatToken = async (base: string, body: Record<string, unknown>): Promise<WebChatSession> => {
    const result = await request(base, 'POST', '/api/webchat/token', body);
    expect(result.status, result.text).to.equal(200);
    return result.body;
  };
  const open = (base: string, s: WebChatSession) => request(base, 'POST', '/v3/directline/conversations', undefined, auth(s.token));
  const botTexts = async (base: string, s: WebChatSession): Promise<string[]> => {
    const page = await request(base, 'GET', `/v3/directline/conversations/${s.conversationId}/activities`, undefined, auth(s.token));
    return (page.body.activities as any[]).filter((a) => a.from.id !== s.conversationId && a.type === 'message' && a.from.role !== 'user').map((a) => a.text);
  };
  const say = async (base: string, s: WebChatSession, text: string, expected: string) => {
    const before = (await botTexts(base, s)).length;
    const posted = await request(base, 'POST', `/v3/directline/conversations/${s.conversationId}/activities`, { type: 'message', text }, auth(s.token));
    expect(posted.status, posted.text).to.equal(200);
    let replies: string[] = [];
    await eventually(async () => {
      replies = (await botTexts(base, s)).slice(before);
      return replies.join('\n').includes(expected);
    }, `"${expected}" after "${text}"`);
    return replies.join('\n');
  };

  it('answers a web chat customer who left a question at night: by email, and in the chat when they come back, where they can reply', async () => {
    const { service, base } = await start();
    try {
      // Monday night: the customer asks for a person and leaves an email address.
      const first = await webChatToken(base, { locale: 'nl-NL' });
      expect(first.visitor, 'a visitor token to keep in the browser').to.be.a('string');
      await open(base, first);
      await say(base, first, 'Ik wil graag een medewerker spreken over mijn bestelling', 'ticket');
      await say(base, first, 'ja', 'ook per e-mail');
      const created = await say(base, first, 'sanne@example.nl', 'Ik heb ticket');
      expect(created).to.include('uiterlijk dinsdag 1 december om 12:00').and.include('sanne@example.nl');
      const reference = /BAL-[A-Z0-9]{5}/.exec(created)![0];

      // Tuesday morning: an agent finds it, due at noon, takes it and answers.
      now = new Date(TUESDAY_MORNING);
      const token = await login(base);
      const list = await request(base, 'GET', '/api/agent/tickets', undefined, auth(token));
      expect(list.body.email).to.deep.equal({ enabled: true });
      expect(list.body.items).to.have.length(1);
      const item = list.body.items[0];
      expect([item.reference, item.state, item.dueAt, item.overdue, item.email]).to.deep.equal([reference, 'ticket', TUESDAY_NOON, false, 'sanne@example.nl']);
      const view = await request(base, 'GET', `/api/agent/tickets/${item.handoffId}`, undefined, auth(token));
      expect(view.body.context.summary, 'the same context as a live handoff').to.be.a('string');
      expect(view.body.transcript.map((l: any) => l.text)).to.include('Ik wil graag een medewerker spreken over mijn bestelling');
      const me = (await request(base, 'GET', '/api/agent/me', undefined, auth(token))).body.agent;
      expect((await request(base, 'POST', `/api/agent/tickets/${item.handoffId}/take`, {}, auth(token))).body.ticket.agentId).to.equal(me.id);
      const answered = await request(
        base,
        'POST',
        `/api/agent/tickets/${item.handoffId}/answer`,
        { text: 'Je pakket is vandaag met PostNL verstuurd.' },
        auth(token),
      );
      expect(answered.status, answered.text).to.equal(201);
      expect(answered.body.ticket.state).to.equal('answered');

      // The email: to the customer, the reference in the subject, Dutch, from the no-reply address, with a link back.
      await eventually(() => smtp.received.length === 1, 'the answer by email');
      const mail = smtp.received[0];
      expect(mail.to).to.deep.equal(['sanne@example.nl']);
      expect(mail.from).to.equal('no-reply@huisjeenco.example');
      expect(mail.subject).to.equal(`Ticket ${reference}: antwoord op je vraag`);
      expect(mail.headers.get('content-language')).to.equal('nl');
      expect(mail.text).to.include('Je pakket is vandaag met PostNL verstuurd.').and.include(`${PUBLIC_URL}/?ticket=`);
      expect(mail.html).to.include('Je pakket is vandaag met PostNL verstuurd.');
      expect(mail.text, 'no context package or internal detail in the mail').not.to.include('sanne@example.nl').and.not.include('summary');
      await eventually(async () => {
        const deliveries = (await request(base, 'GET', `/api/agent/tickets/${item.handoffId}`, undefined, auth(token))).body.deliveries as any[];
        return deliveries.filter((d) => d.status === 'sent').length === 2;
      }, 'the email and the web chat posting recorded as sent');

      // The customer comes back (same browser: the visitor token): the answer comes first, before the welcome.
      const back = await webChatToken(base, { locale: 'nl-NL', visitor: first.visitor });
      expect(back.conversationId).not.to.equal(first.conversationId);
      await open(base, back);
      let shown: string[] = [];
      await eventually(async () => (shown = await botTexts(base, back)).length >= 4, 'the answer and the welcome');
      expect(shown[0]).to.equal(`Antwoord van ${me.name} op je ticket ${reference}:`);
      expect(shown[1]).to.equal('Je pakket is vandaag met PostNL verstuurd.');
      expect(shown[2]).to.include('Wil je reageren?');
      expect(shown[3]).to.include('digitale assistent');
      const delivered = (await request(base, 'GET', `/api/agent/tickets/${item.handoffId}`, undefined, auth(token))).body.deliveries as any[];
      expect(delivered.find((d) => d.channel === 'webchat').status).to.equal('delivered');

      // Their reply goes into the ticket, which is open again and due anew (Wednesday noon).
      await say(base, back, 'Dank je! Kan het ook naar een afhaalpunt?', 'reactie bij ticket');
      const reopened = (await request(base, 'GET', `/api/agent/tickets/${item.handoffId}`, undefined, auth(token))).body;
      expect(reopened.ticket.state).to.equal('ticket');
      expect(reopened.ticket.dueAt).to.equal('2026-12-02T11:00:00.000Z');
      expect(reopened.thread.map((m: any) => [m.author, m.text])).to.deep.equal([
        ['agent', 'Je pakket is vandaag met PostNL verstuurd.'],
        ['customer', 'Dank je! Kan het ook naar een afhaalpunt?'],
      ]);

      // The link in the email opens the ticket's own conversation, with the answer in it.
      const link = new URL(/https:\/\/\S+/.exec(mail.text)![0]).searchParams.get('ticket')!;
      const viaLink = await webChatToken(base, { ticketLink: link });
      expect(viaLink.conversationId).to.equal(first.conversationId);
      await open(base, viaLink);
      expect(await botTexts(base, viaLink)).to.include('Je pakket is vandaag met PostNL verstuurd.');
      const forged = await request(base, 'POST', '/api/webchat/token', { ticketLink: `${link}x` });
      expect([forged.status, forged.body.error.code]).to.deep.equal([400, 'invalid_ticket_link']);

      // Closed with an internal note: the note never reaches the customer.
      await request(base, 'POST', `/api/agent/tickets/${item.handoffId}/answer`, { text: 'Ja, dat kan: ik heb het aangepast.' }, auth(token));
      await eventually(() => smtp.received.length === 2, 'the second answer by email');
      const closed = await request(base, 'POST', `/api/agent/tickets/${item.handoffId}/close`, { note: 'INTERN: klant is VIP' }, auth(token));
      expect(closed.body.ticket.state).to.equal('closed');
      expect((await request(base, 'GET', '/api/agent/tickets', undefined, auth(token))).body.items).to.deep.equal([]);

      // Closed by the agent: how easy was it, by email, one link per score; one click records it, once.
      await eventually(() => smtp.received.length === 3, 'the effort question by email');
      expect(smtp.received.map((m) => m.text + m.html).join('\n')).not.to.include('INTERN');
      const effortMail = smtp.received[2];
      expect(effortMail.subject).to.equal(`Ticket ${reference}: hoe makkelijk ging het?`);
      expect(effortMail.text).to.include('1 – heel moeilijk').and.include('7 – heel makkelijk');
      const six = new URL(/https:\/\/\S+score=6/.exec(effortMail.text)![0]);
      expect(six.origin).to.equal(PUBLIC_URL);
      const click = async (url: URL) => (await fetch(`${base}${url.pathname}${url.search}`, { headers: { accept: 'text/html' } })).text();
      expect(await click(six)).to.include('Je gaf een 6 van de 7');
      expect((await service.store.effortScores.forConversation(first.conversationId))?.score).to.equal(6);
      const two = new URL(six.href.replace('score=6', 'score=2'));
      expect(await click(two), 'the first answer counts').to.include('we hadden je antwoord al');
      expect((await service.store.effortScores.forConversation(first.conversationId))?.score).to.equal(6);
      const json = { accept: 'application/json' };
      const forgedEffort = await request(base, 'GET', `${six.pathname}?t=${encodeURIComponent(`${six.searchParams.get('t')}x`)}&score=6`, undefined, json);
      expect([forgedEffort.status, forgedEffort.body.error.code]).to.deep.equal([400, 'invalid_link']);
      expect((await request(base, 'GET', `${six.pathname}?t=x&score=9`, undefined, json)).body.error.message).to.include('score');
      expect(await click(new URL(`${six.origin}${six.pathname}?t=x&score=3`)), 'a page for the customer').to.include('werkt niet');
    } finally {
      await service.close();
    }
  });

  it('answers a Teams customer in the same conversation, without asking an email address; tells them once when it runs late; the agent who helps them next time can open it', async () => {
    const { service, base } = await start();
    try {
      const teams = (text: string) =>
        request(base, 'POST', '/api/messages', messageActivity('teams-1', text, { channelId: 'msteams', serviceUrl: channelUrl }));
      await teams('I would like to talk to a person please');
      const created = replyTexts(await teams('yes'));
      expect(created, 'no email question on Teams: the answer comes here')
        .to.include("I've created ticket")
        .and.include('in this conversation by Tuesday 1 December at 12:00');
      const reference = /BAL-[A-Z0-9]{5}/.exec(created)![0];

      // Past the due time, unanswered: one honest message, and the ticket is marked overdue for agents.
      now = new Date(Date.parse(TUESDAY_NOON) + 60_000);
      await service.tickets.markOverdue();
      await service.tickets.markOverdue();
      await service.ticketDeliveries.run();
      const told = () => connector.received.map((r) => r.activity.text as string).filter((t) => t?.includes('taking longer than we promised'));
      await eventually(() => told().length === 1, 'the overdue notice');
      expect(told()[0]).to.include(reference).and.include('Expect an answer by Wednesday 2 December at 12:00');
      const token = await login(base);
      const [item] = (await request(base, 'GET', '/api/agent/tickets', undefined, auth(token))).body.items;
      expect(item.overdue).to.equal(true);

      // The answer arrives in the Teams conversation as the agent's message, with the way to reply.
      const before = connector.received.length;
      await request(base, 'POST', `/api/agent/tickets/${item.handoffId}/answer`, { text: 'Your refund was sent today.' }, auth(token));
      await eventually(() => connector.received.length >= before + 3, 'the answer in Teams');
      const sent = connector.received.slice(before).map((r) => r.activity);
      expect(sent.map(teamsText)).to.include('Your refund was sent today.');
      expect(sent.find((a) => teamsText(a) === 'Your refund was sent today.').replyToId, 'a proactive message replies to nothing').to.equal(undefined);
      // Recorded once the channel took it (a moment after the message reached it).
      const deliveries = async () =>
        ((await request(base, 'GET', `/api/agent/tickets/${item.handoffId}`, undefined, auth(token))).body.deliveries as any[]).map((d) => [
          d.subject.split(':')[0],
          d.channel,
          d.status,
        ]);
      await eventually(async () => (await deliveries())[1]?.[2] === 'delivered', 'the answer recorded as delivered');
      expect(await deliveries()).to.deep.equal([
        ['overdue', 'msteams', 'delivered'],
        ['answer', 'msteams', 'delivered'],
      ]);
      expect(smtp.received, 'no email: none was given').to.deep.equal([]);
      // The customer's next message in Teams is their reply.
      expect(replyTexts(await teams('Thanks, but it is not in my account yet'))).to.include(`added your reply to ticket ${reference}`);
      expect((await request(base, 'GET', `/api/agent/tickets/${item.handoffId}`, undefined, auth(token))).body.ticket.state).to.equal('ticket');

      // Closed by the agent: the effort question comes in Teams, and the answer counts like any other.
      const beforeClose = connector.received.length;
      await request(base, 'POST', `/api/agent/tickets/${item.handoffId}/close`, {}, auth(token));
      await eventually(() => connector.received.slice(beforeClose).some((r) => (r.activity.text ?? '').includes('How easy was it')), 'the effort question');
      await eventually(async () => (await deliveries()).some(([subject, , status]) => subject === 'effort' && status === 'delivered'), 'recorded');
      expect(replyTexts(await teams('6'))).to.include('Thank you');
      const score = await service.store.effortScores.forConversation('teams-1');
      expect([score?.score, score?.resolvedBy, score?.handoffId]).to.deep.equal([6, 'agent', item.handoffId]);

      // Back another day in a new conversation: the agent sees the earlier ticket and can open it.
      now = new Date(Date.parse(TUESDAY_NOON) + 2 * 3600_000);
      await request(base, 'POST', '/api/agent/status', { status: 'online' }, auth(token));
      await request(
        base,
        'POST',
        '/api/messages',
        messageActivity('teams-2', 'I want to talk to a person', { channelId: 'msteams', serviceUrl: channelUrl, from: { id: 'user-teams-1' } }),
      );
      const context = (await request(base, 'GET', '/api/agent/conversations/teams-2', undefined, auth(token))).body.context;
      expect(context.earlierConversations.map((c: any) => c.ticket)).to.deep.equal([{ id: item.handoffId, reference, state: 'closed' }]);
      expect((await request(base, 'GET', `/api/agent/tickets/${item.handoffId}`, undefined, auth(token))).body.ticket.reference).to.equal(reference);
    } finally {
      await service.close();
    }
  });

  it('retries an email the mail server refused, with growing waits, and shows the agent why it is waiting', async () => {
    const { service, base } = await start();
    try {
      const conversation = (text: string) => request(base, 'POST', '/api/messages', messageActivity('mail-1', text, { serviceUrl: channelUrl }));
      await conversation('Ik wil een medewerker spreken');
      await conversation('ja');
      expect(replyTexts(await conversation('jan@example.nl'))).to.include('jan@example.nl');
      now = new Date(TUESDAY_MORNING);
      const token = await login(base);
      const [item] = (await request(base, 'GET', '/api/agent/tickets', undefined, auth(token))).body.items;
      smtp.failNext = 2;
      await request(base, 'POST', `/api/agent/tickets/${item.handoffId}/answer`, { text: 'Het is geregeld.' }, auth(token));
      const emailDelivery = async () =>
        ((await request(base, 'GET', `/api/agent/tickets/${item.handoffId}`, undefined, auth(token))).body.deliveries as any[]).find(
          (d) => d.channel === 'email',
        );
      await eventually(async () => (await emailDelivery()).attempts === 1, 'the first, refused attempt');
      let delivery = await emailDelivery();
      expect(delivery.status).to.equal('pending');
      expect(delivery.lastError).to.include('451');
      expect(Date.parse(delivery.nextAttemptAt) - now.getTime()).to.equal(30_000);
      await service.ticketDeliveries.run();
      expect((await emailDelivery()).attempts, 'not before its time').to.equal(1);
      now = new Date(now.getTime() + 30_000);
      await service.ticketDeliveries.run();
      delivery = await emailDelivery();
      expect([delivery.attempts, Date.parse(delivery.nextAttemptAt) - now.getTime()]).to.deep.equal([2, 60_000]);
      now = new Date(now.getTime() + 60_000);
      await service.ticketDeliveries.run();
      delivery = await emailDelivery();
      expect([delivery.status, delivery.attempts]).to.deep.equal(['sent', 3]);
      expect(smtp.received).to.have.length(1);
    } finally {
      await service.close();
    }
  });
});

describe('the ticket webhook for a helpdesk', function () {
  this.timeout(60_000);
  const SECRET = 'helpdesk-webhook-secret-123';
  let database: TestDatabase;
  let connector: FakeConnector;
  let channelUrl: string;
  let helpdesk: Server;
  let helpdeskUrl: string;
  let now: Date;
  /** What the helpdesk received and accepted, and how many requests it refused on purpose. */
  const accepted: { id: string; type: string; body: any }[] = [];
  const refusedSignatures: string[] = [];
  let failuresLeft = 0;

  beforeEach(async () => {
    database = await freshDatabase('sqlite');
    connector = new FakeConnector();
    channelUrl = await connector.start();
    now = new Date(MONDAY_NIGHT);
    accepted.length = 0;
    refusedSignatures.length = 0;
    failuresLeft = 2;
    // The helpdesk's receiver, written from docs/TICKETS.md: it checks the signature, then dedupes by Idempotency-Key.
    helpdesk = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const signed = documentedVerifier()([SECRET], req.headers, req.method!, req.url!, body);
      if (!signed) {
        refusedSignatures.push(req.url!);
        res.writeHead(401).end();
        return;
      }
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(503).end();
        return;
      }
      const id = req.headers['idempotency-key'] as string;
      if (!accepted.some((e) => e.id === id)) accepted.push({ id, type: req.headers['x-balie-event'] as string, body: JSON.parse(body) });
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => helpdesk.listen(0, '127.0.0.1', resolve));
    helpdeskUrl = `http://127.0.0.1:${(helpdesk.address() as AddressInfo).port}/hooks/balie?source=support`;
  });
  afterEach(async () => {
    helpdesk.closeAllConnections();
    await new Promise((resolve) => helpdesk.close(resolve));
    await connector.stop();
    await database.cleanup();
  });

  it('posts every ticket event signed, retries a failing helpdesk with growing waits, delivers each event once, and tells it of an erasure', async () => {
    const { service, base } = await startTestService(
      database,
      {
        BALIE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        BALIE_BCRYPT_ROUNDS: '4',
        BALIE_RELAY_INTERVAL_MS: '3600000',
        TICKETS_WEBHOOK_URL: helpdeskUrl,
        TICKETS_WEBHOOK_SECRET: SECRET,
      },
      { now: () => now },
    );
    try {
      const teams = (text: string) => request(base, 'POST', '/api/messages', messageActivity('wh-1', text, { channelId: 'msteams', serviceUrl: channelUrl }));
      await teams('Ik wil een medewerker spreken over bestelling 100001');
      expect(replyTexts(await teams('ja'))).to.match(/ticket BAL-/);
      // Two refusals: the first attempt and the retry 30 s later fail; the next, 60 s after that, lands.
      await eventually(async () => (await service.store.webhooks.backlog()) === 1 && failuresLeft === 1, 'the first refused attempt');
      now = new Date(now.getTime() + 30_000);
      await service.webhook.run();
      expect(failuresLeft).to.equal(0);
      await service.webhook.run();
      expect(accepted, 'not before its time').to.have.length(0);
      now = new Date(now.getTime() + 60_000);
      await service.webhook.run();
      expect(accepted.map((e) => e.type)).to.deep.equal(['ticket.created']);
      const created = accepted[0].body;
      expect(created.type).to.equal('ticket.created');
      expect(created.id).to.equal(accepted[0].id);
      expect(created.ticket.reference).to.match(/^BAL-/);
      expect(created.ticket.dueAt).to.equal(TUESDAY_NOON);
      expect(created.context.entities.order_number).to.equal('100001');
      expect(created.ticket.conversationReference, 'channel internals stay home').to.equal(undefined);

      // Answer, the customer's reply, close: each event once, in order.
      now = new Date(TUESDAY_MORNING);
      const token = await (async () =>
        (await request(base, 'POST', '/api/agent/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token as string)();
      const id = created.ticket.id as string;
      await request(base, 'POST', `/api/agent/tickets/${id}/answer`, { text: 'We sturen vandaag een nieuwe.' }, auth(token));
      await eventually(() => connector.received.some((r) => teamsText(r.activity) === 'We sturen vandaag een nieuwe.'), 'the answer in Teams');
      await eventually(async () => (await service.store.tickets.deliveries(id)).every((d) => d.status === 'delivered'), 'the delivery recorded');
      await teams('Top, maar kan ik de kapotte houden?');
      await request(base, 'POST', `/api/agent/tickets/${id}/close`, { note: 'klant mag hem houden' }, auth(token));
      await service.webhook.run();
      await eventually(() => accepted.length === 4, 'answered, reopened and closed');
      expect(accepted.map((e) => e.type)).to.deep.equal(['ticket.created', 'ticket.answered', 'ticket.reopened', 'ticket.closed']);
      expect(accepted[1].body.message).to.include({ author: 'agent', text: 'We sturen vandaag een nieuwe.' });
      expect(accepted[2].body.message).to.include({ author: 'customer', text: 'Top, maar kan ik de kapotte houden?' });
      expect(accepted[3].body.ticket).to.include({ state: 'closed', note: 'klant mag hem houden' });
      expect(new Set(accepted.map((e) => e.id)).size).to.equal(4);

      // The customer's data is erased: the helpdesk is told which tickets to erase.
      const erased = await request(base, 'DELETE', `/api/admin/customers/${encodeURIComponent('user-wh-1')}`, undefined, auth(token));
      expect(erased.status, erased.text).to.equal(200);
      await service.webhook.run();
      await eventually(() => accepted.length === 5, 'customer.erased');
      expect(accepted[4].body).to.deep.include({ type: 'customer.erased', customerIds: ['user-wh-1'], tickets: [{ id, reference: created.ticket.reference }] });
      expect(refusedSignatures).to.deep.equal([]);
      expect(await service.store.webhooks.backlog()).to.equal(0);
    } finally {
      await service.close();
    }
  });
});
