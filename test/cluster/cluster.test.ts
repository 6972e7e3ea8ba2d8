import { expect } from 'chai';
import { PostgresDatabase } from '../../store/sql/postgresDatabase';
import { request } from '../helpers/httpClient';
import { DirectLineSocket, eventually, EventStreamReader } from '../helpers/liveClients';
import { RunningService, runService, waitForPort } from '../helpers/processes';
import { freshPostgresUrl } from '../helpers/testDatabases';
import { tempDir } from '../helpers/fixtures';

const ADMIN_PASSWORD = 'cluster-admin-password';

interface Instance {
  readonly name: string;
  readonly process: RunningService;
  readonly base: string;
  alive: boolean;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A customer's message on the Bot Framework route, answered in the response (expectReplies). */
const customerMessage = (conversation: string, id: string, text: string) => ({
  type: 'message',
  id,
  channelId: 'cluster-test',
  serviceUrl: 'http://127.0.0.1:9',
  conversation: { id: conversation },
  from: { id: `customer-${conversation}` },
  recipient: { id: 'balie' },
  deliveryMode: 'expectReplies',
  text,
});

/**
 * Three real instances (`node dist/app/index.js`, as `npm start` runs it) on one fresh
 * PostgreSQL database, with customers and agents spread over them, as an operator behind a
 * load balancer without sticky sessions would run them.
 */
describe('three instances on one PostgreSQL database', function () {
  this.timeout(240_000);
  let database: { url: string; drop: () => Promise<void> };
  let db: PostgresDatabase;
  let instances: Instance[];
  let dir: ReturnType<typeof tempDir>;

  const start = async (name: string): Promise<Instance> => {
    const running = runService({
      PORT: '0',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '8',
      BALIE_DATA_DIR: dir.path,
      BALIE_INSTANCE_ID: name,
      BALIE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BALIE_BCRYPT_ROUNDS: '4',
      BALIE_BUSINESS_HOURS: 'always',
      BALIE_RELAY_INTERVAL_MS: '500',
      BALIE_DELIVERY_CLAIM_SECONDS: '3',
      BALIE_SHUTDOWN_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'info',
    });
    const port = await waitForPort(running);
    return { name, process: running, base: `http://127.0.0.1:${port}`, alive: true };
  };

  /** A load balancer's retry: the request goes to the next live instance when one does not answer. */
  const send = async (preferred: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    for (let attempt = 0; attempt < instances.length * 2; attempt++) {
      const instance = instances[(preferred + attempt) % instances.length];
      if (!instance.alive) continue;
      try {
        return await request(instance.base, method, path, body, headers);
      } catch {
        // Connection refused or reset: that instance is gone; try the next.
      }
    }
    throw new Error('no instance answered');
  };

  before(async () => {
    dir = tempDir();
    // An empty database: the three instances, started together, migrate it between them.
    database = await freshPostgresUrl({ unmigrated: true });
    db = new PostgresDatabase({ url: database.url, poolSize: 2, statementTimeoutMs: 30_000 });
    instances = await Promise.all(['a', 'b', 'c'].map(start));
  });

  after(async () => {
    for (const instance of instances ?? []) {
      if (!instance.alive) continue;
      instance.process.child.kill('SIGTERM');
      await instance.process.exited;
    }
    await db?.close();
    await database?.drop();
    dir?.cleanup();
  });

  it('migrates once and creates one admin account when the instances start together', async () => {
    expect((await db.all('SELECT name FROM schema_migrations')).length).to.be.greaterThan(0);
    expect((await db.get<{ n: number }>('SELECT COUNT(*)::int AS n FROM agents'))?.n).to.equal(1);
    for (const instance of instances) {
      expect((await request(instance.base, 'GET', '/readyz')).status).to.equal(200);
      expect((await request(instance.base, 'POST', '/api/agent/login', { username: 'admin', password: ADMIN_PASSWORD })).status).to.equal(200);
    }
  });

  it('hands a web chat over across instances: customer, agent and live streams each on another, replies within a second', async () => {
    const [a, b, c] = instances;
    const { token, conversationId } = (await request(a.base, 'POST', '/api/webchat/token')).body;
    expect((await request(b.base, 'POST', '/v3/directline/conversations', {}, auth(token))).status).to.equal(201);
    const socket = await DirectLineSocket.open(`${c.base.replace('http', 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${token}`);
    await eventually(() => socket.texts().some((t) => t.startsWith('Hallo!')), 'the welcome (sent on b) on the stream (on c)');

    const agentToken = (await request(c.base, 'POST', '/api/agent/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token;
    const console = await EventStreamReader.open(a.base, agentToken);
    try {
      const post = (instance: Instance, text: string) =>
        request(
          instance.base,
          'POST',
          `/v3/directline/conversations/${conversationId}/activities`,
          { type: 'message', text, channelData: { clientActivityID: `${text}-${Date.now()}` } },
          auth(token),
        );

      expect((await post(a, 'Ik wil een medewerker spreken')).status).to.equal(200);
      await eventually(() => socket.texts().some((t) => t.includes('nummer 1 in de wachtrij')), 'the queue position');
      await eventually(() => console.of('queue_changed').length > 0, 'the console (on a) to hear of the queue');

      expect((await request(b.base, 'POST', `/api/agent/conversations/${conversationId}/accept`, {}, auth(agentToken))).status).to.equal(200);
      await eventually(() => socket.texts().some((t) => t.includes('helpt je nu verder')), 'the agent-joined notice (sent through b)');
      expect((await request(c.base, 'POST', `/api/agent/conversations/${conversationId}/accept`, {}, auth(agentToken))).status, 'a second accept').to.equal(
        409,
      );

      const sentAt = Date.now();
      await post(b, 'Mijn lamp is kapot aangekomen');
      await eventually(
        () => console.of('customer_message').some((e) => e.text === 'Mijn lamp is kapot aangekomen'),
        'the customer message (posted on b) in the console (on a)',
        1_000,
      );
      expect(console.events.find((e) => e.data.text === 'Mijn lamp is kapot aangekomen')!.at - sentAt).to.be.below(1_000);

      const replyAt = Date.now();
      const reply = await request(
        a.base,
        'POST',
        `/api/agent/conversations/${conversationId}/messages`,
        { text: 'Wat vervelend! Ik stuur een nieuwe.' },
        auth(agentToken),
      );
      expect(reply.status).to.equal(202);
      await eventually(() => socket.texts().includes('Wat vervelend! Ik stuur een nieuwe.'), 'the agent reply (sent on a) on the stream (on c)', 1_000);
      expect(socket.activities.find((x) => x.activity.text === 'Wat vervelend! Ik stuur een nieuwe.')!.at - replyAt).to.be.below(1_000);

      const detail = await request(b.base, 'GET', `/api/agent/conversations/${conversationId}`, undefined, auth(agentToken));
      expect(detail.body.transcript.map((l: any) => l.text)).to.include.members([
        'Ik wil een medewerker spreken',
        'Mijn lamp is kapot aangekomen',
        'Wat vervelend! Ik stuur een nieuwe.',
      ]);

      // What is shared shows in every instance's metrics.
      const metrics = (await request(a.base, 'GET', '/metrics')).text;
      expect(metrics).to.match(/^balie_db_pool_connections\{state="total"\} [1-9]/m);
      expect(metrics).to.match(/^balie_fanout_lag_seconds_count [1-9]/m);
      expect(metrics).to.match(/^balie_lock_wait_seconds_count [1-9]/m);
      expect(metrics).to.match(/^balie_outbox_backlog \d+/m);
    } finally {
      console.close();
      socket.close();
    }
  });

  it('picks up a content change made on one instance on the others within 5 seconds', async () => {
    const [a, , c] = instances;
    const text = 'hoe laat rinkelt de pakjesman bij mij aan';
    expect((await request(c.base, 'POST', '/api/nlu/parse', { text })).body.intent.name).to.equal('none');
    const admin = (await request(a.base, 'POST', '/api/agent/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token;
    const addedAt = Date.now();
    expect((await request(a.base, 'POST', '/api/analytics/examples', { intent: 'delivery.time', language: 'nl', text }, auth(admin))).status).to.equal(201);
    await eventually(
      async () => (await request(c.base, 'POST', '/api/nlu/parse', { text })).body.intent.name === 'delivery.time',
      'the retrained model on c',
      5_000,
    );
    expect(Date.now() - addedAt).to.be.below(5_000);
  });

  it('rolls: an instance stopped with SIGTERM closes its streams, clients reconnect to another and miss nothing', async () => {
    const [a, b, c] = instances;
    const agentToken = (await request(a.base, 'POST', '/api/agent/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token;
    const { token, conversationId } = (await request(a.base, 'POST', '/api/webchat/token')).body;
    await request(a.base, 'POST', '/v3/directline/conversations', {}, auth(token));
    await request(b.base, 'POST', '/api/agent/status', { status: 'online' }, auth(agentToken));
    await request(a.base, 'POST', `/v3/directline/conversations/${conversationId}/activities`, { type: 'message', text: 'medewerker graag' }, auth(token));
    expect((await request(a.base, 'POST', `/api/agent/conversations/${conversationId}/accept`, {}, auth(agentToken))).status).to.equal(200);

    // The customer's chat and the agent's console are both on c, which is being replaced.
    const socket = await DirectLineSocket.open(`${c.base.replace('http', 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${token}`);
    const console = await EventStreamReader.open(c.base, agentToken);
    await eventually(() => socket.texts().some((t) => t.includes('helpt je nu verder')), 'the agent-joined notice');
    const closed = new Promise<number>((resolveClose) => socket.onClose(resolveClose));
    c.process.child.kill('SIGTERM');
    expect(await closed, 'going away').to.equal(1001);
    await eventually(() => console.ended, 'the console stream to end');
    expect(await c.process.exited).to.equal(0);
    c.alive = false;

    // While the customer is reconnecting, the agent writes (through a).
    const sent = await request(a.base, 'POST', `/api/agent/conversations/${conversationId}/messages`, { text: 'Ben je er nog?' }, auth(agentToken));
    expect(sent.status).to.equal(202);
    // Web Chat reconnects as Direct Line does: a new stream URL from the watermark it had, here from b.
    const reconnect = await request(b.base, 'GET', `/v3/directline/conversations/${conversationId}?watermark=${socket.watermark}`, undefined, auth(token));
    const again = await DirectLineSocket.open(reconnect.body.streamUrl);
    try {
      await eventually(() => again.texts().includes('Ben je er nog?'), 'the message sent during the reconnect');
      expect(again.texts(), 'nothing the first stream already had comes twice').not.to.include('medewerker graag');
    } finally {
      again.close();
      console.close();
    }
    // The console's stream ended because its instance stopped, not because the agent left.
    expect((await request(b.base, 'GET', '/api/agent/queue', undefined, auth(agentToken))).body.agentsOnline).to.equal(1);
    instances[2] = await start('c2');
  });

  it('loses no acknowledged message and delivers none twice when an instance is killed (SIGKILL) under load', async () => {
    const agentToken = (await send(0, 'POST', '/api/agent/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token;
    await send(0, 'POST', '/api/agent/status', { status: 'online' }, auth(agentToken));

    // Web chat customers who are with the agent: the agent's messages are counted on their side.
    const chats: { conversationId: string; token: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const { token, conversationId } = (await send(i, 'POST', '/api/webchat/token')).body;
      await send(i + 1, 'POST', '/v3/directline/conversations', {}, auth(token));
      await send(
        i + 2,
        'POST',
        `/v3/directline/conversations/${conversationId}/activities`,
        { type: 'message', text: 'medewerker', channelData: { clientActivityID: `handoff-${i}` } },
        auth(token),
      );
      expect((await send(i, 'POST', `/api/agent/conversations/${conversationId}/accept`, {}, auth(agentToken))).status).to.equal(200);
      chats.push({ conversationId, token });
    }

    const phrases = [
      'hoe lang duurt de levering',
      'wat kost verzenden naar België?',
      'welke betaalmethodes hebben jullie',
      'bedankt',
      'hoe kan ik iets retourneren',
      'wat zijn jullie openingstijden',
    ];
    const acknowledged = new Set<string>();
    const agentMessagesAcknowledged: { conversationId: string; id: string }[] = [];
    const customers = Array.from({ length: 18 }, (_, i) => `load-${i}`);
    const rounds = 12;

    const customerLoad = Promise.all(
      customers.map(async (conversation, c) => {
        for (let m = 0; m < rounds; m++) {
          const id = `${conversation}-m${m}`;
          const result = await send(c + m, 'POST', '/api/messages', customerMessage(conversation, id, phrases[(m + c) % phrases.length]));
          if (result.status === 200) acknowledged.add(id);
        }
      }),
    );
    const agentLoad = Promise.all(
      chats.map(async (chat, c) => {
        for (let m = 0; m < 8; m++) {
          const sent = await send(
            c + m,
            'POST',
            `/api/agent/conversations/${chat.conversationId}/messages`,
            { text: `Bericht ${m} van de medewerker` },
            auth(agentToken),
          );
          if (sent.status === 202) agentMessagesAcknowledged.push({ conversationId: chat.conversationId, id: sent.body.message.id });
          // An agent types between messages: the messages span the moment the instance dies.
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
      }),
    );

    // In the middle of it, one instance dies without any chance to clean up.
    const total = customers.length * rounds;
    await eventually(() => acknowledged.size >= total / 3, 'a third of the load', 60_000);
    const beforeKill = { customer: acknowledged.size, agent: agentMessagesAcknowledged.length };
    const victim = instances[1];
    victim.process.child.kill('SIGKILL');
    victim.alive = false;
    await victim.process.exited;
    await Promise.all([customerLoad, agentLoad]);
    expect(beforeKill.customer, 'the kill came in the middle of the customer load').to.be.below(total);
    expect(beforeKill.agent, 'the kill came in the middle of the agent messages').to.be.below(chats.length * 8);

    expect(acknowledged.size, 'most customer messages were acknowledged').to.be.greaterThan(total * 0.8);
    expect(agentMessagesAcknowledged.length).to.be.greaterThan(0);

    // Every acknowledged customer message is in the transcript exactly once; no message is there twice.
    const rows = await db.all<{ dedupe_key: string; n: number }>(
      "SELECT dedupe_key, COUNT(*)::int AS n FROM transcript WHERE direction = 'in' AND conversation_id LIKE 'load-%' GROUP BY dedupe_key",
    );
    const counts = new Map(rows.map((r) => [r.dedupe_key, r.n]));
    for (const id of acknowledged) expect(counts.get(id), `customer message ${id}`).to.equal(1);
    expect(rows.filter((r) => r.n > 1)).to.deep.equal([]);

    // Every acknowledged agent message reaches the customer's chat exactly once (claims of the dead instance run out and another delivers).
    const deliveredIds = async () => {
      const seen = new Map<string, number>();
      for (const chat of chats) {
        const { activities } = (await send(0, 'GET', `/v3/directline/conversations/${chat.conversationId}/activities`, undefined, auth(chat.token))).body;
        for (const activity of activities as any[]) {
          const id = activity.channelData?.balie?.messageId;
          if (id) seen.set(id, (seen.get(id) ?? 0) + 1);
        }
      }
      return seen;
    };
    await eventually(
      async () => {
        const seen = await deliveredIds();
        return agentMessagesAcknowledged.every((m) => seen.has(m.id));
      },
      'every acknowledged agent message to be delivered',
      30_000,
    );
    const seen = await deliveredIds();
    for (const message of agentMessagesAcknowledged) expect(seen.get(message.id), `agent message ${message.id}`).to.equal(1);
    expect([...seen.values()].filter((n) => n > 1)).to.deep.equal([]);
    // Stored but not acknowledged (the instance died before answering): delivered too, once.
    await eventually(
      async () => (await db.get<{ n: number }>('SELECT COUNT(*)::int AS n FROM outbox WHERE delivered_at IS NULL'))?.n === 0,
      'an empty outbox',
      30_000,
    );
    expect([...(await deliveredIds()).values()].filter((n) => n > 1)).to.deep.equal([]);

    // The conversations go on, on the instances that remain.
    for (const [c, conversation] of customers.entries()) {
      const next = await send(c, 'POST', '/api/messages', customerMessage(conversation, `${conversation}-after`, 'wat kost verzenden?'));
      expect(next.status).to.equal(200);
      expect(next.body.activities.length, `a reply in ${conversation}`).to.be.greaterThan(0);
    }
  });
});
