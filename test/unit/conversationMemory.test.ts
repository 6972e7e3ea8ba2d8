import { expect } from 'chai';
import { asksForPerson, besidesPersonRequest, describesComplaint } from '../../dialogs/customerWords';
import { withOrderFocus } from '../../dialogs/orderFocus';
import { orderAnswer } from '../../dialogs/orderQuestionDialog';
import { ParseResult } from '../../nlu/nluEngine';
import { Order } from '../../orders/orderBackend';

describe('an explicit request for a person, whatever else the message says', () => {
  const requests = [
    'I need a human, the lamp arrived broken',
    'can I talk to someone about my return',
    "I'd like to speak to a real person",
    'connect me to an agent please',
    'ik wil een medewerker spreken, mijn pakket is niet bezorgd',
    'mag ik een echt mens?',
    'kan ik met iemand praten over mijn retour',
    'verbind me door met een collega',
    'medewerker spreken aub',
  ];
  for (const text of requests) it(`"${text}" asks for a person`, () => expect(asksForPerson(text)).to.equal(true));

  const notRequests = [
    'the delivery person was rude to me',
    'Kan ik iemand bellen?',
    'ik wil iemand een cadeaubon geven',
    'de medewerker van de bezorgdienst was onbeleefd',
    'is there a person I can call?',
    'the agent said my order would come today',
  ];
  for (const text of notRequests) it(`"${text}" does not`, () => expect(asksForPerson(text)).to.equal(false));

  it('leaves the rest of the message to be understood', () => {
    expect(besidesPersonRequest('I need a human, the lamp arrived broken')).to.equal('the lamp arrived broken');
    expect(besidesPersonRequest('ik wil een medewerker spreken')).to.equal('spreken');
  });
});

describe('a complaint that already says what went wrong', () => {
  it('is told apart from a request to complain', () => {
    expect(describesComplaint('ik heb de hele dag thuis gezeten en er kwam niemand', 'nl')).to.equal(true);
    expect(describesComplaint('your driver was rude to me', 'en')).to.equal(true);
    expect(describesComplaint('ik wil een klacht indienen', 'nl')).to.equal(false);
    expect(describesComplaint('I want to file a formal complaint', 'en')).to.equal(false);
    expect(describesComplaint('klacht over bezorger', 'nl')).to.equal(false);
  });
});

describe('the order in focus', () => {
  const parse = (ranking: [string, number][]): ParseResult => ({
    text: '',
    language: 'nl',
    languageReliable: true,
    intent: { name: ranking[0][0], confidence: ranking[0][1] },
    alternatives: ranking.slice(1).map(([name, confidence]) => ({ name, confidence })),
    entities: [],
    sentiment: { score: 0, label: 'neutral' },
  });
  const orderIntents = new Set(['delivery.time', 'order.status', 'refund.status']);

  it('makes a question about the order likelier than one about stock, keeping the total', () => {
    const focused = withOrderFocus(
      parse([
        ['stock.availability', 0.5],
        ['delivery.time', 0.4],
        ['order.status', 0.05],
      ]),
      orderIntents,
    );
    expect(focused.intent.name).to.equal('delivery.time');
    expect(focused.alternatives[0].name).to.equal('stock.availability');
    const total = [focused.intent, ...focused.alternatives].reduce((sum, r) => sum + r.confidence, 0);
    expect(total).to.be.closeTo(0.95, 0.002);
  });

  it('lets a clear other question win, and leaves out of scope alone', () => {
    expect(
      withOrderFocus(
        parse([
          ['payment.methods', 0.9],
          ['delivery.time', 0.05],
        ]),
        orderIntents,
      ).intent.name,
    ).to.equal('payment.methods');
    const none = parse([
      ['none', 0.8],
      ['delivery.time', 0.1],
    ]);
    expect(withOrderFocus(none, orderIntents)).to.equal(none);
  });
});

describe("an order's own answer to a general question", () => {
  const order = (fields: Partial<Order>): Order => ({
    orderNumber: '100001',
    postcode: '1234AB',
    status: 'shipped',
    placedOn: '2026-12-01',
    items: [],
    ...fields,
  });

  it('is chosen by where the order is', () => {
    expect(orderAnswer(order({ status: 'returned', refund: { amount: 10, status: 'pending', expectedOn: '2026-12-05' } }), 'refund').key).to.equal(
      'orderRefundPending',
    );
    expect(orderAnswer(order({ status: 'returned', refund: { amount: 10, status: 'paid', expectedOn: '2026-12-05' } }), 'refund').key).to.equal(
      'orderRefundPaid',
    );
    expect(orderAnswer(order({ status: 'returned' }), 'refund').key).to.equal('orderRefundReturnNoAmount');
    expect(orderAnswer(order({ status: 'cancelled' }), 'refund').key).to.equal('statusCancelled');
    expect(orderAnswer(order({ status: 'delivered' }), 'refund')).to.deep.equal({ key: 'orderNoRefund', next: ['returns.start'] });
    expect(orderAnswer(order({ expectedDelivery: '2026-12-03' }), 'delivery').key).to.equal('orderExpectedDelivery');
    expect(orderAnswer(order({}), 'delivery').key).to.equal('statusShipped');
    expect(orderAnswer(order({ status: 'delivered' }), 'delivery').key).to.equal('statusDelivered');
    expect(orderAnswer(order({ status: 'processing' }), 'invoice').key).to.equal('orderInvoiceNotYet');
    expect(orderAnswer(order({ status: 'delivered' }), 'invoice').key).to.equal('orderInvoiceReady');
  });
});
