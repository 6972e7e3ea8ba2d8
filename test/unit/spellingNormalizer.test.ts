import { expect } from 'chai';
import { SpellingNormalizer } from '../../nlu/spellingNormalizer';

describe('SpellingNormalizer', () => {
  const speller = new SpellingNormalizer(['return', 'return', 'order', 'pakket', 'bestelling', 'refund', 'retour', 'is']);
  const cases: [string, string][] = [
    ['retrun', 'return'], // swap
    ['retun', 'return'], // a letter left out
    ['orrder', 'order'], // a letter too many
    ['pakjet', 'pakket'], // substitution
    ['bestelling', 'bestelling'], // known
    ['zebra', 'zebra'], // nothing near
    ['iz', 'iz'], // too short to guess
    ['100001', '100001'], // numbers are facts, not typos
  ];
  for (const [typed, expected] of cases) it(`"${typed}" → "${expected}"`, () => expect(speller.correct(typed)).to.equal(expected));

  it('prefers the more frequent of two candidates one edit away', () => {
    const cards = new SpellingNormalizer(['cart', 'card', 'card']);
    expect(cards.correct('carx')).to.equal('card');
  });
});
