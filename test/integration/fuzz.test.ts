import { expect } from 'chai';
import { startTestService } from '../helpers/fixtures';
import { FakeConnector, messageActivity, request } from '../helpers/httpClient';
import { freshDatabase } from '../helpers/testDatabases';
import { seededRandom } from '../../nlu/random';

/** A failing case can be replayed with the same seed. */
const SEED = 20261202;

/** Values of every kind a careless or hostile client might put in a field. */
function junk(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * 14);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return Math.floor(next() * 1e9) - 5e8;
    case 2:
      return next() < 0.5;
    case 3:
      return '';
    case 4:
      return 'x'.repeat(Math.floor(next() * 20_000));
    case 5:
      return ['+100001-01-01T00:00:00Z', 'not a date', '2026-13-45T25:61:00Z', '1969-12-31T23:59:59Z'][Math.floor(next() * 4)];
    case 6:
      return '💥\u0000\u202e<script>alert(1)</script>';
    case 7:
      return depth < 3 ? [junk(next, depth + 1), junk(next, depth + 1)] : [];
    case 8:
      return depth < 3 ? { id: junk(next, depth + 1), name: junk(next, depth + 1) } : {};
    case 9:
      return 'http://127.0.0.1:1/';
    case 10:
      return 'waar is bestelling 100001, postcode 1234AB';
    case 11:
      return ['message', 'conversationUpdate', 'event', 'invoke', 'typing', 'endOfConversation', 'messageReaction', 'bogus'][Math.floor(next() * 8)];
    case 12:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
    default:
      return 1e308 * 10;
  }
}

const FIELDS = [
  'type',
  'text',
  'timestamp',
  'localTimestamp',
  'from',
  'recipient',
  'conversation',
  'membersAdded',
  'membersRemoved',
  'channelData',
  'value',
  'attachments',
  'entities',
  'locale',
  'name',
  'replyToId',
  'textFormat',
  'deliveryMode',
  'id',
  'channelId',
];

/** A valid activity with one to three fields replaced by junk (sometimes inside `from` or `conversation`). */
function mutated(next: () => number, conversationId: string, serviceUrl: string): Record<string, unknown> {
  // A working channel to reply to: what is tested is the input, not an unreachable channel.
  const activity: Record<string, unknown> = messageActivity(conversationId, 'hoi', { serviceUrl });
  const mutations = 1 + Math.floor(next() * 3);
  for (let i = 0; i < mutations; i++) {
    const field = FIELDS[Math.floor(next() * FIELDS.length)];
    if (field === 'from' && next() < 0.5) activity.from = { id: 'fuzz-user', name: junk(next) };
    else if (field === 'conversation' && next() < 0.5) activity.conversation = { id: conversationId, isGroup: junk(next) };
    else if (next() < 0.1) delete activity[field];
    else activity[field] = junk(next);
  }
  return activity;
}

describe('fuzzing: 10,000 malformed activities', function () {
  this.timeout(300_000);

  it('never answers 5xx and never fails a turn, on /api/messages and Direct Line', async () => {
    const next = seededRandom(SEED);
    const connector = new FakeConnector();
    const serviceUrl = await connector.start();
    const database = await freshDatabase('sqlite');
    const { service, base } = await startTestService(database, {
      BALIE_CHAT_REQUESTS_PER_MINUTE_PER_ADDRESS: '1000000',
      BALIE_CHAT_MESSAGES_PER_MINUTE: '1000',
      BALIE_BUSINESS_HOURS: 'always',
    });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const record = (status: number, sent: unknown) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500 && failures.length < 5) failures.push(`${status}: ${JSON.stringify(sent).slice(0, 300)}`);
    };
    try {
      for (let i = 0; i < 7_000; i++) {
        const body = mutated(next, `fuzz-${i % 500}`, serviceUrl);
        record((await request(base, 'POST', '/api/messages', body)).status, body);
      }
      const chat = (await request(base, 'POST', '/api/webchat/token')).body;
      const auth = { authorization: `Bearer ${chat.token}` };
      await request(base, 'POST', '/v3/directline/conversations', {}, auth);
      for (let i = 0; i < 3_000; i++) {
        const body = mutated(next, chat.conversationId, serviceUrl);
        delete body.serviceUrl;
        record((await request(base, 'POST', `/v3/directline/conversations/${chat.conversationId}/activities`, body, auth)).status, body);
      }
      const metrics = (await request(base, 'GET', '/metrics')).text;
      const turnErrors = Number(/^balie_turn_errors_total (\d+)/m.exec(metrics)?.[1] ?? 0);
      expect(failures, `seed ${SEED}`).to.deep.equal([]);
      expect(turnErrors, 'failed turns').to.equal(0);
      expect([...statuses.keys()].every((status) => status < 500)).to.equal(true);
      // The generator must reach the bot, not only the validator.
      expect(statuses.get(200) ?? 0).to.be.greaterThan(500);
    } finally {
      await service.close();
      await database.cleanup();
      await connector.stop();
    }
  });
});
