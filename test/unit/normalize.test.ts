import { expect } from 'chai';
import { normalizeText, tokenize } from '../../nlu/normalize';

describe('normalizeText', () => {
  const cases: [string, string][] = [
    ['Waar is MIJN bestelling?', 'waar is mijn bestelling'],
    ['Één café, crème brûlée', 'een cafe creme brulee'],
    ["Don't   wait!!!", 'dont wait'],
    ['heeeeelp meeee', 'heelp mee'],
    ['bestelling #100001, postcode 1234 AB', 'bestelling 100001 postcode 1234 ab'],
    ['super 😀👍', 'super emojipositive emojipositive'],
    ['ik ben boos 😡', 'ik ben boos emojinegative'],
    ['🚀🚀', ''],
    ['Straße', 'strasse'],
  ];
  for (const [input, expected] of cases) {
    it(`"${input}" → "${expected}"`, () => {
      expect(normalizeText(input)).to.equal(expected);
    });
  }

  it('tokenises on single spaces and gives no tokens for empty text', () => {
    expect(tokenize('waar is mijn pakket')).to.deep.equal(['waar', 'is', 'mijn', 'pakket']);
    expect(tokenize('')).to.deep.equal([]);
  });
});
