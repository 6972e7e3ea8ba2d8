import { expect } from 'chai';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { fillTemplate } from '../../content/contentPack';
import { ContentError, loadContentPack } from '../../content/loader';
import { SAMPLE_CONTENT_DIR, samplePack, tempDir } from '../helpers/fixtures';

const DESIGN_INTENTS = [
  'greeting',
  'goodbye',
  'thanks',
  'help',
  'human.request',
  'order.status',
  'order.cancel',
  'order.change_address',
  'delivery.time',
  'delivery.costs',
  'returns.policy',
  'returns.start',
  'refund.status',
  'product.damaged',
  'product.wrong_item',
  'product.warranty',
  'payment.methods',
  'invoice.request',
  'account.password_reset',
  'opening_hours',
  'contact.options',
  'complaint',
  'discount.code',
  'stock.availability',
  'privacy.data',
];

describe('the sample content pack', () => {
  it('has exactly the intents of the design (24, and since issue 18 a wrong item apart from a damaged one)', () => {
    expect([...samplePack().intents.keys()].sort()).to.deep.equal([...DESIGN_INTENTS].sort());
  });

  it('has at least 15 examples per language, an answer per language and 1–2 follow-ups for every intent but goodbye', () => {
    for (const intent of samplePack().intents.values()) {
      expect(intent.examples.nl.length, `${intent.name} nl`).to.be.at.least(15);
      expect(intent.examples.en.length, `${intent.name} en`).to.be.at.least(15);
      expect(intent.answer.nl.length, `${intent.name} nl answer`).to.be.greaterThan(10);
      expect(intent.answer.en.length, `${intent.name} en answer`).to.be.greaterThan(10);
      if (intent.name !== 'goodbye') expect(intent.followUps.length, `${intent.name} follow-ups`).to.be.within(1, 2);
    }
  });

  it('holds the sample orders of the design, each with postcode 1234AB', () => {
    const orders = new Map(samplePack().sampleOrders.map((o) => [o.orderNumber, o]));
    expect(orders.get('100001')).to.include({ status: 'shipped', postcode: '1234AB' }).and.to.have.property('trackingCode');
    expect(orders.get('100002')).to.include({ status: 'delivered', postcode: '1234AB' });
    expect(orders.get('100003')).to.include({ status: 'processing', postcode: '1234AB' });
    expect(orders.get('100004')).to.include({ status: 'returned', postcode: '1234AB' }).and.to.have.nested.property('refund.status', 'pending');
  });
});

describe('loadContentPack on broken content', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('balie-content-');
    cpSync(SAMPLE_CONTENT_DIR, dir.path, { recursive: true });
  });
  afterEach(() => dir.cleanup());

  const editJson = (file: string, edit: (data: any) => void) => {
    const path = join(dir.path, file);
    const data = JSON.parse(readFileSync(path, 'utf8'));
    edit(data);
    writeFileSync(path, JSON.stringify(data));
  };

  const expectError = (pattern: { file: RegExp; intent?: string; field?: string; problem: RegExp }) => {
    try {
      loadContentPack(dir.path);
    } catch (error) {
      expect(error).to.be.instanceOf(ContentError);
      const e = error as ContentError;
      expect(e.file).to.match(pattern.file);
      expect(e.intent).to.equal(pattern.intent);
      expect(e.field).to.equal(pattern.field);
      expect(e.problem).to.match(pattern.problem);
      expect(e.message).to.include(e.file);
      return;
    }
    expect.fail('loadContentPack accepted broken content');
  };

  it('names the file, intent and field of a missing answer', () => {
    editJson('intents/delivery.costs.json', (d) => delete d.answer.en);
    expectError({ file: /intents\/delivery\.costs\.json$/, intent: 'delivery.costs', field: 'answer.en', problem: /expected string|required/i });
  });

  it('rejects too few examples', () => {
    editJson('intents/thanks.json', (d) => (d.examples.nl = ['bedankt']));
    expectError({ file: /thanks\.json$/, intent: 'thanks', field: 'examples.nl', problem: /at least 5/ });
  });

  it('rejects a follow-up to an intent that does not exist', () => {
    editJson('intents/greeting.json', (d) => (d.followUps = ['order.teleport']));
    expectError({ file: /greeting\.json$/, intent: 'greeting', field: 'followUps.0', problem: /unknown intent "order\.teleport"/ });
  });

  it('rejects unknown fields (typos) in an intent', () => {
    editJson('intents/help.json', (d) => (d.anwser = d.answer));
    expectError({ file: /help\.json$/, intent: 'help', field: undefined, problem: /unrecognized key/i });
  });

  it('rejects invalid JSON with the parser message', () => {
    writeFileSync(join(dir.path, 'intents/complaint.json'), '{ "intent": "complaint", ');
    expectError({ file: /complaint\.json$/, problem: /not valid JSON/ });
  });

  it('rejects a file named after another intent', () => {
    editJson('intents/complaint.json', (d) => (d.intent = 'complaints'));
    expectError({ file: /complaint\.json$/, intent: 'complaints', field: 'intent', problem: /named complaints\.json/ });
  });

  it('rejects a pack without an intent the dialogs need', () => {
    rmSync(join(dir.path, 'intents/order.status.json'));
    expect(() => loadContentPack(dir.path)).to.throw(ContentError, /needs an intent "order.status"/);
  });

  it('rejects a bad sample order', () => {
    editJson('orders.json', (d) => (d.orders[0].postcode = '1234 ab'));
    expectError({ file: /orders\.json$/, field: 'orders.0.postcode', problem: /Dutch postcode/ });
  });

  it('rejects a message template missing a language', () => {
    editJson('messages.json', (d) => delete d.welcome.nl);
    expectError({ file: /messages\.json$/, field: 'welcome.nl', problem: /expected string/i });
  });

  it('rejects a bad business-hours time', () => {
    editJson('pack.json', (d) => (d.businessHours.weekly.mon = [['9:00', '17:30']]));
    expectError({ file: /pack\.json$/, field: 'businessHours.weekly.mon.0.0', problem: /HH:MM/ });
  });
});

describe('fillTemplate', () => {
  it('leaves out a [section] whose values are unknown or empty, and keeps the rest', () => {
    const template = 'Onderweg[ met {carrier}].[ Track & trace: {trackingCode}.][ Volg: {trackingUrl}]';
    expect(fillTemplate(template, { carrier: 'DHL', trackingCode: 'JV1', trackingUrl: '' })).to.equal('Onderweg met DHL. Track & trace: JV1.');
    expect(fillTemplate(template, {})).to.equal('Onderweg.');
    expect(fillTemplate('Hallo {name}', {}), 'outside a section a missing value stays visible').to.equal('Hallo {name}');
  });
});
