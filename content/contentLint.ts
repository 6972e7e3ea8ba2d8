import { crossValidatedPredictions, nearDuplicateKey } from '../nlu/evaluation';
import { LANGUAGES, Language, pipelineFor } from '../nlu/language';
import { DEFAULT_THRESHOLDS, NONE_INTENT } from '../nlu/nluEngine';
import { normalizeText } from '../nlu/normalize';
import { ContentPack } from './contentPack';
import { trainingSetOf } from './trainingSet';

/** Fewer examples than this in a language and an intent is hard to recognise in other words. */
export const MIN_EXAMPLES = 20;

export type LintSeverity = 'error' | 'warning';

export interface LintFinding {
  readonly severity: LintSeverity;
  readonly kind: 'too_few_examples' | 'confused_example' | 'example_in_two_intents' | 'untranslated' | 'placeholder_mismatch' | 'near_duplicates';
  readonly intent?: string;
  readonly language?: Language;
  readonly message: string;
}

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * What a content author should fix before customers meet the pack: intents with too few
 * examples, examples the model takes for another intent when it has not seen them (the
 * same cross-validation as `npm run nlu:eval`), the same example under two intents, answers
 * and labels left untranslated, and bot messages whose placeholders differ between languages.
 * Missing answers never get this far: the loader refuses a pack without them.
 */
export function lintContent(pack: ContentPack, options: { folds?: number; crossValidate?: boolean } = {}): LintFinding[] {
  const { folds = 5, crossValidate = true } = options;
  const findings: LintFinding[] = [];
  for (const intent of pack.intents.values()) {
    for (const language of LANGUAGES) {
      const count = intent.examples[language].length;
      if (count < MIN_EXAMPLES) {
        findings.push({
          severity: 'warning',
          kind: 'too_few_examples',
          intent: intent.name,
          language,
          message: `${intent.name} has ${count} ${language} examples; give it at least ${MIN_EXAMPLES}, in the words customers use`,
        });
      }
    }
    for (const [what, text] of [
      ['answer', intent.answer],
      ['label', intent.label],
    ] as const) {
      if (normalizeText(text.nl) === normalizeText(text.en) && text.nl.split(/\s+/).length > 2) {
        findings.push({ severity: 'error', kind: 'untranslated', intent: intent.name, message: `${intent.name}: the ${what} is the same in nl and en` });
      }
    }
  }
  for (const [key, text] of Object.entries(pack.messages)) {
    if (key === 'returnReasons' || key === 'returnReasonSynonyms' || typeof text !== 'object' || !('nl' in text) || typeof text.nl !== 'string') continue;
    const names = (s: string) =>
      [...s.matchAll(PLACEHOLDER)]
        .map((m) => m[1])
        .sort()
        .join(',');
    const localized = text as { nl: string; en: string };
    if (names(localized.nl) !== names(localized.en)) {
      findings.push({
        severity: 'error',
        kind: 'placeholder_mismatch',
        message: `message ${key}: nl uses {${names(localized.nl)}}, en uses {${names(localized.en)}}`,
      });
    }
  }
  const training = trainingSetOf(pack);
  for (const language of LANGUAGES) {
    const examples = training[language];
    const pipeline = pipelineFor(language);
    const owners = new Map<string, Set<string>>();
    for (const e of examples) owners.set(normalizeText(e.text), (owners.get(normalizeText(e.text)) ?? new Set()).add(e.intent));
    for (const [text, intents] of owners) {
      if (intents.size > 1) {
        findings.push({
          severity: 'error',
          kind: 'example_in_two_intents',
          language,
          message: `"${text}" (${language}) is an example of ${[...intents].sort().join(' and ')}: keep it under one`,
        });
      }
    }
    const groups = new Map<string, string[]>();
    for (const e of examples) {
      const key = `${e.intent}|${nearDuplicateKey(e.text, pipeline)}`;
      groups.set(key, [...(groups.get(key) ?? []), e.text]);
    }
    for (const [key, texts] of groups) {
      if (texts.length > 2) {
        findings.push({
          severity: 'warning',
          kind: 'near_duplicates',
          intent: key.split('|')[0],
          language,
          message: `${key.split('|')[0]} (${language}) has ${texts.length} examples with the same words: ${texts.map((t) => `"${t}"`).join(', ')}; vary them`,
        });
      }
    }
    if (!crossValidate) continue;
    const predicted = crossValidatedPredictions(examples, pipeline, DEFAULT_THRESHOLDS, folds);
    examples.forEach((example, i) => {
      if (predicted[i] === example.intent) return;
      const taken = predicted[i] === NONE_INTENT ? 'out of scope' : predicted[i];
      findings.push({
        severity: 'warning',
        kind: 'confused_example',
        intent: example.intent,
        language,
        message: `${example.intent} (${language}): "${example.text}" is taken for ${taken} when the model has not seen it`,
      });
    });
  }
  return findings;
}
