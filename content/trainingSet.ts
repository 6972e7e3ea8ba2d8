import { NONE_INTENT, TrainingSet } from '../nlu/nluEngine';
import { LANGUAGES } from '../nlu/language';
import { ContentPack } from './contentPack';
import { OverlayExample } from './overlay';

/**
 * The NLU training data of a pack: examples and button labels per intent, out-of-scope
 * examples as `none`, and the examples supervisors added on top (the overlay).
 */
export function trainingSetOf(pack: ContentPack, overlay: readonly OverlayExample[] = []): TrainingSet {
  const set = { nl: [], en: [] } as { [K in keyof TrainingSet]: { text: string; intent: string }[] };
  for (const language of LANGUAGES) {
    for (const intent of pack.intents.values()) {
      for (const text of intent.examples[language]) set[language].push({ text, intent: intent.name });
      set[language].push({ text: intent.label[language], intent: intent.name });
    }
    for (const text of pack.outOfScopeExamples[language]) set[language].push({ text, intent: NONE_INTENT });
    for (const example of overlay) if (example.language === language) set[language].push({ text: example.text, intent: example.intent });
  }
  return set;
}
