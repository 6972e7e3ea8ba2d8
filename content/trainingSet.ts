import { NONE_INTENT, TrainingSet } from '../nlu/nluEngine';
import { LANGUAGES } from '../nlu/language';
import { ContentPack } from './contentPack';

/** The NLU training data of a pack: examples and button labels per intent, plus out-of-scope examples as `none`. */
export function trainingSetOf(pack: ContentPack): TrainingSet {
  const set = { nl: [], en: [] } as { [K in keyof TrainingSet]: { text: string; intent: string }[] };
  for (const language of LANGUAGES) {
    for (const intent of pack.intents.values()) {
      for (const text of intent.examples[language]) set[language].push({ text, intent: intent.name });
      set[language].push({ text: intent.label[language], intent: intent.name });
    }
    for (const text of pack.outOfScopeExamples[language]) set[language].push({ text, intent: NONE_INTENT });
  }
  return set;
}
