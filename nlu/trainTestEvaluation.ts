import { evaluate, EvaluationReport } from './evaluation';
import { ClassifierOptions, DEFAULT_CLASSIFIER_OPTIONS, IntentClassifier } from './intentClassifier';
import { LabeledExample } from './jsonl';
import { Language, pipelineFor } from './language';
import { LanguageDetector } from './languageDetector';
import { decideIntent, DEFAULT_THRESHOLDS, NONE_INTENT, NluThresholds } from './nluEngine';

export interface TrainTestReport extends EvaluationReport {
  readonly lang: Language;
  readonly train: number;
  readonly test: number;
  readonly trainingSeconds: number;
  /** The out-of-scope threshold, when the test data has out-of-scope examples. */
  readonly threshold?: number;
}

/** Trains the product's classifier on one set and measures it on another, with the service's out-of-scope rule. */
export function trainAndTest(
  train: readonly LabeledExample[],
  test: readonly LabeledExample[],
  lang: Language,
  thresholds: NluThresholds = DEFAULT_THRESHOLDS,
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
): TrainTestReport {
  const started = process.hrtime.bigint();
  const classifier = IntentClassifier.train(train, pipelineFor(lang), options);
  const trainingSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const hasOutOfScope = test.some((e) => e.intent === NONE_INTENT);
  const predicted = test.map((e) => decideIntent(classifier.classify(e.text), thresholds).intent.name);
  const report = evaluate(
    test.map((e) => e.intent),
    predicted,
  );
  return {
    ...report,
    lang,
    train: train.length,
    test: test.length,
    trainingSeconds: Math.round(trainingSeconds * 100) / 100,
    ...(hasOutOfScope ? { threshold: thresholds.outOfScope } : {}),
  };
}

/** The language of a data set: the one asked for, else the most common `lang` field, else the language most of its texts are in. */
export function languageOf(examples: readonly LabeledExample[], requested?: string): Language {
  if (requested === 'nl' || requested === 'en') return requested;
  const nl = examples.filter((e) => e.lang === 'nl').length;
  const en = examples.filter((e) => e.lang === 'en').length;
  if (nl + en > 0) return nl > en ? 'nl' : 'en';
  // Stop words and marker words alone tell Dutch from English over a whole file.
  const detector = new LanguageDetector({});
  let dutch = 0;
  let english = 0;
  for (const { text } of examples) {
    const guess = detector.detect(text, 'en');
    if (!guess.reliable) continue;
    if (guess.language === 'nl') dutch++;
    else english++;
  }
  return dutch > english ? 'nl' : 'en';
}
