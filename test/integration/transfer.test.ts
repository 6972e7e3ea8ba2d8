import { expect } from 'chai';
import type { BalieService } from '../../app/service';
import { startTestService } from '../helpers/fixtures';
import { FakeConnector, messageActivity, request } from '../helpers/httpClient';
import { freshDatabase, TestDatabase } from '../helpers/testDatabases';

const ENV = {
  BALIE_ADMIN_PASSWORD: 'admin-transfer-password',
  BALIE_BCRYPT_ROUNDS: '4',
  BALIE_BUSINESS_HOURS: 'always',
  BALIE_RELAY_INTERVAL_MS: '3600000',
  BALIE_MAX_CONVERSATIONS_PER_AGENT: '1',
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('handing a conversation to a colleague or back to the queue, and the limit per agent', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let service: BalieService;
  let base: string;
  let connector: FakeConnector;
  let channelUrl: string;
  let anna: ReturnType<typeof bearer>;
  let bram: ReturnType<typeof bearer>;
  let bramId: string;
  let carlaId: string;

  const login = async (username: string, password: string) => bearer((await request(base, 'POST', '/api/agent/login', { username, password })).body.token);
  const customer = (conversation: string, text: string) =>
    request(base, 'POST', '/api/messages', messageActivity(conversation, text, { serviceUrl: channelUrl, from: { id: `id-${conversation}` } }));
  const toCustomer = (conversation: string) => connector.received.filter((r) => r.activity.conversation?.id === conversation).map((r) => r.activity.text ?? '');
  const path = (conversation: string, action: string) => `/api/agent/conversations/${conversation}/${action}`;

  before(async () => {
    database = await freshDatabase('sqlite');
    connector = new FakeConnector();
    channelUrl = await connector.start();
    ({ service, base } = await startTestService(database, ENV));
    await service.agents.create({ username: 'anna', name: 'Anna', role: 'agent', password: 'anna-password-1' });
    bramId = (await service.agents.create({ username: 'bram', name: 'Bram', role: 'agent', password: 'bram-password-1' })).id;
    carlaId = (await service.agents.create({ username: 'carla', name: 'Carla', role: 'agent', password: 'carla-password-1' })).id;
    anna = await login('anna', 'anna-password-1');
    bram = await login('bram', 'bram-password-1');
    for (const agent of [anna, bram]) await request(base, 'POST', '/api/agent/status', { status: 'online' }, agent);
  });
  after(async () => {
    await service.close();
    await connector.stop();
    await database.cleanup();
  });

  it('hands a conversation to an online colleague with a note: theirs now, the customer told who took over', async () => {
    await customer('t-1', 'Ik wil een medewerker spreken');
    expect((await request(base, 'POST', path('t-1', 'accept'), {}, anna)).status).to.equal(200);
    const colleagues = (await request(base, 'GET', '/api/agent/colleagues', undefined, anna)).body.items;
    expect(colleagues.find((c: any) => c.id === bramId)).to.include({ name: 'Bram', online: true, conversations: 0, available: true });
    expect(colleagues.find((c: any) => c.id === carlaId)).to.include({ online: false, available: false });

    expect((await request(base, 'POST', path('t-1', 'transfer'), { to: carlaId }, anna)).body.error.message).to.include('Carla is not online');
    expect((await request(base, 'POST', path('t-1', 'transfer'), { to: bramId }, bram)).status, 'only the agent who has it').to.equal(403);
    expect((await request(base, 'POST', path('t-1', 'transfer'), { note: 'x' }, anna)).body.error.message).to.include('body.to');

    const moved = await request(base, 'POST', path('t-1', 'transfer'), { to: bramId, note: 'Klant wacht op een terugbetaling van 100004' }, anna);
    expect(moved.status).to.equal(200);
    expect(moved.body.handoff).to.include({ state: 'agent', agentId: bramId });
    expect(toCustomer('t-1').join('\n')).to.include('Bram van de klantenservice helpt je nu verder');
    expect((await request(base, 'POST', path('t-1', 'messages'), { text: 'nog even' }, anna)).status).to.equal(403);
    expect((await request(base, 'POST', path('t-1', 'messages'), { text: 'Hoi, ik ben Bram.' }, bram)).status).to.equal(202);
    const view = (await request(base, 'GET', '/api/agent/conversations/t-1', undefined, bram)).body;
    expect(view.events.at(-1)).to.include({ from: 'agent', to: 'agent', actorName: 'Anna', detail: 'Klant wacht op een terugbetaling van 100004' });
    expect(view.handoff.note, 'a transfer note is no closing note').to.equal(undefined);
  });

  it('puts a conversation back in the queue in its old place, telling the customer where they are', async () => {
    const back = await request(base, 'POST', path('t-1', 'transfer'), { to: 'queue', note: 'Graag iemand van de financiële afdeling' }, bram);
    expect(back.body.handoff).to.include({ state: 'queued' });
    expect(back.body.handoff.agentId).to.equal(undefined);
    expect(toCustomer('t-1').at(-1)).to.include('andere collega').and.include('nummer 1 in de wachtrij');
    const queue = (await request(base, 'GET', '/api/agent/queue', undefined, anna)).body.items;
    expect(queue.map((q: any) => q.conversationId)).to.deep.equal(['t-1']);
    const events = (await request(base, 'GET', '/api/agent/conversations/t-1', undefined, anna)).body.events;
    expect(events.at(-1)).to.include({ from: 'agent', to: 'queued', actorName: 'Bram', detail: 'Graag iemand van de financiële afdeling' });
  });

  it('refuses one conversation more than BALIE_MAX_CONVERSATIONS_PER_AGENT, accepting or being handed one', async () => {
    expect((await request(base, 'POST', path('t-1', 'accept'), {}, anna)).status).to.equal(200);
    await customer('t-2', 'Ik wil een medewerker spreken');
    const refused = await request(base, 'POST', path('t-2', 'accept'), {}, anna);
    expect(refused.status).to.equal(409);
    expect(refused.body.error).to.include({ code: 'limit' });
    expect((await request(base, 'POST', path('t-2', 'accept'), {}, bram)).status).to.equal(200);
    const full = await request(base, 'POST', path('t-1', 'transfer'), { to: bramId }, anna);
    expect(full.status).to.equal(409);
    expect(full.body.error.message).to.include('Bram has 1 conversations');
    const colleagues = (await request(base, 'GET', '/api/agent/colleagues', undefined, anna)).body.items;
    expect(colleagues.find((c: any) => c.id === bramId)).to.include({ conversations: 1, available: false });
  });
});
