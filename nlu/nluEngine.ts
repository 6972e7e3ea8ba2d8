import { Entity, extractEntities } from './entities';
import {
  Classification,
  ClassifierOptions,
  ClassifierSnapshot,
  DEFAULT_CLASSIFIER_OPTIONS,
  IntentClassifier,
  RankedIntent,
  TrainingExample,
} from './intentClassifier';
import { Language, LANGUAGES, pipelineFor } from './language';
import { LanguageDetector } from './languageDetector';
import { Sentiment, SentimentAnalysis } from './sentiment';

export const NONE_INTENT = 'none';

export interface NluThresholds {
  /** Below this calibrated confidence the text is out of scope... */
  readonly outOfScope: number;
  /** ...unless the top two intents together hold at least this much: then it is ambiguous, not out of scope. */
  readonly ambiguousPairMass: number;
  /** Below this share of known words the text is out of scope whatever the classifier says. */
  readonly minKnownWordShare: number;
}

export const DEFAULT_THRESHOLDS: NluThresholds = { outOfScope: 0.4, ambiguousPairMass: 0.6, minKnownWordShare: 0.01 };

export interface ParseResult {
  readonly text: string;
  readonly language: Language;
  /** False when the message was too short to tell and the fallback language was used. */
  readonly languageReliable: boolean;
  readonly intent: RankedIntent;
  /** The next most likely in-scope intents, best first (at most three). */
  readonly alternatives: RankedIntent[];
  readonly entities: readonly Entity[];
  readonly sentiment: Sentiment;
}

export interface ParseOptions {
  /** Forces the language (skips detection). */
  readonly lang?: Language;
  /** The conversation's language, used when the text is too short to tell. */
  readonly fallbackLanguage?: Language;
}

export type TrainingSet = Record<Language, readonly TrainingExample[]>;
export type EngineSnapshot = Record<Language, ClassifierSnapshot>;

/** The NLU façade: language, intent, entities and sentiment for one message. Plain TypeScript. */
export class NluEngine {
  private constructor(
    private classifiers: Record<Language, IntentClassifier>,
    private detector: LanguageDetector,
    private readonly sentiment: SentimentAnalysis,
    readonly thresholds: NluThresholds,
  ) {}

  /** Trains on the training set; `learned` (a snapshot of an engine trained on the same set) skips the slow part. */
  static train(
    training: TrainingSet,
    thresholds: NluThresholds = DEFAULT_THRESHOLDS,
    options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
    learned?: EngineSnapshot,
  ): NluEngine {
    const classifiers = {} as Record<Language, IntentClassifier>;
    for (const language of LANGUAGES) classifiers[language] = IntentClassifier.train(training[language], pipelineFor(language), options, learned?.[language]);
    const detector = new LanguageDetector({
      nl: training.nl.map((e) => e.text),
      en: training.en.map((e) => e.text),
    });
    return new NluEngine(classifiers, detector, new SentimentAnalysis(), thresholds);
  }

  /**
   * Retrains in place for new training data: the classifier of `changed` only (the other
   * language's examples did not change) and the language detector; every holder of this
   * engine uses the new model from its next message on, without a restart.
   */
  retrain(training: TrainingSet, changed: Language, options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS): void {
    const classifier = IntentClassifier.train(training[changed], pipelineFor(changed), options);
    const detector = new LanguageDetector({ nl: training.nl.map((e) => e.text), en: training.en.map((e) => e.text) });
    this.classifiers = { ...this.classifiers, [changed]: classifier };
    this.detector = detector;
  }

  /** What training learned, per language: with the same training set it restores this engine without training. */
  snapshot(): EngineSnapshot {
    return { nl: this.classifiers.nl.snapshot(), en: this.classifiers.en.snapshot() };
  }

  /** Intent names the engine knows (without `none`). */
  get intents(): string[] {
    return this.classifiers.nl.labels.filter((l) => l !== NONE_INTENT);
  }

  detectLanguage(text: string, fallback: Language): { language: Language; reliable: boolean } {
    return this.detector.detect(text, fallback);
  }

  parse(text: string, options: ParseOptions = {}): ParseResult {
    const entities = extractEntities(text);
    // An email address, order number or postcode says nothing about the language
    // ("carla@example.nl" is not English): detect on the words around them.
    const words = entities.reduceRight((rest, e) => rest.slice(0, e.start) + ' ' + rest.slice(e.end), text);
    const guess = options.lang ? { language: options.lang, reliable: true } : this.detector.detect(words, options.fallbackLanguage ?? 'nl');
    const { intent, alternatives } = decideIntent(this.classifiers[guess.language].classify(text), this.thresholds);
    const result = { text, language: guess.language, languageReliable: guess.reliable, intent, alternatives, entities } as ParseResult;
    // Worked out when first asked: the parts of a message tried as two requests need only their intent.
    let sentiment: Sentiment | undefined;
    Object.defineProperty(result, 'sentiment', {
      get: () => (sentiment ??= this.sentiment.analyze(text, guess.language)),
      enumerable: true,
      configurable: true,
    });
    return result;
  }
}

/**
 * The intent and its runners-up from a classification, with the out-of-scope rule applied:
 * `none` when the model says so, when it is unsure and no two intents share the doubt,
 * or when most of the words are unknown to it.
 */
export function decideIntent({ ranking, knownWordShare }: Classification, thresholds: NluThresholds): { intent: RankedIntent; alternatives: RankedIntent[] } {
  const inScope = ranking.filter((r) => r.name !== NONE_INTENT);
  const noneConfidence = ranking.find((r) => r.name === NONE_INTENT)?.confidence ?? 0;
  const top = ranking[0];
  const lowConfidence = top.confidence < thresholds.outOfScope && top.confidence + (inScope[1]?.confidence ?? 0) < thresholds.ambiguousPairMass;
  const outOfScope = top.name === NONE_INTENT || lowConfidence || knownWordShare < thresholds.minKnownWordShare;
  const intent = outOfScope
    ? { name: NONE_INTENT, confidence: round(Math.max(noneConfidence, 1 - inScope[0].confidence)) }
    : { name: top.name, confidence: round(top.confidence) };
  const alternatives = inScope
    .filter((r) => r.name !== intent.name)
    .slice(0, 3)
    .map((r) => ({ name: r.name, confidence: round(r.confidence) }));
  return { intent, alternatives };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
