import { expect } from 'chai';
import { route } from '../../dialogs/routingPolicy';
import { sampleEngine } from '../helpers/fixtures';

// Phrasings that are not in the sample content: the model has to generalise.
const UNSEEN: [string, string][] = [
  ['mijn pakje is nog steeds niet bezorgd, waar is het?', 'order.status'],
  ['kan ik de bestelling van gisteren nog tegenhouden', 'order.cancel'],
  ['hoeveel dagen heb ik om iets terug te sturen', 'returns.policy'],
  ['ik wil de stoelen die ik kocht terugsturen', 'returns.start'],
  ['wat moet ik betalen voor de bezorging', 'delivery.costs'],
  ['kan ik met mijn creditcard afrekenen', 'payment.methods'],
  ['het glas van de vaas is gebarsten bij aankomst', 'product.damaged'],
  ['mag ik alsjeblieft een echt mens spreken', 'human.request'],
  ['where the heck is my parcel, ordered days ago', 'order.status'],
  ['could you stop my order before it ships', 'order.cancel'],
  ['what does it cost to have it delivered', 'delivery.costs'],
  ['i cannot remember my login password', 'account.password_reset'],
  ['is the oak sideboard back in stock soon', 'stock.availability'],
  ['what time does your helpdesk close on saturday', 'opening_hours'],
  ['i need a vat invoice for my company', 'invoice.request'],
  ['the courier dropped it and now the lamp is broken', 'product.damaged'],
];

const OUT_OF_SCOPE = [
  'wie wordt de volgende premier',
  'hoe laat begint de voetbalwedstrijd vanavond',
  'geef me een recept voor erwtensoep',
  'what is the square root of 144',
  'who painted the mona lisa',
  'recommend me a good fantasy novel',
];

describe('NluEngine on the sample content', () => {
  for (const [text, intent] of UNSEEN) {
    it(`"${text}" → ${intent} (answered, or offered as one of two in a clarifying question)`, () => {
      const decision = route(sampleEngine().parse(text));
      if (decision.kind === 'clarify') expect(decision.candidates).to.include(intent);
      else expect(decision).to.deep.equal({ kind: 'intent', intent });
    });
  }

  for (const text of OUT_OF_SCOPE) {
    it(`"${text}" → none`, () => {
      expect(sampleEngine().parse(text).intent.name).to.equal('none');
    });
  }

  it('returns the contract shape of /api/nlu/parse', () => {
    const result = sampleEngine().parse('Waar is bestelling 100001? Postcode 1234AB');
    expect(result.language).to.equal('nl');
    expect(result.intent.name).to.equal('order.status');
    expect(result.intent.confidence).to.be.within(0, 1);
    expect(result.alternatives).to.have.length(3);
    expect(result.alternatives.map((a) => a.name)).not.to.include('order.status');
    expect(result.entities.map((e) => e.type)).to.deep.equal(['order_number', 'postcode']);
    expect(result.sentiment).to.have.keys('score', 'label');
  });

  it('honours a forced language', () => {
    expect(sampleEngine().parse('order status', { lang: 'nl' }).language).to.equal('nl');
  });

  it('falls back to the conversation language on short messages', () => {
    expect(sampleEngine().parse('100001', { fallbackLanguage: 'en' }).language).to.equal('en');
  });

  it('does not read the language from an email address, order number or postcode', () => {
    const engine = sampleEngine();
    expect(engine.parse('carla@example.nl', { fallbackLanguage: 'nl' })).to.include({ language: 'nl', languageReliable: false });
    expect(engine.parse('my email is jan@example.nl', { fallbackLanguage: 'nl' })).to.include({ language: 'en', languageReliable: true });
  });
});
