import { ClassifierOptions, DEFAULT_CLASSIFIER_OPTIONS, IntentClassifier, TrainingExample } from './intentClassifier';
import { Language, LanguagePipeline } from './language';
import { LanguageDetector } from './languageDetector';
import { decideIntent, NONE_INTENT, NluThresholds } from './nluEngine';
import { seededRandom, shuffleInPlace } from './random';
import { normalizeText, tokenize } from './normalize';

export interface IntentScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface ConfusedPair {
  readonly gold: string;
  readonly predicted: string;
  readonly count: number;
}

export interface EvaluationReport {
  readonly examples: number;
  readonly accuracy: number;
  /** Unweighted mean of the per-intent F1 over the intents in the gold labels. */
  readonly macroF1: number;
  readonly perIntent: Record<string, IntentScores>;
  /** Most frequent (gold → predicted) mistakes, most frequent first. */
  readonly confusedPairs: ConfusedPair[];
  /** When the gold labels include `none`: accuracy on the in-scope examples only... */
  readonly inScopeAccuracy?: number;
  /** ...and the share of out-of-scope examples recognised as `none`. */
  readonly oosRecall?: number;
}

/** Accuracy, macro-F1, per-intent precision/recall/F1 and the most confused pairs. */
export function evaluate(gold: readonly string[], predicted: readonly string[], topPairs = 10): EvaluationReport {
  if (gold.length !== predicted.length) throw new Error('gold and predicted labels differ in length');
  const intents = [...new Set(gold)].sort();
  const truePositive = new Map<string, number>();
  const predictedCount = new Map<string, number>();
  const goldCount = new Map<string, number>();
  const confusions = new Map<string, number>();
  let correct = 0;
  gold.forEach((g, i) => {
    const p = predicted[i];
    goldCount.set(g, (goldCount.get(g) ?? 0) + 1);
    predictedCount.set(p, (predictedCount.get(p) ?? 0) + 1);
    if (g === p) {
      correct++;
      truePositive.set(g, (truePositive.get(g) ?? 0) + 1);
    } else {
      const key = `${g}\u0000${p}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
    }
  });
  const perIntent: Record<string, IntentScores> = {};
  for (const intent of intents) {
    const tp = truePositive.get(intent) ?? 0;
    const precision = tp === 0 ? 0 : tp / (predictedCount.get(intent) ?? 0);
    const recall = tp === 0 ? 0 : tp / (goldCount.get(intent) ?? 0);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perIntent[intent] = { precision: round(precision), recall: round(recall), f1: round(f1), support: goldCount.get(intent) ?? 0 };
  }
  const macroF1 = intents.length === 0 ? 0 : intents.reduce((sum, intent) => sum + perIntent[intent].f1, 0) / intents.length;
  const confusedPairs = [...confusions]
    .map(([key, count]) => {
      const [g, p] = key.split('\u0000');
      return { gold: g, predicted: p, count };
    })
    .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold))
    .slice(0, topPairs);
  const report: EvaluationReport = {
    examples: gold.length,
    accuracy: round(gold.length === 0 ? 0 : correct / gold.length),
    macroF1: round(macroF1),
    perIntent,
    confusedPairs,
  };
  if (!goldCount.has(NONE_INTENT)) return report;
  const inScope = gold.map((g, i) => [g, predicted[i]]).filter(([g]) => g !== NONE_INTENT);
  const inScopeCorrect = inScope.filter(([g, p]) => g === p).length;
  return { ...report, inScopeAccuracy: round(inScope.length === 0 ? 0 : inScopeCorrect / inScope.length), oosRecall: perIntent[NONE_INTENT].recall };
}

/**
 * Assigns each example a fold so every intent is spread evenly over the folds. Examples with
 * the same `groups` key (near-duplicates) go to the same fold: a paraphrase that differs only
 * in stop words must not be tested against its own twin in the training folds.
 */
export function stratifiedFolds(labels: readonly string[], folds: number, seed = 7, groups?: readonly string[]): number[] {
  if (folds < 2) throw new Error('cross-validation needs at least 2 folds');
  const byLabel = new Map<string, Map<string, number[]>>();
  labels.forEach((label, i) => {
    const labelGroups = byLabel.get(label) ?? new Map<string, number[]>();
    const key = groups?.[i] ?? String(i);
    labelGroups.set(key, [...(labelGroups.get(key) ?? []), i]);
    byLabel.set(label, labelGroups);
  });
  const random = seededRandom(seed);
  const assignment = new Array<number>(labels.length);
  let offset = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const members = shuffleInPlace([...byLabel.get(label)!.values()], random);
    // Continue the round-robin where the last label stopped so small intents don't all start in fold 0.
    members.forEach((group, i) => group.forEach((index) => (assignment[index] = (offset + i) % folds)));
    offset = (offset + members.length) % folds;
  }
  return assignment;
}

/** Near-duplicates share a key: the same content words (stop words dropped, stemmed), in any order. */
export function nearDuplicateKey(text: string, pipeline: LanguagePipeline): string {
  const stems = tokenize(normalizeText(text))
    .filter((token) => !pipeline.stopWords.has(token))
    .map((token) => pipeline.stemmer.stem(token));
  return [...new Set(stems)].sort().join(' ') || normalizeText(text);
}

/** Stratified k-fold cross-validation of the product's classifier and out-of-scope rule. */
export function crossValidate(
  examples: readonly TrainingExample[],
  pipeline: LanguagePipeline,
  thresholds: NluThresholds,
  folds = 5,
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
): EvaluationReport {
  return evaluate(
    examples.map((e) => e.intent),
    crossValidatedPredictions(examples, pipeline, thresholds, folds, options),
  );
}

/** What the classifier says of each example when trained on the other folds (same order as `examples`). */
export function crossValidatedPredictions(
  examples: readonly TrainingExample[],
  pipeline: LanguagePipeline,
  thresholds: NluThresholds,
  folds = 5,
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
): string[] {
  const assignment = stratifiedFolds(
    examples.map((e) => e.intent),
    folds,
    7,
    examples.map((e) => nearDuplicateKey(e.text, pipeline)),
  );
  const predicted = new Array<string>(examples.length);
  for (let fold = 0; fold < folds; fold++) {
    const train = examples.filter((_, i) => assignment[i] !== fold);
    const classifier = IntentClassifier.train(train, pipeline, options);
    examples.forEach((example, i) => {
      if (assignment[i] === fold) predicted[i] = decideIntent(classifier.classify(example.text), thresholds).intent.name;
    });
  }
  return predicted;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export interface LanguageDetectionReport {
  readonly messages: number;
  /** Detected correctly on the evidence of the text alone. */
  readonly accuracy: number;
  /** Share the detector found too short to tell (it then keeps the conversation's language). */
  readonly undecided: number;
  /** Detected as the wrong language. */
  readonly wrong: number;
}

/**
 * Cross-validated language detection: the detector learns from the other folds and must
 * tell each held-out message's language; "undecided" means it would keep the conversation's
 * language, which is right in a conversation but is not counted as correct here.
 */
export function crossValidateLanguageDetection(
  samples: readonly { text: string; lang: Language }[],
  folds = 5,
  filter: (text: string) => boolean = () => true,
): LanguageDetectionReport {
  const assignment = stratifiedFolds(
    samples.map((s) => s.lang),
    folds,
  );
  let total = 0;
  let correct = 0;
  let undecided = 0;
  for (let fold = 0; fold < folds; fold++) {
    const train = samples.filter((_, i) => assignment[i] !== fold);
    const detector = new LanguageDetector({
      nl: train.filter((s) => s.lang === 'nl').map((s) => s.text),
      en: train.filter((s) => s.lang === 'en').map((s) => s.text),
    });
    samples.forEach((sample, i) => {
      if (assignment[i] !== fold || !filter(sample.text)) return;
      total++;
      const other: Language = sample.lang === 'nl' ? 'en' : 'nl';
      const guess = detector.detect(sample.text, other);
      if (!guess.reliable) undecided++;
      else if (guess.language === sample.lang) correct++;
    });
  }
  return {
    messages: total,
    accuracy: round(correct / Math.max(1, total)),
    undecided: round(undecided / Math.max(1, total)),
    wrong: round((total - correct - undecided) / Math.max(1, total)),
  };
}
