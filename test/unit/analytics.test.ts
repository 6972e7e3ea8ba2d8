import { expect } from 'chai';
import { nextQuestions, unrecognisedMessages } from '../../analytics/contentInsights';
import { toCsv } from '../../analytics/csv';
import { conversationEffort, findRepeatContacts } from '../../analytics/effort';
import { FollowUpLearner } from '../../analytics/followUpLearner';
import { containsMask, maskPersonalData } from '../../privacy/masking';
import { summarize } from '../../analytics/summary';
import { overTime, periodOf, startOfLocalDay } from '../../analytics/timeSeries';
import { effortRows } from '../../analytics/summary';
import { AnalyticsMessage, ConversationHistory, MessageOutcome } from '../../analytics/types';

/** A message at minute `minute` after the conversation's start. */
function msg(start: string, minute: number, outcome: MessageOutcome, intent: string, text = intent, language: 'nl' | 'en' = 'nl'): AnalyticsMessage {
  return { at: new Date(Date.parse(start) + minute * 60_000).toISOString(), text, language, intent, confidence: 0.9, outcome };
}

function conversation(id: string, start: string, fields: Partial<ConversationHistory> & { customer?: string } = {}): ConversationHistory {
  const channel = fields.channel ?? 'webchat';
  const customer = fields.customer ?? `u-${id}`;
  return {
    conversationId: id,
    customerId: customer,
    channel,
    language: 'nl',
    startedAt: start,
    identities: [`${channel}:${customer}`],
    messages: [],
    feedback: [],
    ...fields,
  };
}

const at = (start: string, minute: number) => new Date(Date.parse(start) + minute * 60_000).toISOString();

// Seven conversations with known answers (worked out by hand in the comments).
const C1 = '2026-11-02T10:00:00.000Z';
const C2 = '2026-11-02T12:00:00.000Z';
const C3 = '2026-11-03T09:00:00.000Z';
const C4 = '2026-11-04T20:00:00.000Z';
const C5 = '2026-11-05T08:00:00.000Z';
const C6 = '2026-11-06T15:00:00.000Z';
const C8 = '2026-10-30T10:00:00.000Z';
const HISTORIES: ConversationHistory[] = [
  // c1: answered and confirmed helpful → contained; CES 6. A repeat of c8 (same customer and topic, 3 days earlier).
  conversation('c1', C1, {
    customer: 'anna',
    messages: [
      msg(C1, 0, 'smalltalk', 'greeting'),
      msg(C1, 1, 'answered', 'delivery.costs'),
      msg(C1, 2, 'feedback', 'delivery.costs', '👍'),
      msg(C1, 3, 'survey', 'none', '6'),
    ],
    feedback: [{ intent: 'delivery.costs', helpful: true, at: at(C1, 2) }],
    botResolution: { at: at(C1, 2), trigger: 'helpful' },
    ces: { score: 6, at: at(C1, 3), resolvedBy: 'bot' },
  }),
  // c2: a fallback and a clarification, then answered and thanked → bot-resolved, CES 3 with a comment;
  // but the customer came back on the same topic 3 days later on Teams (c5, linked by email) → not contained.
  conversation('c2', C2, {
    language: 'en',
    customer: 'bob',
    identities: ['webchat:bob', 'email:bob@example.com'],
    messages: [
      msg(C2, 0, 'fallback', 'none', 'can I send it back by bike', 'en'),
      msg(C2, 1, 'clarified', 'returns.policy', 'return rules?', 'en'),
      msg(C2, 2, 'answered', 'returns.policy', 'Return policy', 'en'),
      msg(C2, 3, 'smalltalk', 'thanks', 'thanks', 'en'),
      msg(C2, 4, 'survey', 'none', '3', 'en'),
      msg(C2, 5, 'survey', 'none', 'too many questions', 'en'),
    ],
    botResolution: { at: at(C2, 3), trigger: 'thanks' },
    ces: { score: 3, at: at(C2, 4), resolvedBy: 'bot', comment: 'too many questions' },
  }),
  // c3: order status flow, then a person: waited 5 minutes, resolved by the agent → first-contact resolved; CES 5.
  conversation('c3', C3, {
    channel: 'slack',
    messages: [
      msg(C3, 0, 'flow', 'order.status'),
      msg(C3, 1, 'input', 'none', '[order]'),
      msg(C3, 2, 'handoff', 'human.request'),
      msg(C3, 30, 'survey', 'none', '5'),
    ],
    handoff: { reason: 'customer_request', state: 'resolved', queuedAt: at(C3, 2), acceptedAt: at(C3, 7), closedAt: at(C3, 20), ticket: false },
    ces: { score: 5, at: at(C3, 30), resolvedBy: 'agent' },
  }),
  // c4: two fallbacks, offered a person, out of hours → ticket.
  conversation('c4', C4, {
    channel: 'msteams',
    language: 'en',
    messages: [
      msg(C4, 0, 'fallback', 'none', 'bitcoin?', 'en'),
      msg(C4, 1, 'fallback', 'none', 'pay with bitcoin', 'en'),
      msg(C4, 2, 'input', 'none', 'yes', 'en'),
    ],
    handoff: { reason: 'bot_failed', state: 'ticket', queuedAt: at(C4, 3), ticket: true },
  }),
  // c5: bob again, on Teams, about returns → a repeat contact; answered and said goodbye → contained itself.
  conversation('c5', C5, {
    channel: 'msteams',
    language: 'en',
    customer: 'bob-teams',
    identities: ['msteams:bob-teams', 'email:bob@example.com'],
    messages: [
      msg(C5, 0, 'answered', 'returns.policy', 'how do returns work', 'en'),
      msg(C5, 1, 'answered', 'returns.policy', 'how do returns work again', 'en'),
      msg(C5, 2, 'smalltalk', 'goodbye', 'bye', 'en'),
    ],
    botResolution: { at: at(C5, 2), trigger: 'goodbye' },
  }),
  // c6: a greeting and a fallback, then silence → unresolved.
  conversation('c6', C6, { messages: [msg(C6, 0, 'smalltalk', 'greeting'), msg(C6, 1, 'fallback', 'none', 'kan ik met bitcoin betalen')] }),
  // c8: before the period: anna about delivery costs (makes c1 a repeat contact).
  conversation('c8', C8, { customer: 'anna', messages: [msg(C8, 0, 'answered', 'delivery.costs')] }),
];
const PERIOD = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-08T00:00:00Z') };

describe('analytics metrics on hand-built conversations', () => {
  const summary = summarize(HISTORIES, PERIOD);

  it('counts conversations in the period only', () => {
    expect(summary.conversations).to.equal(6);
  });

  it('containment: bot-resolved, no person, no repeat contact within 7 days (c1, c5 of 6)', () => {
    expect(summary.containmentRate).to.equal(0.3333);
  });

  it('handoff rate and handoffs by reason (c3 customer request, c4 bot failed)', () => {
    expect(summary.handoffRate).to.equal(0.3333);
    expect(summary.handoffsByReason).to.have.deep.members([
      { reason: 'customer_request', conversations: 1, rate: 0.1667 },
      { reason: 'bot_failed', conversations: 1, rate: 0.1667 },
    ]);
  });

  it('fallback rate over the messages the bot had to understand (4 of 15)', () => {
    expect(summary.fallbackRate).to.equal(0.2667);
    expect(summary.clarificationRate).to.equal(0.0667);
  });

  it('first-contact resolution: resolved by bot or agent and not repeated (c1, c3, c5)', () => {
    expect(summary.firstContactResolutionRate).to.equal(0.5);
  });

  it('repeat contacts are found across channels through a shared identity, and before the period', () => {
    const repeats = findRepeatContacts(HISTORIES);
    expect([...repeats.followedByRepeat].sort()).to.deep.equal(['c2', 'c8']);
    expect([...repeats.isRepeat].sort()).to.deep.equal(['c1', 'c5']);
    expect(summary.repeatContactRate).to.equal(0.3333);
  });

  it('a return after more than 7 days, or on another topic, is not a repeat contact', () => {
    const first = conversation('a', '2026-11-01T10:00:00Z', { customer: 'x', messages: [msg('2026-11-01T10:00:00Z', 0, 'answered', 'delivery.costs')] });
    const late = conversation('b', '2026-11-08T10:00:01Z', { customer: 'x', messages: [msg('2026-11-08T10:00:01Z', 0, 'answered', 'delivery.costs')] });
    const otherTopic = conversation('c', '2026-11-02T10:00:00Z', { customer: 'x', messages: [msg('2026-11-02T10:00:00Z', 0, 'answered', 'payment.methods')] });
    const repeats = findRepeatContacts([first, late, otherTopic]);
    expect(repeats.followedByRepeat.size).to.equal(0);
  });

  it('CES average and distribution (6, 3, 5)', () => {
    expect(summary.ces).to.deep.equal({ average: 4.67, responses: 3, distribution: [0, 0, 1, 0, 1, 1, 0] });
  });

  it('bot-only against handoff, by channel, by language and by intent', () => {
    const [botOnly, handoff] = summary.byResolution;
    expect(botOnly).to.include({ group: 'bot_only', conversations: 4 });
    expect(botOnly.ces.average).to.equal(4.5);
    expect(handoff).to.include({ group: 'handoff', conversations: 2, handoffRate: 1 });
    expect(handoff.ces.average).to.equal(5);
    const web = summary.byChannel.find((c) => c.channel === 'webchat')!;
    expect(web).to.include({ conversations: 3, containmentRate: 0.3333 });
    expect(summary.byLanguage.find((l) => l.language === 'en')).to.include({ conversations: 3 });
    const returns = summary.byIntent.find((i) => i.intent === 'returns.policy')!;
    expect(returns).to.include({ conversations: 2, containmentRate: 0.5 });
    expect(returns.ces.average).to.equal(3);
    expect(summary.byIntent.find((i) => i.intent === 'delivery.costs')).to.include({ conversations: 1, helpful: 1, notHelpful: 0 });
    expect(
      summary.byIntent.find((i) => i.intent === 'none'),
      'conversations without a topic',
    ).to.include({ conversations: 2 });
  });

  it('effort signals per conversation: turns, turns to resolution, wait, repeated questions', () => {
    const repeats = findRepeatContacts(HISTORIES);
    const c3 = conversationEffort(HISTORIES[2], repeats);
    expect(c3).to.include({
      customerTurns: 3,
      turnsToResolution: 3,
      handoffWaitSeconds: 300,
      resolution: 'agent',
      firstContactResolved: true,
      contained: false,
    });
    const c2 = conversationEffort(HISTORIES[1], repeats);
    expect(c2).to.include({
      customerTurns: 4,
      turnsToResolution: 4,
      fallbacks: 1,
      clarifications: 1,
      followedByRepeat: true,
      contained: false,
      cesComment: 'too many questions',
    });
    const c5 = conversationEffort(HISTORIES[4], repeats);
    expect(c5).to.include({ repeatedQuestions: 1, isRepeatContact: true, contained: true });
    expect(conversationEffort(HISTORIES[5], repeats)).to.include({ resolution: 'unresolved', turnsToResolution: undefined });
    expect(summary.effort.averageHandoffWaitSeconds).to.equal(300);
  });

  it('a conversation whose last question was answered counts as resolved by the bot; a 👎, a miss or a half-done flow does not', () => {
    const start = '2026-11-03T10:00:00.000Z';
    const repeats = { followedByRepeat: new Set<string>(), isRepeat: new Set<string>() };
    const answered = conversation('i1', start, {
      messages: [msg(start, 0, 'fallback', 'none'), msg(start, 1, 'answered', 'delivery.time'), msg(start, 2, 'smalltalk', 'greeting')],
    });
    expect(conversationEffort(answered, repeats)).to.include({ resolution: 'bot', botResolution: 'answered', turnsToResolution: 2, contained: true });
    const disliked = conversation('i2', start, {
      messages: [msg(start, 0, 'answered', 'delivery.time'), msg(start, 1, 'feedback', 'delivery.time', '👎')],
      feedback: [{ intent: 'delivery.time', helpful: false, at: at(start, 1) }],
    });
    expect(conversationEffort(disliked, repeats).resolution).to.equal('unresolved');
    const missed = conversation('i3', start, { messages: [msg(start, 0, 'answered', 'delivery.time'), msg(start, 1, 'fallback', 'none')] });
    expect(conversationEffort(missed, repeats).resolution).to.equal('unresolved');
    const halfFlow = conversation('i4', start, {
      messages: [msg(start, 0, 'answered', 'delivery.time'), msg(start, 1, 'flow', 'returns.start'), msg(start, 2, 'input', 'none')],
    });
    expect(conversationEffort(halfFlow, repeats).resolution).to.equal('unresolved');
  });

  it('filters by channel and language', () => {
    expect(summarize(HISTORIES, { ...PERIOD, channel: 'msteams' }).conversations).to.equal(2);
    expect(summarize(HISTORIES, { ...PERIOD, language: 'nl' }).conversations).to.equal(3);
    // c2 is still "followed by a repeat" when only web chat is shown: the repeat was on Teams.
    expect(summarize(HISTORIES, { ...PERIOD, channel: 'webchat' }).firstContactResolutionRate).to.equal(0.3333);
  });

  it('CES over time, per day and per ISO week in the shop time zone', () => {
    const rows = effortRows(HISTORIES, PERIOD);
    const days = overTime(rows, PERIOD, 'day', 'Europe/Amsterdam');
    expect(days.map((d) => d.period)).to.have.length(8); // 1 Nov 01:00 local … 8 Nov 01:00 local
    expect(days.find((d) => d.period === '2026-11-02')).to.deep.include({ conversations: 2 });
    expect(days.find((d) => d.period === '2026-11-02')!.ces.average).to.equal(4.5);
    const weeks = overTime(rows, PERIOD, 'week', 'Europe/Amsterdam');
    expect(weeks.map((w) => w.period)).to.deep.equal(['2026-10-26', '2026-11-02']);
    expect(weeks[1].conversations).to.equal(6);
    expect(periodOf(new Date('2026-11-01T23:30:00Z'), 'day', 'Europe/Amsterdam')).to.equal('2026-11-02');
  });

  it('local days start at local midnight, also across daylight saving time', () => {
    expect(startOfLocalDay('2026-11-23', 'Europe/Amsterdam').toISOString()).to.equal('2026-11-22T23:00:00.000Z');
    expect(startOfLocalDay('2026-07-01', 'Europe/Amsterdam').toISOString()).to.equal('2026-06-30T22:00:00.000Z');
    expect(startOfLocalDay('2026-03-29', 'Europe/Amsterdam').toISOString()).to.equal('2026-03-28T23:00:00.000Z');
  });
});

describe('content insights', () => {
  it('groups unrecognised messages by similar words, most frequent first, with the classifier guess', () => {
    const start = '2026-11-02T10:00:00.000Z';
    const fallback = (minute: number, text: string, candidate?: string): AnalyticsMessage => ({ ...msg(start, minute, 'fallback', 'none', text), candidate });
    const groups = unrecognisedMessages([
      conversation('x', start, {
        messages: [
          fallback(0, 'Kan ik met bitcoin betalen?', 'payment.methods'),
          fallback(1, 'betalen met bitcoin', 'payment.methods'),
          fallback(2, 'wat voor weer wordt het', 'delivery.time'),
          fallback(3, 'Kan ik met bitcoin betalen?', 'payment.methods'),
          msg(start, 4, 'answered', 'delivery.costs', 'verzendkosten'),
        ],
      }),
    ]);
    expect(groups).to.have.length(2);
    expect(groups[0]).to.deep.include({
      text: 'Kan ik met bitcoin betalen?',
      count: 3,
      variants: ['betalen met bitcoin'],
      suggestedIntent: 'payment.methods',
      language: 'nl',
    });
    expect(groups[1]).to.include({ text: 'wat voor weer wordt het', count: 1 });
  });

  it('finds the next question after each topic, one vote per conversation', () => {
    const start = '2026-11-02T10:00:00.000Z';
    const flowThen = (id: string, next: string) =>
      conversation(id, start, {
        messages: [
          msg(start, 0, 'flow', 'order.status'),
          msg(start, 1, 'input', 'none'),
          msg(start, 2, 'smalltalk', 'thanks'),
          msg(start, 3, 'answered', next),
        ],
      });
    const result = nextQuestions([flowThen('a', 'delivery.time'), flowThen('b', 'delivery.time'), flowThen('c', 'returns.policy')]);
    expect(result[0]).to.deep.equal({
      intent: 'order.status',
      followedBy: 3,
      next: [
        { intent: 'delivery.time', count: 2 },
        { intent: 'returns.policy', count: 1 },
      ],
    });
  });

  it('learns a follow-up only once it is seen often enough', async () => {
    const start = '2026-11-02T10:00:00.000Z';
    const pair = (id: string) =>
      conversation(id, start, { messages: [msg(start, 0, 'answered', 'delivery.costs'), msg(start, 1, 'answered', 'payment.methods')] });
    const histories = [pair('a'), pair('b')];
    const learner = new FollowUpLearner(
      async () => histories,
      () => new Date('2026-11-03T00:00:00Z'),
      { minConversations: 3, minShare: 0.25, days: 30 },
    );
    await learner.refresh();
    expect(learner.suggestionsFor('delivery.costs')).to.deep.equal([]);
    histories.push(pair('c'));
    await learner.refresh();
    expect(learner.suggestionsFor('delivery.costs')).to.deep.equal(['payment.methods']);
  });
});

describe('privacy masking', () => {
  it('masks emails, phone numbers, IBANs, postcodes and order numbers', () => {
    expect(maskPersonalData('mail jan.de.vries@example.nl of bel 06-12345678')).to.equal('mail [email] of bel [phone]');
    expect(maskPersonalData('IBAN NL91 ABNA 0417 1643 00 graag')).to.equal('IBAN [iban] graag');
    expect(maskPersonalData('NL91ABNA0417164300')).to.equal('[iban]');
    expect(maskPersonalData('bestelling 100001, postcode 1234 AB')).to.equal('bestelling [order], postcode [postcode]');
    expect(maskPersonalData('call +44 20 7946 0958 please')).to.equal('call [phone] please');
    expect(maskPersonalData('kaart 4111 1111 1111 1111')).to.equal('kaart [number]');
    expect(maskPersonalData('wat kost verzenden naar België?')).to.equal('wat kost verzenden naar België?');
  });

  it('recognises its own placeholders', () => {
    expect(containsMask('waar is [order]')).to.equal(true);
    expect(containsMask('waar is mijn pakket')).to.equal(false);
  });
});

describe('CSV export', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    const csv = toCsv<{ a: string; b: number[] }>(
      [
        { header: 'a', value: (r) => r.a },
        { header: 'b', value: (r) => r.b },
      ],
      [
        { a: 'plain', b: [1, 2] },
        { a: 'with, comma and "quotes"', b: [] },
        { a: '=HYPERLINK("x")', b: [3] },
      ],
    );
    expect(csv).to.equal('a,b\r\nplain,1 2\r\n"with, comma and ""quotes""",\r\n"\'=HYPERLINK(""x"")",3\r\n');
  });
});
