import { expect } from 'chai';
import { Choice } from 'botbuilder-dialogs';
import { choiceNamedIn } from '../../dialogs/choiceMatching';

const items: Choice[] = [
  { value: 'STOEL-NORA-ZW', synonyms: ['Eetkamerstoel Nora, zwart', 'STOEL-NORA-ZW'] },
  { value: 'KUSSEN-VEL-GRN', synonyms: ['Sierkussen velours, groen', 'KUSSEN-VEL-GRN'] },
];
const reasons: Choice[] = [
  { value: "Doesn't fit", synonyms: ['Past niet', 'te klein', 'te groot'] },
  { value: 'Damaged', synonyms: ['Beschadigd', 'kapot', 'stuk', 'is stuk', 'deuk'] },
];
const named = (sentence: string, choices: Choice[], partsOfWords: boolean) => choiceNamedIn(sentence, choices, { partsOfWords })?.value;

describe('choiceNamedIn: the option a whole sentence already names', () => {
  it('finds an item by a part of a compound word or by its SKU, and a reason by a phrase', () => {
    expect(named('ik wil de stoel terugsturen', items, true)).to.equal('STOEL-NORA-ZW');
    expect(named('retour van kussen-vel-grn graag', items, true)).to.equal('KUSSEN-VEL-GRN');
    expect(named('hij is te klein', reasons, false)).to.equal("Doesn't fit");
    expect(named('de poot is stuk', reasons, false)).to.equal('Damaged');
  });

  it('names nothing when two options are named, or only words every sentence has', () => {
    expect(named('de stoel en het kussen', items, true)).to.equal(undefined);
    expect(named('ik wil mijn bestelling retourneren', items, true)).to.equal(undefined);
    expect(named('te groot en kapot', reasons, false)).to.equal(undefined);
  });

  it('does not read a short word that means something else in a sentence as a reason ("een stuk" is a piece)', () => {
    expect(named('ik wil een stuk terugsturen', reasons, false)).to.equal(undefined);
  });
});
