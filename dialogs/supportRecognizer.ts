import { ContentPack } from '../content/contentPack';
import { Language, LANGUAGES } from '../nlu/language';
import { NluEngine, ParseResult } from '../nlu/nluEngine';
import { normalizeText } from '../nlu/normalize';

/** What the dialogs need from the NLU; tests pass a fake. */
export interface SupportRecognizer {
  recognize(text: string, conversationLanguage: Language): ParseResult;
}

/**
 * The NLU plus the content's button labels: a click on a suggested action sends the
 * label's text back, and that must select its intent with certainty.
 */
export class ContentRecognizer implements SupportRecognizer {
  private readonly labels = new Map<string, { intent: string; language: Language }>();

  constructor(
    private readonly engine: NluEngine,
    pack: ContentPack,
  ) {
    for (const intent of pack.intents.values()) {
      for (const language of LANGUAGES) this.labels.set(normalizeText(intent.label[language]), { intent: intent.name, language });
    }
  }

  recognize(text: string, conversationLanguage: Language): ParseResult {
    const label = this.labels.get(normalizeText(text));
    const parsed = this.engine.parse(text, { fallbackLanguage: conversationLanguage, lang: label?.language });
    if (!label) return parsed;
    return { ...parsed, languageReliable: true, intent: { name: label.intent, confidence: 1 }, alternatives: [] };
  }
}
