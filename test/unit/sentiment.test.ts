import { expect } from 'chai';
import { SentimentAnalysis } from '../../nlu/sentiment';

describe('SentimentAnalysis', () => {
  const analysis = new SentimentAnalysis();
  const cases: [string, 'nl' | 'en', 'negative' | 'neutral' | 'positive'][] = [
    ['dit is echt belachelijk, al twee weken niks', 'nl', 'negative'],
    ['ik ben heel teleurgesteld en boos', 'nl', 'negative'],
    ['super, dankjewel!', 'nl', 'positive'],
    ['hoeveel kost verzenden naar belgie', 'nl', 'neutral'],
    ['waar is mijn bestelling', 'nl', 'neutral'],
    ['this is useless, I still have nothing', 'en', 'negative'],
    ['thanks, great help', 'en', 'positive'],
    ['how long does delivery take', 'en', 'neutral'],
    ['😡😡', 'en', 'negative'],
  ];
  for (const [text, language, label] of cases) {
    it(`"${text}" is ${label}`, () => {
      expect(analysis.analyze(text, language).label).to.equal(label);
    });
  }

  it('keeps scores within [-1, 1]', () => {
    for (const text of ['slecht slecht slecht slecht', 'geweldig geweldig geweldig']) {
      expect(Math.abs(analysis.analyze(text, 'nl').score)).to.be.at.most(1);
    }
  });
});
