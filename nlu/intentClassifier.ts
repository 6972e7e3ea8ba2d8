import { extractFeatures, FeatureBag, FeatureOptions, DEFAULT_FEATURE_OPTIONS, SparseVector, TfIdfVectorizer } from './features';
import { LanguagePipeline } from './language';
import { normalizeText, tokenize } from './normalize';
import { seededRandom, shuffleInPlace } from './random';
import { NaiveBayes } from './naiveBayes';
import { SpellingNormalizer } from './spellingNormalizer';
import { DEFAULT_SOFTMAX_OPTIONS, epochsFor, RegressionSnapshot, SoftmaxRegression, SoftmaxTrainingOptions, softmaxInPlace } from './softmaxRegression';

export interface TrainingExample {
  readonly text: string;
  readonly intent: string;
}

export interface RankedIntent {
  readonly name: string;
  readonly confidence: number;
}

export interface ClassifierOptions {
  readonly features: FeatureOptions;
  readonly model: SoftmaxTrainingOptions;
  /** Folds used to fit the softmax temperature on held-out scores; 0 or 1 skips calibration (T = 1). */
  readonly calibrationFolds: number;
  /** Per-intent example weights (default 1), e.g. to keep a broad `none` class from swallowing rare phrasings. */
  readonly intentWeights?: Readonly<Record<string, number>>;
  /** Share of naive Bayes in the ensemble's log-probabilities (0 = regression only), and its smoothing. */
  readonly naiveBayes: { readonly weight: number; readonly alpha: number };
  /** Correct unknown words to a known word one edit away before classifying. */
  readonly spellingCorrection: boolean;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  features: DEFAULT_FEATURE_OPTIONS,
  model: DEFAULT_SOFTMAX_OPTIONS,
  calibrationFolds: 3,
  naiveBayes: { weight: 0.1, alpha: 0.01 },
  spellingCorrection: true,
};

export interface Classification {
  /** All intents, best first, with calibrated probabilities that sum to 1. */
  readonly ranking: RankedIntent[];
  /** Share of the utterance's words the model has seen in training. */
  readonly knownWordShare: number;
}

/**
 * What training learns that is slow to learn: the regression and the calibrated temperature.
 * Everything else (features, naive Bayes, speller) follows quickly from the examples.
 */
export interface ClassifierSnapshot {
  readonly labels: readonly string[];
  readonly regression: RegressionSnapshot;
  readonly temperature: number;
}

interface FittedModel {
  readonly vectorizer: TfIdfVectorizer;
  readonly regression: SoftmaxRegression;
  /** Ensemble logits: the regression's, plus a share of naive Bayes's log-probabilities. */
  logits(vector: SparseVector): Float64Array;
}

/**
 * Intent classifier: word + character n-gram TF-IDF features into multinomial logistic
 * regression, with a temperature fitted on cross-validated scores so "confidence 0.8"
 * means right about 80% of the time.
 */
export class IntentClassifier {
  private constructor(
    readonly pipeline: LanguagePipeline,
    readonly labels: readonly string[],
    private readonly fitted: FittedModel,
    readonly temperature: number,
    private readonly options: ClassifierOptions,
    private readonly speller?: SpellingNormalizer,
  ) {}

  /**
   * Trains on the examples; with `learned` (a snapshot from training on these same examples with
   * these options, e.g. from the model cache) the regression and temperature are taken from it.
   */
  static train(
    examples: readonly TrainingExample[],
    pipeline: LanguagePipeline,
    options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
    learned?: ClassifierSnapshot,
  ): IntentClassifier {
    if (examples.length === 0) throw new Error('cannot train an intent classifier without examples');
    const labels = [...new Set(examples.map((e) => e.intent))].sort();
    if (labels.length < 2) throw new Error('an intent classifier needs at least two intents');
    if (learned && learned.labels.join('\n') !== labels.join('\n')) throw new Error('the learned model has other intents than the examples');
    const bags = examples.map((e) => featuresOf(e.text, pipeline, options.features));
    const y = examples.map((e) => labels.indexOf(e.intent));
    const weights = examples.map((e) => options.intentWeights?.[e.intent] ?? 1);
    const fitted = fit(bags, y, weights, labels.length, options, learned?.regression);
    const temperature = learned ? learned.temperature : options.calibrationFolds > 1 ? fitTemperature(bags, y, weights, labels.length, options) : 1;
    const speller = options.spellingCorrection ? new SpellingNormalizer(examples.flatMap((e) => tokenize(normalizeText(e.text)))) : undefined;
    return new IntentClassifier(pipeline, labels, fitted, temperature, options, speller);
  }

  snapshot(): ClassifierSnapshot {
    return { labels: this.labels, regression: this.fitted.regression.snapshot(), temperature: this.temperature };
  }

  classify(text: string): Classification {
    const tokens = tokenize(normalizeText(text));
    const bag = extractFeatures(this.speller ? tokens.map((t) => this.speller!.correct(t)) : tokens, this.pipeline, this.options.features);
    const scores = this.fitted.logits(this.fitted.vectorizer.transform(bag));
    softmaxInPlace(scores, this.temperature);
    const ranking = this.labels.map((name, i) => ({ name, confidence: scores[i] })).sort((a, b) => b.confidence - a.confidence);
    return { ranking, knownWordShare: this.fitted.vectorizer.knownWordShare(bag) };
  }
}

function featuresOf(text: string, pipeline: LanguagePipeline, options: FeatureOptions): FeatureBag {
  return extractFeatures(tokenize(normalizeText(text)), pipeline, options);
}

function fit(
  bags: readonly FeatureBag[],
  y: readonly number[],
  weights: readonly number[],
  classes: number,
  options: ClassifierOptions,
  learned?: RegressionSnapshot,
): FittedModel {
  const vectorizer = new TfIdfVectorizer({ words: options.features.wordWeight, chars: options.features.charWeight }).fit(bags);
  const x: SparseVector[] = bags.map((bag) => vectorizer.transform(bag));
  if (learned && (learned.features !== vectorizer.size || learned.classes !== classes))
    throw new Error('the learned model has another shape than the examples');
  const regression = learned ? SoftmaxRegression.restore(learned) : SoftmaxRegression.train(x, y, classes, vectorizer.size, options.model, weights);
  const share = options.naiveBayes.weight;
  if (share <= 0) return { vectorizer, regression, logits: (vector) => regression.scores(vector) };
  const bayes = NaiveBayes.train(x, y, classes, vectorizer.size, options.naiveBayes.alpha);
  return {
    vectorizer,
    regression,
    logits(vector) {
      // Log-linear pooling: (1 - w) · regression logits + w · naive Bayes log-probabilities.
      const combined = regression.scores(vector);
      const nb = logSoftmax(bayes.scores(vector));
      for (let c = 0; c < combined.length; c++) combined[c] = (1 - share) * combined[c] + share * nb[c];
      return combined;
    },
  };
}

function logSoftmax(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (const s of scores) sum += Math.exp(s - max);
  const log = max + Math.log(sum);
  return scores.map((s) => s - log);
}

/** Above this many examples one 10% hold-out (with a quicker model) is enough to fit the temperature. */
const HOLDOUT_CALIBRATION_FROM = 2_000;

/** Temperature scaling (Guo et al. 2017): the T minimising held-out negative log-likelihood. */
function fitTemperature(bags: readonly FeatureBag[], y: readonly number[], weights: readonly number[], classes: number, options: ClassifierOptions): number {
  const large = bags.length >= HOLDOUT_CALIBRATION_FROM;
  const folds = large ? 10 : options.calibrationFolds;
  const rounds = large ? 1 : folds;
  // A third of the passes the full model gets: close enough for fitting one number.
  const modelOptions = large ? { ...options, model: { ...options.model, epochs: Math.max(2, Math.ceil(epochsFor(bags.length, options.model) / 3)) } } : options;
  const order = shuffleInPlace(
    bags.map((_, i) => i),
    seededRandom(options.model.seed + 1),
  );
  const heldOut: { scores: Float64Array; label: number }[] = [];
  for (let f = 0; f < rounds; f++) {
    const testIdx = order.filter((_, i) => i % folds === f);
    const trainIdx = order.filter((_, i) => i % folds !== f);
    if (new Set(trainIdx.map((i) => y[i])).size < 2) continue;
    const held = fit(
      trainIdx.map((i) => bags[i]),
      trainIdx.map((i) => y[i]),
      trainIdx.map((i) => weights[i]),
      classes,
      modelOptions,
    );
    for (const i of testIdx) heldOut.push({ scores: held.logits(held.vectorizer.transform(bags[i])), label: y[i] });
  }
  if (heldOut.length === 0) return 1;
  let best = 1;
  let bestLoss = Infinity;
  for (let t = 0.05; t <= 5; t *= 1.1) {
    let loss = 0;
    for (const { scores, label } of heldOut) loss -= Math.log(Math.max(softmaxInPlace(Float64Array.from(scores), t)[label], 1e-12));
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  return best;
}
