import { expect } from 'chai';
import { signSlackRequest } from '../../channels/slack/verifySlackRequest';
import { FakeSlackApi } from '../helpers/fakeSlack';
import { useTestService, withTestService } from '../helpers/testService';
import { describeEachStore } from '../helpers/testDatabases';
import { request } from '../helpers/httpClient';
import { eventually } from '../helpers/liveClients';

const SIGNING_SECRET = 'slack-signing-secret-for-tests';
const BOT_TOKEN = 'xoxb-test-token';

describeEachStore('Slack, natively (signed requests against a local fake Slack Web API)', function (kind) {
  this.timeout(60_000);
  const slack = new FakeSlackApi();
  let apiUrl: string;
  let eventCounter = 0;
  before(async () => (apiUrl = await slack.start()));
  after(async () => slack.stop());
  const suite = useTestService(kind, () => ({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: apiUrl,
    BALIE_BUSINESS_HOURS: 'always',
    BALIE_ADMIN_PASSWORD: 'admin-password',
    BALIE_BCRYPT_ROUNDS: '4',
    BALIE_RELAY_INTERVAL_MS: '3600000',
  }));
  beforeEach(() => slack.posted.splice(0));

  const signedPost = (path: string, body: string, contentType = 'application/json', ageSeconds = 0, extra: Record<string, string> = {}) =>
    request(suite.base, 'POST', path, body, {
      'content-type': contentType,
      ...signSlackRequest(SIGNING_SECRET, body, Math.floor(Date.now() / 1000) - ageSeconds),
      ...extra,
    });

  /** An Events API envelope around one event, with a new event id. */
  const eventCallback = (event: Record<string, unknown>) =>
    JSON.stringify({ type: 'event_callback', team_id: 'T0SHOP', event_id: `Ev${++eventCounter}`, event });
  const dm = (text: string, channel = 'D0CUSTOMER', user = 'U0CUSTOMER') =>
    eventCallback({ type: 'message', channel_type: 'im', channel, user, text, ts: `${Date.now() / 1000}` });

  it('answers url_verification only after the signature check', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123' });
    const ok = await signedPost('/api/slack/events', body);
    expect(ok.status).to.equal(200);
    expect(ok.body).to.deep.equal({ challenge: 'c-123' });
    const unsigned = await request(suite.base, 'POST', '/api/slack/events', body, { 'content-type': 'application/json' });
    expect(unsigned.status).to.equal(401);
    expect(unsigned.text).not.to.include('c-123');
  });

  it('refuses unsigned, badly signed, stale and malformed requests with a bare 401', async () => {
    const body = dm('hoi');
    const fresh = signSlackRequest(SIGNING_SECRET, body, Math.floor(Date.now() / 1000));
    const cases: Record<string, string>[] = [
      {},
      { ...fresh, 'x-slack-signature': `v0=${'0'.repeat(64)}` },
      { ...fresh, 'x-slack-signature': 'nonsense' },
      { ...fresh, 'x-slack-request-timestamp': 'yesterday' },
      signSlackRequest(SIGNING_SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60),
      signSlackRequest('another-secret', body, Math.floor(Date.now() / 1000)),
    ];
    for (const headers of cases) {
      const result = await request(suite.base, 'POST', '/api/slack/events', body, { 'content-type': 'application/json', ...headers });
      expect(result.status, JSON.stringify(headers)).to.equal(401);
      expect(result.body.error.message).to.equal('request not verified');
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.posted).to.have.length(0);
  });

  it('answers a direct message with chat.postMessage, and ignores a replayed retry', async () => {
    const body = dm('wat zijn de verzendkosten?');
    const started = Date.now();
    const ack = await signedPost('/api/slack/events', body);
    expect(ack.status).to.equal(200);
    expect(Date.now() - started, "acknowledged well within Slack's 3 seconds").to.be.below(3000);
    const [reply] = await slack.waitFor(1);
    expect(reply).to.include({ channel: 'D0CUSTOMER', token: BOT_TOKEN });
    expect(reply.text).to.include('€ 4,95');
    expect(reply.blocks![1].elements.map((b: any) => b.text.text)).to.include('Hoe snel wordt het bezorgd?');

    expect(
      (await signedPost('/api/slack/events', body, 'application/json', 0, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status,
    ).to.equal(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.posted).to.have.length(1);
  });

  it('answers a mention in a channel in its thread, without the mention', async () => {
    const body = eventCallback({
      type: 'app_mention',
      channel: 'C0SUPPORT',
      user: 'U0OTHER',
      text: '<@U0BALIE> what are your opening hours?',
      ts: '1700000000.000100',
    });
    await signedPost('/api/slack/events', body);
    const [reply] = await slack.waitFor(1);
    expect(reply).to.include({ channel: 'C0SUPPORT', thread_ts: '1700000000.000100' });
    expect(reply.text).to.include('Monday to Friday');
  });

  it("ignores the bot's own messages and edits", async () => {
    await signedPost('/api/slack/events', eventCallback({ type: 'message', channel_type: 'im', channel: 'D0X', bot_id: 'B1', text: 'echo' }));
    await signedPost(
      '/api/slack/events',
      eventCallback({ type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D0X', user: 'U1', text: 'edit' }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.posted).to.have.length(0);
  });

  it('renders choices as Block Kit buttons and handles their block_actions', async () => {
    await signedPost('/api/slack/events', dm('ik wil bestelling 100003 annuleren, postcode 1234AB', 'D0CANCEL', 'U0CANCEL'));
    const [question] = await slack.waitFor(1);
    expect(question.text).to.include('Weet je zeker dat je bestelling 100003');
    const buttons = question.blocks![1].elements;
    expect(buttons.map((b: any) => b.text.text)).to.deep.equal(['Ja', 'Nee']);
    const payload = {
      type: 'block_actions',
      team: { id: 'T0SHOP' },
      user: { id: 'U0CANCEL' },
      channel: { id: 'D0CANCEL' },
      actions: [{ action_id: buttons[1].action_id, value: buttons[1].value, action_ts: '1700000001.1' }],
    };
    const form = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    expect((await signedPost('/api/slack/interactions', form, 'application/x-www-form-urlencoded')).status).to.equal(200);
    const [, answer] = await slack.waitFor(2);
    expect(answer.text).to.include('bestelling 100003 blijft gewoon staan');
    expect((await request(suite.base, 'POST', '/api/slack/interactions', form, { 'content-type': 'application/x-www-form-urlencoded' })).status).to.equal(401);
  });

  it("relays an agent's reply to a Slack customer after a handoff", async () => {
    const login = await request(suite.base, 'POST', '/api/agent/login', { username: 'admin', password: 'admin-password' });
    const agent = { authorization: `Bearer ${login.body.token}` };
    await request(suite.base, 'POST', '/api/agent/status', { status: 'online' }, agent);
    await signedPost('/api/slack/events', dm('I want to talk to a human', 'D0HANDOFF', 'U0HANDOFF'));
    const [queued] = await slack.waitFor(1);
    expect(queued.text).to.include("You're number 1 in the queue");
    const conversationId = 'T0SHOP:D0HANDOFF';
    const context = await request(suite.base, 'GET', `/api/agent/conversations/${encodeURIComponent(conversationId)}`, undefined, agent);
    expect(context.body.context.customer).to.include({ channel: 'slack', id: 'T0SHOP:U0HANDOFF' });
    expect((await request(suite.base, 'POST', `/api/agent/conversations/${encodeURIComponent(conversationId)}/accept`, {}, agent)).status).to.equal(200);
    const sent = await request(
      suite.base,
      'POST',
      `/api/agent/conversations/${encodeURIComponent(conversationId)}/messages`,
      { text: 'Hi, I can help <you> & sort this out.' },
      agent,
    );
    expect(sent.body.message.delivered).to.equal(true);
    const posted = await slack.waitFor(3);
    const reply = posted.find((m) => m.text === 'Hi, I can help &lt;you&gt; &amp; sort this out.');
    // Under the agent's name and a person's icon (Slack needs chat:write.customize for that), not the app's.
    expect(reply).to.include({ username: 'Administrator', icon_emoji: ':bust_in_silhouette:' });
    const joined = posted.find((m) => String(m.text).includes('Administrator from customer service is taking over'));
    expect(joined?.username).to.equal(undefined);
    expect(joined?.blocks?.[0].type).to.equal('context');
  });

  it('files a ticket for a Slack customer without asking an email address, answers it in the same conversation, and closes it when they say it is solved', async () => {
    const login = await request(suite.base, 'POST', '/api/agent/login', { username: 'admin', password: 'admin-password' });
    const agent = { authorization: `Bearer ${login.body.token}` };
    await request(suite.base, 'POST', '/api/agent/status', { status: 'away' }, agent); // nobody online: a ticket
    await signedPost('/api/slack/events', dm('I would like to talk to a person please', 'D0TICKET', 'U0TICKET'));
    expect((await slack.waitFor(2)).map((m) => m.text).join()).to.include('Shall I create a ticket');
    slack.posted.splice(0);
    await signedPost('/api/slack/events', dm('yes', 'D0TICKET', 'U0TICKET'));
    const [created] = await slack.waitFor(1);
    expect(created.text).to.include("I've created ticket").and.include('in this conversation').and.not.include('email');
    const tickets = (await request(suite.base, 'GET', '/api/agent/tickets', undefined, agent)).body.items as { handoffId: string; channel: string }[];
    const ticket = tickets.find((t) => t.channel === 'slack')!;
    slack.posted.splice(0);
    await request(suite.base, 'POST', `/api/agent/tickets/${ticket.handoffId}/answer`, { text: 'Your exchange is on its way.' }, agent);
    const answer = await slack.waitFor(3);
    expect(answer.map((m) => m.text)).to.include('Your exchange is on its way.');
    expect(answer[0].channel).to.equal('D0TICKET');
    expect(JSON.stringify(answer[2].blocks), 'the way to say it is solved, as a button').to.include('Solved, thanks');
    await eventually(
      async () => (await request(suite.base, 'GET', `/api/agent/tickets/${ticket.handoffId}`, undefined, agent)).body.deliveries[0]?.status === 'delivered',
      'the delivery recorded',
    );
    slack.posted.splice(0);
    await signedPost('/api/slack/events', dm('Solved, thanks', 'D0TICKET', 'U0TICKET'));
    const closing = (await slack.waitFor(2)).map((m) => m.text).join('\n');
    expect(closing).to.include("I've closed ticket").and.include('How easy was it');
    expect((await request(suite.base, 'GET', `/api/agent/tickets/${ticket.handoffId}`, undefined, agent)).body.ticket.state).to.equal('closed');
    await request(suite.base, 'POST', '/api/agent/status', { status: 'online' }, agent);
  });

  it('says Slack is not configured when it is not', async () => {
    await withTestService({ store: kind, env: { BALIE_BCRYPT_ROUNDS: '4' } }, async ({ base }) => {
      const result = await request(base, 'POST', '/api/slack/events', '{}', { 'content-type': 'application/json' });
      expect(result.status).to.equal(404);
      expect(result.body.error.code).to.equal('slack_not_configured');
    });
  });
});
