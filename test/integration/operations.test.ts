import { expect } from 'chai';
import type { BalieService } from '../../app/service';
import { startTestService } from '../helpers/fixtures';
import { FakeConnector, messageActivity, request } from '../helpers/httpClient';
import { describeEachStore, freshDatabase, TestDatabase } from '../helpers/testDatabases';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
// Tuesday 1 December 2026, 10:00 in Amsterdam: within business hours, a ticket filed now is promised for Wednesday noon.
const START = Date.parse('2026-12-01T09:00:00.000Z');

describeEachStore('the operational dashboard numbers (GET /api/analytics/operations)', function (kind) {
  this.timeout(60_000);
  let database: TestDatabase;
  let service: BalieService;
  let base: string;
  let connector: FakeConnector;
  let channelUrl: string;
  let admin: ReturnType<typeof bearer>;
  let clock = START;
  const at = (minutes: number) => (clock = START + minutes * 60_000);

  before(async () => {
    database = await freshDatabase(kind);
    connector = new FakeConnector();
    channelUrl = await connector.start();
    ({ service, base } = await startTestService(
      database,
      { BALIE_ADMIN_PASSWORD: 'admin-ops-password', BALIE_BCRYPT_ROUNDS: '4', BALIE_RELAY_INTERVAL_MS: '3600000', BALIE_MAX_QUEUE_MINUTES: '600' },
      { now: () => new Date(clock) },
    ));
    admin = bearer((await request(base, 'POST', '/api/agent/login', { username: 'admin', password: 'admin-ops-password' })).body.token);
  });
  after(async () => {
    await service.close();
    await connector.stop();
    await database.cleanup();
  });

  const say = (conversation: string, text: string) =>
    request(base, 'POST', '/api/messages', messageActivity(conversation, text, { serviceUrl: channelUrl, from: { id: `id-${conversation}` } }));
  const agentApi = (method: string, path: string, body?: unknown) => request(base, method, path, body, admin);
  const operations = async (query = 'from=2026-12-01&to=2026-12-01') => (await agentApi('GET', `/api/analytics/operations?${query}`)).body;

  it('says "no data" as null for a period without handoffs, and shows the desk now', async () => {
    const empty = await operations();
    expect(empty.current).to.include({ handoffs: 0, queued: 0, abandonedRate: null, medianWaitMinutes: null, ticketsAnsweredInTimeRate: null });
    expect(empty.current.agentCes).to.deep.equal({ average: null, responses: 0 });
    expect(empty.previousPeriod).to.deep.equal({ from: '2026-11-29T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z' });
    expect(empty.live).to.deep.include({ waiting: 0, longestWaitMinutes: null, agentsBusy: 0 });
  });

  it('measures wait, first response, handle time, abandonment, tickets in time and the effort of the agents’ part', async () => {
    await agentApi('POST', '/api/agent/status', { status: 'online' });
    // o-1: waits 2 minutes, first answer after 3, resolved after 10; rates the agent's part 6.
    at(0);
    await say('o-1', 'ik wil een medewerker spreken');
    at(1);
    await say('o-2', 'ik wil een medewerker spreken');
    at(2);
    expect((await agentApi('POST', '/api/agent/conversations/o-1/accept', {})).status).to.equal(200);
    const live = await operations();
    expect(live.live).to.deep.include({ waiting: 1, longestWaitMinutes: 1, agentsOnline: 1, agentsBusy: 1 });
    at(3);
    await agentApi('POST', '/api/agent/conversations/o-1/messages', { text: 'Hallo, ik help je.' });
    at(10);
    await agentApi('POST', '/api/agent/conversations/o-1/resolve', {});
    await say('o-1', '6');
    // o-2 leaves the queue after 5 minutes.
    at(6);
    await say('o-2', 'stop');
    // o-3: nobody online, a ticket, answered the same day (the promise is the next working day at noon).
    await agentApi('POST', '/api/agent/status', { status: 'offline' });
    at(20);
    await say('o-3', 'ik wil een medewerker spreken');
    await say('o-3', 'ja');
    await say('o-3', 'klant@example.nl');
    const [ticket] = (await agentApi('GET', '/api/agent/tickets')).body.items;
    at(60);
    expect((await agentApi('POST', `/api/agent/tickets/${ticket.handoffId}/answer`, { text: 'Je geld is onderweg.' })).status).to.equal(201);

    const report = await operations();
    expect(report.current).to.deep.equal({
      handoffs: 3,
      queued: 2,
      abandoned: 1,
      abandonedRate: 0.5,
      medianWaitMinutes: 2,
      p90WaitMinutes: 2,
      medianFirstResponseMinutes: 3,
      medianHandleMinutes: 8,
      tickets: 1,
      ticketsAnsweredInTime: 1,
      ticketsAnsweredInTimeRate: 1,
      agentCes: { average: 6, responses: 1 },
    });
    expect(report.previous.handoffs).to.equal(0);
    expect(report.perAgent).to.have.length(1);
    expect(report.perAgent[0]).to.deep.include({ name: 'Administrator', handoffs: 2, medianFirstResponseMinutes: 3, medianHandleMinutes: 8 });
    expect(report.perAgent[0].ces, 'one answer is below the minimum sample').to.deep.equal({ average: 6, responses: 1, enough: false });
    expect(report.minimumSample).to.equal(5);
    // The next day's numbers compare with these.
    expect((await operations('from=2026-12-02&to=2026-12-02')).previous.handoffs).to.equal(3);
  });

  it('is for supervisors only', async () => {
    await service.agents.create({ username: 'ops-agent', name: 'Agent', role: 'agent', password: 'ops-agent-password' });
    const token = (await request(base, 'POST', '/api/agent/login', { username: 'ops-agent', password: 'ops-agent-password' })).body.token;
    expect((await request(base, 'GET', '/api/analytics/operations', undefined, bearer(token))).status).to.equal(403);
    expect((await agentApi('GET', '/api/analytics/operations?from=tomorrow')).status).to.equal(400);
  });
});
