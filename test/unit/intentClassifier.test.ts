import { expect } from 'chai';
import { IntentClassifier } from '../../nlu/intentClassifier';
import { pipelineFor } from '../../nlu/language';

describe('IntentClassifier', () => {
  const training = [
    ...['where is my order', 'track my parcel', 'has my package shipped', 'when does my order arrive', 'order status please'].map((text) => ({
      text,
      intent: 'status',
    })),
    ...['i want to return this', 'send it back', 'how do i return an item', 'return label please', 'start a return'].map((text) => ({
      text,
      intent: 'return',
    })),
    ...['what does shipping cost', 'is delivery free', 'shipping fee', 'how much is postage', 'delivery costs'].map((text) => ({ text, intent: 'costs' })),
  ];
  const classifier = IntentClassifier.train(training, pipelineFor('en'));

  const cases: [string, string][] = [
    ['wheres my parcel', 'status'],
    ['i want to send my chair back', 'return'],
    ['how much does delivery cost', 'costs'],
    ['trak my ordr', 'status'],
  ];
  for (const [text, intent] of cases) {
    it(`classifies "${text}" as ${intent}`, () => {
      expect(classifier.classify(text).ranking[0].name).to.equal(intent);
    });
  }

  it('returns a probability distribution over all intents, best first', () => {
    const { ranking } = classifier.classify('where is my order');
    expect(ranking.map((r) => r.name).sort()).to.deep.equal(['costs', 'return', 'status']);
    expect(ranking.reduce((sum, r) => sum + r.confidence, 0)).to.be.closeTo(1, 1e-9);
    expect(ranking[0].confidence).to.be.greaterThan(ranking[1].confidence);
  });

  it('reports how much of the text it has seen before', () => {
    expect(classifier.classify('where is my order').knownWordShare).to.equal(1);
    expect(classifier.classify('quantum chromodynamics').knownWordShare).to.equal(0);
  });

  it('is deterministic for the same data', () => {
    const again = IntentClassifier.train(training, pipelineFor('en'));
    expect(again.classify('return label').ranking).to.deep.equal(classifier.classify('return label').ranking);
  });

  it('refuses to train without data or with one intent', () => {
    expect(() => IntentClassifier.train([], pipelineFor('en'))).to.throw(/without examples/);
    expect(() =>
      IntentClassifier.train(
        training.filter((t) => t.intent === 'status'),
        pipelineFor('en'),
      ),
    ).to.throw(/two intents/);
  });
});
