/* eslint-disable @typescript-eslint/no-require-imports */
import { DEFAULT_CLASSIFIER_OPTIONS, IntentClassifier } from '../nlu/intentClassifier';
import { pipelineFor } from '../nlu/language';
import { NONE_INTENT } from '../nlu/nluEngine';
import { LabeledText } from './datasets';

/** A ranked guess: the best in-scope intent and its confidence, plus the classifier's own verdict. */
export interface Guess {
  /** The classifier's answer with its own defaults (may be `none`). */
  readonly predicted: string;
  /** Best in-scope intent and its confidence, for threshold tuning. */
  readonly top: string;
  readonly confidence: number;
}

export interface BenchClassifier {
  readonly name: string;
  train(examples: readonly LabeledText[], lang: 'en' | 'nl'): Promise<void>;
  classify(text: string): Promise<Guess>;
}

/** Balie's own classifier, exactly as the service trains it. */
export function balie(): BenchClassifier {
  let model: IntentClassifier | undefined;
  return {
    name: 'Balie',
    async train(examples, lang) {
      model = IntentClassifier.train(examples, pipelineFor(lang), DEFAULT_CLASSIFIER_OPTIONS);
    },
    async classify(text) {
      const { ranking } = model!.classify(text);
      const top = ranking.find((r) => r.name !== NONE_INTENT)!;
      return { predicted: ranking[0].name, top: top.name, confidence: top.confidence };
    },
  };
}

/** natural's BayesClassifier with its defaults (its own tokeniser and Porter stemmer). */
export function naturalBayes(): BenchClassifier {
  const BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier') as new () => {
    addDocument(text: string, label: string): void;
    train(): void;
    getClassifications(text: string): { label: string; value: number }[];
  };
  const classifier = new BayesClassifier();
  return {
    name: 'natural Bayes',
    async train(examples) {
      for (const e of examples) classifier.addDocument(e.text, e.intent);
      classifier.train();
    },
    async classify(text) {
      const ranked = classifier.getClassifications(text);
      const total = ranked.reduce((sum, r) => sum + r.value, 0) || 1;
      const top = ranked.find((r) => r.label !== NONE_INTENT) ?? ranked[0];
      return { predicted: ranked[0].label, top: top.label, confidence: top.value / total };
    },
  };
}

/** The part of NLP.js's NlpManager the benchmark uses (node-nlp ships no types). */
interface NlpJsManager {
  addDocument(language: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(language: string, text: string): Promise<{ intent: string; classifications?: { intent: string; score: number }[] }>;
}

/** NLP.js (node-nlp) with its defaults; its own threshold answers "None" when unsure. */
export function nlpJs(): BenchClassifier {
  const { NlpManager } = require('node-nlp') as { NlpManager: new (settings: object) => NlpJsManager };
  let manager: NlpJsManager | undefined;
  let lang = 'en';
  return {
    name: 'NLP.js',
    async train(examples, language) {
      lang = language;
      manager = new NlpManager({ languages: [language], forceNER: false, autoSave: false, autoLoad: false, nlu: { log: false } });
      for (const e of examples) manager.addDocument(language, e.text, e.intent);
      await manager.train();
    },
    async classify(text) {
      const result = await manager!.process(lang, text);
      const ranked = (result.classifications ?? []).filter((c) => c.intent !== 'None');
      const top = ranked.find((c) => c.intent !== NONE_INTENT) ?? { intent: 'None', score: 0 };
      const predicted = result.intent === 'None' ? NONE_INTENT : result.intent;
      return { predicted, top: top.intent, confidence: top.score };
    },
  };
}

export const CLASSIFIERS: Record<string, () => BenchClassifier> = { balie, bayes: naturalBayes, nlpjs: nlpJs };
