import { expect } from 'chai';
import { effortScoreIn } from '../../dialogs/effortAnswer';

describe('the effort score in an answer', () => {
  const cases: [string, number | undefined][] = [
    ['6', 6],
    [' 7 ', 7],
    ['7/7', 7],
    ['6 van 7', 6],
    ['een 5', 5],
    ['score: 4', 4],
    ['zes', 6],
    ['een zeven', 7],
    ['seven', 7],
    ['heel makkelijk', 7],
    ['Very easy!', 7],
    ['makkelijk', 6],
    ['pretty easy', 5],
    ['best lastig', 3],
    ['moeilijk', 2],
    ['very difficult', 1],
    ['gaat wel', 4],
    ['prima hoor', undefined],
    ['een makkelijke vraag', undefined],
    ['bestelling 100001', undefined],
    ['8', undefined],
    ['12', undefined],
  ];
  for (const [text, score] of cases) {
    it(`"${text}" → ${score}`, () => {
      expect(effortScoreIn(text)).to.equal(score);
    });
  }
});
