import { expect } from 'chai';
import { useTestService } from '../helpers/testService';
import { describeEachStore } from '../helpers/testDatabases';
import { FakeConnector, messageActivity, replyTexts, request } from '../helpers/httpClient';

const ADMIN_PASSWORD = 'admin-test-password';
const ENV = { BALIE_BUSINESS_HOURS: 'always', BALIE_ADMIN_PASSWORD: ADMIN_PASSWORD, BALIE_BCRYPT_ROUNDS: '4', BALIE_RELAY_INTERVAL_MS: '3600000' };
const CES_NL = 'Hoe makkelijk was het';
const CES_EN = 'How easy was it';
const SCALE_NL = ['1 · heel moeilijk', '2', '3', '4', '5', '6', '7 · heel makkelijk'];

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const buttons = (result: { body: any }) =>
  ((result.body?.activities ?? []) as any[]).flatMap((a) => (a.suggestedActions?.actions ?? []).map((b: any) => b.title));

describeEachStore('effort survey and analytics through the real server', function (kind) {
  this.timeout(60_000);
  const connector = new FakeConnector();
  let channelUrl: string;
  let admin: string;
  before(async () => (channelUrl = await connector.start()));
  after(async () => connector.stop());
  const suite = useTestService(kind, ENV);
  before(async () => (admin = (await request(suite.base, 'POST', '/api/agent/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token));

  const say = (conversation: string, text: string) =>
    request(suite.base, 'POST', '/api/messages', messageActivity(conversation, text, { serviceUrl: channelUrl }));
  // Analytics are written behind the turns: store what is queued before reading the tables.
  const query = async <T>(read: () => Promise<T>) => (await suite.service.flushAnalytics(), read());
  const cesRow = (conversation: string) =>
    query(() => suite.service.store.db.get<any>('SELECT score, resolved_by, comment, handoff_id FROM ces_responses WHERE conversation_id = ?', [conversation]));
  const toCustomer = (conversation: string) => connector.received.map((r) => r.activity).filter((a) => a.conversation?.id === conversation);

  it('bot-resolved by 👍: asks the effort question once, stores the score', async () => {
    const answer = await say('a-thumbs', 'wat zijn de verzendkosten?');
    expect(replyTexts(answer)).to.include('€ 4,95').and.include('Heeft dit antwoord je geholpen?');
    expect(buttons(answer)).to.include.members(['👍', '👎']);
    const thumbs = await say('a-thumbs', '👍');
    expect(replyTexts(thumbs)).to.include(CES_NL);
    expect(buttons(thumbs), 'the scale alone, both ends labelled').to.deep.equal(SCALE_NL);
    expect(replyTexts(await say('a-thumbs', '6'))).to.include('Dank je wel voor je beoordeling');
    expect(await cesRow('a-thumbs')).to.include({ score: 6, resolved_by: 'bot' });
    // Thanks afterwards: a reply, never a second survey.
    const thanks = await say('a-thumbs', 'bedankt!');
    expect(replyTexts(thanks)).not.to.include(CES_NL);
  });

  it('bot-resolved by thanks, low score: asks what could have been easier and stores the comment masked', async () => {
    await say('a-thanks', 'what payment methods do you accept?');
    const thanks = await say('a-thanks', 'thanks a lot');
    expect(replyTexts(thanks)).to.include(CES_EN);
    const low = await say('a-thanks', '2');
    expect(replyTexts(low)).to.include('What could have been easier?');
    expect(buttons(low)).to.deep.equal(['Skip']);
    const comment = await say('a-thanks', 'I had to type my email jan@example.nl and order 100001 twice');
    expect(replyTexts(comment)).to.include("we'll use this to improve");
    expect(await cesRow('a-thanks')).to.include({ score: 2, resolved_by: 'bot', comment: 'I had to type my email [email] and order [order] twice' });
  });

  it('a completed flow offers its next steps without the effort question beside them', async () => {
    const status = await say('a-flow', 'waar is bestelling 100002? postcode 1234AB');
    expect(replyTexts(status)).to.include('bezorgd').and.not.include(CES_NL);
    expect(buttons(status)).to.include('Retour aanmelden').and.not.include('1 · heel moeilijk');
    // The customer takes the next step instead of answering: no score, no second question later.
    const next = await say('a-flow', 'Retour aanmelden');
    expect(replyTexts(next)).to.include('100002');
    expect(await cesRow('a-flow')).to.equal(undefined);
  });

  it('never interrupts a flow: a question inside a flow gets no survey', async () => {
    const started = await say('a-inflow', 'ik wil mijn bestelling annuleren');
    expect(replyTexts(started)).to.include('Wat is je ordernummer?');
    const thanks = await say('a-inflow', 'bedankt');
    expect(replyTexts(thanks)).not.to.include(CES_NL);
  });

  it('👎 offers other topics and a person, and is recorded', async () => {
    await say('a-down', 'how long does delivery take?');
    const down = await say('a-down', '👎');
    expect(replyTexts(down)).to.include("Sorry that didn't help");
    expect(buttons(down)).to.include('Talk to a person');
    const row = await query(() => suite.service.store.db.get<any>('SELECT intent, helpful FROM answer_feedback WHERE conversation_id = ?', ['a-down']));
    expect(row).to.deep.equal({ intent: 'delivery.time', helpful: 0 });
  });

  it('agent-resolved: asks once after the agent resolves; never asks a customer who left', async () => {
    await request(suite.base, 'POST', '/api/agent/status', { status: 'online' }, auth(admin));
    const queued = await say('a-agent', 'Ik wil een medewerker spreken');
    expect(replyTexts(queued)).to.include('wachtrij');
    expect((await request(suite.base, 'POST', '/api/agent/conversations/a-agent/accept', {}, auth(admin))).status).to.equal(200);
    await say('a-agent', 'Hallo, mijn pakket is beschadigd');
    expect((await request(suite.base, 'POST', '/api/agent/conversations/a-agent/resolve', {}, auth(admin))).status).to.equal(200);
    const survey = toCustomer('a-agent').find((a) => a.text?.includes(CES_NL));
    expect(survey?.suggestedActions.actions.map((a: any) => a.title)).to.deep.equal(SCALE_NL);
    await say('a-agent', '5');
    expect(await cesRow('a-agent')).to.include({ score: 5, resolved_by: 'agent' });
    const outcomes = (
      await query(() => suite.service.store.db.all<any>('SELECT outcome FROM analytics_messages WHERE conversation_id = ? ORDER BY id', ['a-agent']))
    ).map((r: any) => r.outcome);
    expect(outcomes, 'the message to the agent is a customer turn too').to.deep.equal(['handoff', 'agent', 'survey']);

    await say('a-left', 'Ik wil een medewerker spreken');
    await request(suite.base, 'POST', '/api/agent/conversations/a-left/accept', {}, auth(admin));
    await request(suite.base, 'POST', '/api/messages', {
      ...messageActivity('a-left', ''),
      type: 'endOfConversation',
      text: undefined,
      serviceUrl: channelUrl,
    });
    await request(suite.base, 'POST', '/api/agent/conversations/a-left/resolve', {}, auth(admin));
    expect(
      toCustomer('a-left').some((a) => a.text?.includes(CES_NL)),
      'the customer left',
    ).to.equal(false);
  });

  it('summarises what happened, for supervisors only', async () => {
    await say('a-miss', 'hoe laat rinkelt de pakjesman bij mij aan');
    expect((await request(suite.base, 'GET', '/api/analytics/summary')).status).to.equal(401);
    await suite.service.agents.create({ username: 'agent1', name: 'Agent', role: 'agent', password: 'agent-password' });
    const agentToken = (await request(suite.base, 'POST', '/api/agent/login', { username: 'agent1', password: 'agent-password' })).body.token;
    expect((await request(suite.base, 'GET', '/api/analytics/summary', undefined, auth(agentToken))).status).to.equal(403);
    const bad = await request(suite.base, 'GET', '/api/analytics/summary?from=yesterday', undefined, auth(admin));
    expect(bad.status).to.equal(400);
    expect(bad.body.error.message).to.include('query.from');

    const summary = (await request(suite.base, 'GET', '/api/analytics/summary', undefined, auth(admin))).body;
    // a-thumbs, a-thanks, a-flow, a-inflow, a-down, a-agent, a-left, a-miss.
    expect(summary.conversations).to.equal(8);
    // Contained: a-thumbs (👍), a-thanks (thanks), a-flow (status shown); a-agent and a-left had a person.
    expect(summary.containmentRate).to.equal(0.375);
    expect(summary.handoffRate).to.equal(0.25);
    expect(summary.ces).to.deep.include({ average: 4.33, responses: 3 });
    expect(summary.byResolution.find((r: any) => r.group === 'handoff').ces.average).to.equal(5);
    expect(summary.byChannel[0]).to.include({ channel: 'test', conversations: 8 });
    expect(summary.handoffsByReason).to.deep.equal([{ reason: 'customer_request', conversations: 2, rate: 0.25 }]);

    const comments = (await request(suite.base, 'GET', '/api/analytics/comments', undefined, auth(admin))).body.items;
    expect(comments.map((c: any) => c.comment)).to.deep.equal(['I had to type my email [email] and order [order] twice']);
    const unrecognised = (await request(suite.base, 'GET', '/api/analytics/unrecognised', undefined, auth(admin))).body.items;
    expect(unrecognised.map((g: any) => g.text)).to.include('hoe laat rinkelt de pakjesman bij mij aan');
    const ces = (await request(suite.base, 'GET', '/api/analytics/ces?interval=week', undefined, auth(admin))).body;
    expect(ces.overTime.reduce((sum: number, p: any) => sum + p.responses, 0)).to.equal(3);

    const csv = await fetch(`${suite.base}/api/analytics/conversations.csv`, { headers: auth(admin) });
    expect(csv.headers.get('content-type')).to.include('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).to.match(/^conversation_id,started_at,channel,language,intents,/);
    expect(text).to.include('[email]').and.not.include('jan@example.nl').and.not.include('100001');
  });

  it('adds an unrecognised message as an example and retrains without a restart', async () => {
    const text = 'hoe laat rinkelt de pakjesman bij mij aan';
    const missing = await request(suite.base, 'POST', '/api/analytics/examples', { intent: 'delivery.courier', language: 'nl', text }, auth(admin));
    expect(missing.status).to.equal(400);
    expect(missing.body.error.code).to.equal('unknown_intent');
    const masked = await request(
      suite.base,
      'POST',
      '/api/analytics/examples',
      { intent: 'order.status', language: 'nl', text: 'waar is [order]' },
      auth(admin),
    );
    expect(masked.status).to.equal(400);
    expect(masked.body.error.message).to.include('body.text');

    const before = await request(suite.base, 'POST', '/api/nlu/parse', { text: 'hoe laat rinkelt de pakjesman bij mij aan?' });
    expect(before.body.intent.name, 'not understood before the example was added').to.equal('none');
    const added = await request(suite.base, 'POST', '/api/analytics/examples', { intent: 'delivery.time', language: 'nl', text }, auth(admin));
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    expect(added.body.training.ms).to.be.a('number');
    expect((await request(suite.base, 'POST', '/api/analytics/examples', { intent: 'delivery.time', language: 'nl', text }, auth(admin))).status).to.equal(409);
    const parsed = await request(suite.base, 'POST', '/api/nlu/parse', { text: 'hoe laat rinkelt de pakjesman bij mij aan?' });
    expect(parsed.body.intent.name).to.equal('delivery.time');
    const examples = (await request(suite.base, 'GET', '/api/analytics/examples', undefined, auth(admin))).body;
    expect(examples.items[0]).to.include({ intent: 'delivery.time', addedBy: 'admin' });
    expect(examples.trends[0]).to.include({ intent: 'delivery.time', examplesAdded: 1 });
  });
});
