import { expect } from 'chai';
import { evaluate, nearDuplicateKey, stratifiedFolds } from '../../nlu/evaluation';
import { pipelineFor } from '../../nlu/language';

describe('evaluation metrics', () => {
  // Hand-computed: a: TP 2, FP 1, FN 1 → P 2/3, R 2/3, F1 2/3; b: TP 1, FP 2, FN 1 → P 1/3, R 1/2, F1 0.4;
  // none: TP 1, FP 0, FN 1 → P 1, R 0.5, F1 2/3. Accuracy 4/7. Macro-F1 (2/3 + 0.4 + 2/3) / 3.
  const gold = ['a', 'a', 'a', 'b', 'b', 'none', 'none'];
  const predicted = ['a', 'a', 'b', 'b', 'a', 'none', 'b'];
  const report = evaluate(gold, predicted);

  it('computes accuracy and macro-F1', () => {
    expect(report.accuracy).to.be.closeTo(4 / 7, 1e-4);
    expect(report.macroF1).to.be.closeTo((2 / 3 + 0.4 + 2 / 3) / 3, 1e-4);
  });

  it('computes precision, recall and F1 per intent', () => {
    expect(report.perIntent.a).to.deep.equal({ precision: 0.6667, recall: 0.6667, f1: 0.6667, support: 3 });
    expect(report.perIntent.b).to.deep.equal({ precision: 0.3333, recall: 0.5, f1: 0.4, support: 2 });
    expect(report.perIntent.none).to.deep.equal({ precision: 1, recall: 0.5, f1: 0.6667, support: 2 });
  });

  it('lists the confused pairs, most frequent first', () => {
    expect(report.confusedPairs).to.deep.equal([
      { gold: 'a', predicted: 'b', count: 1 },
      { gold: 'b', predicted: 'a', count: 1 },
      { gold: 'none', predicted: 'b', count: 1 },
    ]);
  });

  it('reports in-scope accuracy and out-of-scope recall when none is present', () => {
    expect(report.inScopeAccuracy).to.be.closeTo(3 / 5, 1e-4);
    expect(report.oosRecall).to.equal(0.5);
    expect(evaluate(['a'], ['a']).oosRecall).to.equal(undefined);
  });

  it('spreads every intent evenly over stratified folds', () => {
    const labels = [...Array(10).fill('x'), ...Array(5).fill('y'), ...Array(3).fill('z')];
    const folds = stratifiedFolds(labels, 5);
    for (const label of ['x', 'y', 'z']) {
      const counts = [0, 1, 2, 3, 4].map((f) => labels.filter((l, i) => l === label && folds[i] === f).length);
      expect(Math.max(...counts) - Math.min(...counts), label).to.be.at.most(1);
    }
    expect(stratifiedFolds(labels, 5)).to.deep.equal(folds);
  });

  it('keeps near-duplicates in one fold, so a paraphrase is never tested against its twin', () => {
    const nl = pipelineFor('nl');
    expect(nearDuplicateKey('wat zijn de verzendkosten?', nl)).to.equal(nearDuplicateKey('Wat zijn de verzendkosten', nl));
    expect(nearDuplicateKey('de verzendkosten', nl)).to.equal(nearDuplicateKey('verzendkosten?', nl));
    expect(nearDuplicateKey('wat kost verzenden', nl)).not.to.equal(nearDuplicateKey('wat zijn de verzendkosten', nl));
    const labels = Array(12).fill('x');
    const groups = ['a', 'a', 'a', 'b', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const folds = stratifiedFolds(labels, 4, 7, groups);
    expect(new Set(folds.slice(0, 3)).size).to.equal(1);
    expect(folds[3]).to.equal(folds[4]);
  });
});
