import { expect } from 'chai';
import { FakeConnector, messageActivity, request } from '../helpers/httpClient';
import { useTestService } from '../helpers/testService';
import { describeEachStore } from '../helpers/testDatabases';

/** A Teams-shaped activity: channel msteams, tenant data, and an @mention of the bot in team chats. */
function teamsActivity(conversationId: string, text: string, extra: Record<string, unknown> = {}) {
  return messageActivity(conversationId, text, {
    channelId: 'msteams',
    recipient: { id: '28:balie-bot', name: 'Balie' },
    from: { id: '29:teams-user-1', name: 'Eva Jansen', aadObjectId: '00000000-0000-0000-0000-0000000000aa' },
    conversation: { id: conversationId, conversationType: 'channel', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    ...extra,
  });
}

describeEachStore('Microsoft Teams activities through the adapter', function (kind) {
  this.timeout(60_000);
  const suite = useTestService(kind, {
    BALIE_BUSINESS_HOURS: 'always',
    BALIE_ADMIN_PASSWORD: 'admin-password',
    BALIE_BCRYPT_ROUNDS: '4',
    BALIE_RELAY_INTERVAL_MS: '3600000',
  });

  const messages = (result: { body: any }) => (result.body.activities as any[]).filter((a) => a.type === 'message');

  it('strips the bot @mention before understanding the message', async () => {
    const result = await request(
      suite.base,
      'POST',
      '/api/messages',
      teamsActivity('teams-1', '<at>Balie</at> wat zijn de verzendkosten?', {
        entities: [{ type: 'mention', mentioned: { id: '28:balie-bot', name: 'Balie' }, text: '<at>Balie</at>' }],
      }),
    );
    expect(messages(result)[0].text).to.include('€ 4,95');
  });

  it('renders choices as an Adaptive Card whose buttons post the choice back', async () => {
    const result = await request(suite.base, 'POST', '/api/messages', teamsActivity('teams-2', 'hoe lang heb ik om te retourneren'));
    const [reply] = messages(result);
    expect(reply.text).to.include('30 dagen');
    expect(reply).not.to.have.property('suggestedActions');
    const card = reply.attachments[0];
    expect(card.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    expect(card.content.actions.map((a: any) => a.title)).to.deep.equal(['Retour aanmelden', 'Wanneer krijg ik mijn geld terug?', '👍', '👎']);
    expect(card.content.actions[0]).to.deep.include({ type: 'Action.Submit', data: { msteams: { type: 'imBack', value: 'Retour aanmelden' } } });
    const clicked = await request(suite.base, 'POST', '/api/messages', teamsActivity('teams-2', 'Retour aanmelden'));
    expect(messages(clicked)[0].text).to.include('Wat is je ordernummer?');
  });

  it('welcomes on install', async () => {
    // A user Balie has not met (a known user would be greeted in the language they used before).
    const result = await request(suite.base, 'POST', '/api/messages', {
      ...teamsActivity('teams-3', ''),
      from: { id: '29:new-user', name: 'New' },
      type: 'installationUpdate',
      action: 'add',
      text: undefined,
      locale: 'en-US',
    });
    const [welcome] = messages(result);
    expect(welcome.text).to.include("I'm the digital assistant of Huisje & Co");
    expect(welcome.attachments[0].content.actions.map((a: any) => a.title)).to.include('Where is my order?');
  });

  it('asks the effort score as an Adaptive Card after an agent resolves a Teams conversation', async () => {
    const connector = new FakeConnector();
    const serviceUrl = await connector.start();
    try {
      const login = await request(suite.base, 'POST', '/api/agent/login', { username: 'admin', password: 'admin-password' });
      const agent = { authorization: `Bearer ${login.body.token}` };
      await request(suite.base, 'POST', '/api/agent/status', { status: 'online' }, agent);
      await request(suite.base, 'POST', '/api/messages', teamsActivity('teams-4', 'I want to speak to a person', { serviceUrl }));
      const context = await request(suite.base, 'GET', '/api/agent/conversations/teams-4', undefined, agent);
      expect(context.body.context.customer).to.include({ channel: 'msteams', name: 'Eva Jansen' });
      await request(suite.base, 'POST', '/api/agent/conversations/teams-4/accept', {}, agent);
      await request(suite.base, 'POST', '/api/agent/conversations/teams-4/messages', { text: 'Hi Eva, *one* moment_please' }, agent);
      // Teams lets no bot change its name: the agent's message is a card headed by the agent's initials and name.
      const fromAgent = connector.received.map((r) => r.activity).find((a) => a.summary?.startsWith('Administrator:'));
      expect(fromAgent.text).to.equal(undefined);
      const [header, body] = fromAgent.attachments[0].content.body;
      expect(header.columns.map((c: any) => c.items[0].text)).to.deep.equal(['A', 'Administrator']);
      expect(body.inlines[0]).to.deep.include({ type: 'TextRun', text: 'Hi Eva, *one* moment_please' });
      const joined = connector.received.map((r) => r.activity).find((a) => a.summary?.includes('is taking over'));
      expect(joined.attachments[0].content.body[0].inlines[0]).to.include({ isSubtle: true, size: 'Small' });
      await request(suite.base, 'POST', '/api/agent/conversations/teams-4/resolve', {}, agent);
      const ces = connector.received.map((r) => r.activity).find((a) => a.text?.includes('How easy was it'));
      const card = ces.attachments[0];
      expect(card.contentType).to.equal('application/vnd.microsoft.card.adaptive');
      expect(card.content.actions.map((a: any) => a.title)).to.deep.equal(['1 · very difficult', '2', '3', '4', '5', '6', '7 · very easy']);
      expect(card.content.actions.map((a: any) => a.data.msteams.value)).to.deep.equal(['1', '2', '3', '4', '5', '6', '7']);
      const answered = await request(suite.base, 'POST', '/api/messages', teamsActivity('teams-4', '5', { serviceUrl }));
      expect(messages(answered)[0].text).to.include('Thank you for your rating');
    } finally {
      await connector.stop();
    }
  });
});
