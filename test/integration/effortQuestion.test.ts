import { expect } from 'chai';
import { freshDatabase, describeEachStore, TestDatabase } from '../helpers/testDatabases';
import { startTestService } from '../helpers/fixtures';
import { request } from '../helpers/httpClient';
import { eventually } from '../helpers/liveClients';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

interface Activity {
  type: string;
  text?: string;
  from: { id: string; role?: string };
  suggestedActions?: { actions: { title: string; value: string }[] };
}

/** The effort question at the end (issue 18, item 7): after a quiet spell, once, in a message of its own. */
describeEachStore('the effort question after a quiet spell (web chat over Direct Line)', function (kind) {
  this.timeout(60_000);
  let database: TestDatabase;
  let now: Date;

  beforeEach(async () => {
    database = await freshDatabase(kind);
    now = new Date('2026-12-01T10:00:00Z');
  });
  afterEach(() => database.cleanup());

  const start = (env: Record<string, string> = {}) =>
    startTestService(database, { BALIE_RELAY_INTERVAL_MS: '3600000', BALIE_CES_QUIET_MINUTES: '2', ...env }, { now: () => now });

  const chat = async (base: string) => {
    const token = await request(base, 'POST', '/api/webchat/token', { locale: 'nl-NL' });
    expect(token.status, token.text).to.equal(200);
    const session = token.body as { conversationId: string; token: string };
    await request(base, 'POST', '/v3/directline/conversations', undefined, auth(session.token));
    const botActivities = async (): Promise<Activity[]> => {
      const page = await request(base, 'GET', `/v3/directline/conversations/${session.conversationId}/activities`, undefined, auth(session.token));
      return (page.body.activities as Activity[]).filter((a) => a.type === 'message' && a.from.role !== 'user' && a.from.id !== session.conversationId);
    };
    const say = async (text: string, expected: string) => {
      const before = (await botActivities()).length;
      const posted = await request(
        base,
        'POST',
        `/v3/directline/conversations/${session.conversationId}/activities`,
        { type: 'message', text },
        auth(session.token),
      );
      expect(posted.status, posted.text).to.equal(200);
      let replies: Activity[] = [];
      await eventually(async () => {
        replies = (await botActivities()).slice(before);
        return replies
          .map((a) => a.text)
          .join('\n')
          .includes(expected);
      }, `"${expected}" after "${text}"`);
      return replies;
    };
    return { say, botActivities };
  };

  it('is not put beside a flow’s next steps, but asked once the customer has been quiet, in its own message with labelled ends', async () => {
    const { service, base } = await start();
    try {
      const customer = await chat(base);
      const status = await customer.say('waar is bestelling 100001? postcode 1234AB', 'onderweg met PostNL');
      expect(status.map((a) => a.text).join('\n')).not.to.include('Hoe makkelijk');

      now = new Date(now.getTime() + 60_000);
      expect(await service.quietSpell.run(), 'one minute is no quiet spell yet').to.equal(0);
      now = new Date(now.getTime() + 61_000);
      expect(await service.quietSpell.run()).to.equal(1);
      let question: Activity | undefined;
      await eventually(async () => {
        question = (await customer.botActivities()).find((a) => a.text?.includes('Hoe makkelijk'));
        return question !== undefined;
      }, 'the effort question');
      expect(question!.suggestedActions!.actions.map((a) => a.title)).to.deep.equal(['1 · heel moeilijk', '2', '3', '4', '5', '6', '7 · heel makkelijk']);
      expect(question!.suggestedActions!.actions.map((a) => a.value)).to.deep.equal(['1', '2', '3', '4', '5', '6', '7']);

      now = new Date(now.getTime() + 600_000);
      expect(await service.quietSpell.run(), 'asked once').to.equal(0);
      expect(await customer.say('heel makkelijk', 'Dank je')).to.have.length.greaterThan(0);
      const scores = await request(base, 'GET', '/healthz');
      expect(scores.status).to.equal(200);
    } finally {
      await service.close();
    }
  });

  it('is not asked of a customer who went on, until they are done again', async () => {
    const { service, base } = await start();
    try {
      const customer = await chat(base);
      await customer.say('wat kost verzenden?', '4,95');
      now = new Date(now.getTime() + 30_000);
      await customer.say('ik wil iets retourneren', 'ordernummer');
      now = new Date(now.getTime() + 10 * 60_000);
      expect(await service.quietSpell.run(), 'in the middle of a flow').to.equal(0);
      expect((await customer.botActivities()).some((a) => a.text?.includes('Hoe makkelijk'))).to.equal(false);
    } finally {
      await service.close();
    }
  });

  it('is asked right after a thanks, and then not again after the quiet spell', async () => {
    const { service, base } = await start();
    try {
      const customer = await chat(base);
      await customer.say('wat kost verzenden?', '4,95');
      const thanks = await customer.say('top, dankjewel', 'Hoe makkelijk');
      expect(thanks.at(-1)!.suggestedActions!.actions).to.have.length(7);
      now = new Date(now.getTime() + 10 * 60_000);
      expect(await service.quietSpell.run()).to.equal(0);
    } finally {
      await service.close();
    }
  });

  it('is off with BALIE_CES_QUIET_MINUTES=0', async () => {
    const { service, base } = await start({ BALIE_CES_QUIET_MINUTES: '0' });
    try {
      const customer = await chat(base);
      await customer.say('wat kost verzenden?', '4,95');
      now = new Date(now.getTime() + 60 * 60_000);
      expect(await service.quietSpell.run()).to.equal(0);
    } finally {
      await service.close();
    }
  });
});
