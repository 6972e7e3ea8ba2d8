import { expect } from 'chai';
import { buildContextPackage, ContextInput, trendOf } from '../../handoff/contextPackage';

const input = (overrides: Partial<ContextInput> = {}): ContextInput => ({
  customer: { id: 'u1', name: 'Jan', channel: 'webchat', language: 'nl' },
  reason: 'customer_request',
  reasonDetail: '',
  transcript: [
    { at: '2026-11-23T10:00:00.000Z', from: 'customer', text: 'waar is bestelling 100001?' },
    { at: '2026-11-23T10:00:01.000Z', from: 'bot', text: 'Wat is de postcode?' },
    { at: '2026-11-23T10:00:10.000Z', from: 'customer', text: 'blablabla' },
    { at: '2026-11-23T10:00:11.000Z', from: 'bot', text: 'Dat begrijp ik niet.' },
    { at: '2026-11-23T10:00:20.000Z', from: 'customer', text: 'medewerker' },
  ],
  analyses: [
    {
      at: '2026-11-23T10:00:00.000Z',
      text: 'waar is bestelling 100001?',
      intent: 'order.status',
      confidence: 0.8,
      sentiment: 0,
      entities: [{ type: 'order_number', value: '100001' }],
    },
    { at: '2026-11-23T10:00:10.000Z', text: 'blablabla', intent: 'none', confidence: 0.1, sentiment: -0.2, entities: [] },
    { at: '2026-11-23T10:00:20.000Z', text: 'medewerker', intent: 'human.request', confidence: 0.95, sentiment: -0.4, entities: [] },
  ],
  facts: { postcode: '1234AB', email: undefined },
  earlierConversations: [],
  describeIntent: (name) => (name === 'order.status' ? 'Where is my order?' : name),
  ...overrides,
});

describe('the context package (what an agent gets)', () => {
  it('writes a summary an agent reads in seconds: who, what about, what they gave, what the bot did, why a person', () => {
    expect(buildContextPackage(input()).summary).to.equal(
      'Jan (webchat, Dutch) asked about "Where is my order?" and gave order 100001 and postcode 1234AB. ' +
        'The bot sent 2 replies; 1 message was not understood. Handed over because the customer asked for a person. Sentiment is worsening.',
    );
  });

  it('lists each intent once in the order raised, with its best confidence; entities from messages and facts', () => {
    const context = buildContextPackage(
      input({
        analyses: [
          { at: 't1', text: 'a', intent: 'order.status', confidence: 0.6, sentiment: 0, entities: [] },
          { at: 't2', text: 'b', intent: 'delivery.time', confidence: 0.7, sentiment: 0, entities: [{ type: 'postcode', value: '9999ZZ' }] },
          { at: 't3', text: 'c', intent: 'order.status', confidence: 0.9, sentiment: 0, entities: [] },
        ],
      }),
    );
    expect(context.intents).to.deep.equal([
      { name: 'order.status', confidence: 0.9, at: 't1' },
      { name: 'delivery.time', confidence: 0.7, at: 't2' },
    ]);
    expect(context.entities, 'a fact the flow confirmed wins over a mention').to.deep.equal({ postcode: '1234AB' });
  });

  it('keeps the bot’s answers, the transcript and the earlier conversations whole', () => {
    const earlier = [{ conversationId: 'old', channel: 'slack', startedAt: '2026-11-01T10:00:00.000Z', firstMessage: 'hoi', ces: 2 }];
    const context = buildContextPackage(input({ earlierConversations: earlier, reason: 'complaint', reasonDetail: 'de lamp is kapot' }));
    expect(context.botAnswers).to.deep.equal(['Wat is de postcode?', 'Dat begrijp ik niet.']);
    expect(context.transcript).to.have.length(5);
    expect(context.earlierConversations).to.deep.equal(earlier);
    expect(context.summary).to.include('Handed over because the customer has a complaint: "de lamp is kapot".').and.include('1 earlier conversation(s)');
    expect(context.sentiment).to.deep.equal({ trend: 'worsening', scores: [0, -0.2, -0.4], latest: -0.4 });
  });

  it('says so when no topic was recognised, and names an unnamed customer', () => {
    const context = buildContextPackage(input({ customer: { id: 'u1', channel: 'slack', language: 'en' }, analyses: [], facts: {}, transcript: [] }));
    expect(context.summary).to.match(/^The customer \(slack, English\) did not raise a topic the bot recognised\. The bot sent 0 replies\./);
  });

  it('reads the sentiment trend from the first and last half', () => {
    expect(trendOf([0.5])).to.equal('stable');
    expect(trendOf([-0.5, -0.4, 0.2, 0.3])).to.equal('improving');
    expect(trendOf([0.1, 0.1, 0.05, 0.1])).to.equal('stable');
  });
});
