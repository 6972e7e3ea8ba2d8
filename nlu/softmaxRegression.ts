import { SparseVector } from './features';
import { seededRandom, shuffleInPlace } from './random';

export interface SoftmaxTrainingOptions {
  /** Passes over the data for small data sets... */
  readonly epochs: number;
  /** ...but no more passes than it takes to see about this many examples (at least MIN_EPOCHS): large data sets converge in fewer. */
  readonly maxSteps: number;
  /** L2 penalty per example. */
  readonly l2: number;
  /** Step size at the start; it decays linearly to 2% of this by the last example. */
  readonly learningRate: number;
  readonly seed: number;
}

/** Gradients smaller than this are skipped in an update (they would change nothing measurable). */
const GRADIENT_FLOOR = 1e-4;
/** The learning rate never decays below this share of the initial one. */
const FINAL_LEARNING_RATE_SHARE = 0.02;

/** Fewest passes over a large data set. */
const MIN_EPOCHS = 3;

export const DEFAULT_SOFTMAX_OPTIONS: SoftmaxTrainingOptions = { epochs: 12, maxSteps: 90_000, l2: 1e-6, learningRate: 2, seed: 42 };

/** Passes over `examples` examples: `epochs`, fewer for large data sets (CLINC150's 15,100 examples: 6). */
export function epochsFor(examples: number, options: Pick<SoftmaxTrainingOptions, 'epochs' | 'maxSteps'>): number {
  return Math.min(options.epochs, Math.max(MIN_EPOCHS, Math.ceil(options.maxSteps / Math.max(1, examples))));
}

export interface RegressionSnapshot {
  readonly classes: number;
  readonly features: number;
  readonly weights: Float32Array;
  readonly bias: Float64Array;
}

/**
 * Multinomial logistic regression on sparse vectors, trained with SGD.
 * Weights are stored feature-major (all classes of one feature side by side) so the
 * score and update of one example touch contiguous memory; L2 decay uses the
 * scale trick (w = scale · v) so a step costs O(nnz · classes), not O(features · classes).
 */
export class SoftmaxRegression {
  private constructor(
    readonly classes: number,
    readonly features: number,
    private readonly weights: Float32Array,
    private readonly bias: Float64Array,
  ) {}

  /** The learned parameters, to store and restore without training again. */
  snapshot(): RegressionSnapshot {
    return { classes: this.classes, features: this.features, weights: this.weights, bias: this.bias };
  }

  static restore(snapshot: RegressionSnapshot): SoftmaxRegression {
    const { classes, features, weights, bias } = snapshot;
    if (weights.length !== classes * features || bias.length !== classes) throw new Error('regression snapshot does not fit its shape');
    return new SoftmaxRegression(classes, features, weights, bias);
  }

  static train(
    x: readonly SparseVector[],
    y: readonly number[],
    classes: number,
    features: number,
    options: SoftmaxTrainingOptions = DEFAULT_SOFTMAX_OPTIONS,
    weights?: readonly number[],
  ): SoftmaxRegression {
    const k = classes;
    const v = new Float32Array(features * k);
    const bias = new Float64Array(k);
    const scores = new Float64Array(k);
    const activeClasses = new Int32Array(k);
    const random = seededRandom(options.seed);
    const order = x.map((_, i) => i);
    const lambda = options.l2;
    const epochs = epochsFor(x.length, options);
    const totalSteps = Math.max(1, epochs * x.length);
    let scale = 1;
    let step = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffleInPlace(order, random);
      for (const i of order) {
        const eta = options.learningRate * Math.max(FINAL_LEARNING_RATE_SHARE, 1 - step / totalSteps);
        step++;
        const { indices, values } = x[i];
        scoreInto(scores, v, bias, indices, values, k, scale);
        softmaxInPlace(scores);
        scores[y[i]] -= 1; // now the gradient of the loss w.r.t. each score
        const weight = weights?.[i] ?? 1;
        if (weight !== 1) for (let c = 0; c < k; c++) scores[c] *= weight;
        scale *= 1 - eta * lambda;
        if (scale < 1e-6) {
          for (let j = 0; j < v.length; j++) v[j] *= scale;
          scale = 1;
        }
        const factor = eta / scale;
        // Most classes get a vanishing gradient once the model knows an example: update only
        // the ones that matter, which makes an epoch several times cheaper with many intents.
        let active = 0;
        for (let c = 0; c < k; c++) if (scores[c] > GRADIENT_FLOOR || scores[c] < -GRADIENT_FLOOR) activeClasses[active++] = c;
        for (let j = 0; j < indices.length; j++) {
          const base = indices[j] * k;
          const xv = values[j] * factor;
          for (let a = 0; a < active; a++) {
            const c = activeClasses[a];
            v[base + c] -= scores[c] * xv;
          }
        }
        for (let c = 0; c < k; c++) bias[c] -= eta * 0.1 * scores[c];
      }
    }
    for (let j = 0; j < v.length; j++) v[j] *= scale;
    return new SoftmaxRegression(k, features, v, bias);
  }

  /** Raw class scores (logits) of one vector. */
  scores(vector: SparseVector): Float64Array {
    const out = new Float64Array(this.classes);
    scoreInto(out, this.weights, this.bias, vector.indices, vector.values, this.classes, 1);
    return out;
  }
}

function scoreInto(out: Float64Array, weights: Float32Array, bias: Float64Array, indices: Int32Array, values: Float64Array, k: number, scale: number): void {
  for (let c = 0; c < k; c++) out[c] = 0;
  for (let j = 0; j < indices.length; j++) {
    const base = indices[j] * k;
    const xv = values[j];
    for (let c = 0; c < k; c++) out[c] += weights[base + c] * xv;
  }
  for (let c = 0; c < k; c++) out[c] = out[c] * scale + bias[c];
}

/** Turns logits into probabilities in place (numerically stable). */
export function softmaxInPlace(scores: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp((scores[c] - max) / temperature);
    sum += scores[c];
  }
  for (let c = 0; c < scores.length; c++) scores[c] /= sum;
  return scores;
}
