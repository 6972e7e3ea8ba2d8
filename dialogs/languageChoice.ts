import { Language } from '../nlu/language';

/** What the conversation knows about its language. */
export interface LanguageState {
  readonly language: Language;
  /** The customer has written something substantial: the language is theirs, not the locale's guess. */
  readonly settled?: boolean;
  /** A long message came in the other language; one more makes the switch. */
  readonly candidate?: Language;
}

const EXPLICIT: Record<Language, RegExp> = {
  en: /\b(in english|english please|speak english|engels|english)\b/i,
  nl: /\b(in het nederlands|nederlands graag|spreek(?:t)? (?:je|u) nederlands|in dutch|speak dutch|dutch|nederlands)\b/i,
};

const words = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

/**
 * The customer's language is sticky. It follows what they write, never one short word
 * ("agent", "ok", an order number): the first message of two words or more sets it; after
 * that only two messages in a row of four words or more in the other language, or asking for
 * it ("in English please"), change it.
 */
export function nextLanguage(state: LanguageState, text: string, detected: { language: Language; reliable: boolean }): LanguageState {
  const count = words(text);
  for (const language of Object.keys(EXPLICIT) as Language[]) {
    if (language !== state.language && count <= 6 && EXPLICIT[language].test(text)) return { language, settled: true };
  }
  if (!detected.reliable) return state;
  if (detected.language === state.language) return count >= 2 ? { language: state.language, settled: true } : { ...state, candidate: undefined };
  if (!state.settled) return count >= 2 ? { language: detected.language, settled: true } : state;
  if (count < 4) return state;
  if (state.candidate === detected.language) return { language: detected.language, settled: true };
  return { ...state, candidate: detected.language };
}
