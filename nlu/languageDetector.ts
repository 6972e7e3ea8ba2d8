import { Language, LANGUAGES, pipelineFor } from './language';
import { EMOJI_NEGATIVE_TOKEN, EMOJI_POSITIVE_TOKEN, normalizeText, tokenize } from './normalize';

export interface LanguageGuess {
  readonly language: Language;
  /** Probability of the chosen language given the text, in [0.5, 1]. */
  readonly confidence: number;
  /** False when the text held too little evidence and the fallback language was used. */
  readonly reliable: boolean;
}

interface LanguageProfile {
  words: Map<string, number>;
  wordTotal: number;
  trigrams: Map<string, number>;
  trigramTotal: number;
}

/** Words that show a language on their own, beyond what the training texts contain. */
const MARKER_WORDS: Record<Language, string[]> = {
  nl: [
    'hallo',
    'hoi',
    'dag',
    'doei',
    'bedankt',
    'dank',
    'dankjewel',
    'dankuwel',
    'bedankt',
    'ja',
    'nee',
    'niet',
    'mijn',
    'waar',
    'wanneer',
    'hoe',
    'wat',
    'ik',
    'jullie',
    'bestelling',
    'pakket',
    'graag',
    'alsjeblieft',
    'alstublieft',
    'goedemorgen',
    'goedemiddag',
    'goedenavond',
    'medewerker',
    'mens',
    'klacht',
    'retour',
    'terugsturen',
    'betalen',
    'factuur',
    'wachtwoord',
    'openingstijden',
    'fijn',
    'prima',
    'klopt',
    'stoppen',
    'annuleren',
    'opnieuw',
  ],
  en: [
    'hello',
    'hi',
    'hey',
    'bye',
    'goodbye',
    'thanks',
    'thank',
    'yes',
    'no',
    'not',
    'my',
    'where',
    'when',
    'how',
    'what',
    'i',
    'you',
    'order',
    'parcel',
    'package',
    'please',
    'morning',
    'afternoon',
    'evening',
    'agent',
    'human',
    'person',
    'complaint',
    'return',
    'refund',
    'pay',
    'invoice',
    'password',
    'opening',
    'great',
    'fine',
    'correct',
    'stop',
    'cancel',
    'restart',
    'the',
    'is',
    'can',
  ],
};

/**
 * Dutch/English detector: a naive Bayes over words (from the content's utterances, stop
 * words and marker words) backed off to character trigrams for unseen words. Short texts
 * often carry no signal ("ok", "100001"); then the caller's fallback language wins.
 */
export class LanguageDetector {
  private readonly profiles = new Map<Language, LanguageProfile>();

  constructor(
    samples: Partial<Record<Language, readonly string[]>>,
    private readonly minimumEvidence = 1.5,
  ) {
    for (const language of LANGUAGES) {
      const profile: LanguageProfile = { words: new Map(), wordTotal: 0, trigrams: new Map(), trigramTotal: 0 };
      const texts = [...(samples[language] ?? []), ...MARKER_WORDS[language], ...MARKER_WORDS[language], ...pipelineFor(language).stopWords];
      for (const text of texts) {
        for (const token of tokenize(normalizeText(text))) {
          if (/^\d+$/.test(token)) continue;
          profile.words.set(token, (profile.words.get(token) ?? 0) + 1);
          profile.wordTotal++;
          for (const gram of trigramsOf(token)) {
            profile.trigrams.set(gram, (profile.trigrams.get(gram) ?? 0) + 1);
            profile.trigramTotal++;
          }
        }
      }
      this.profiles.set(language, profile);
    }
  }

  detect(text: string, fallback: Language): LanguageGuess {
    const tokens = tokenize(normalizeText(text)).filter((t) => !/^\d+$/.test(t) && t.length > 1 && t !== EMOJI_POSITIVE_TOKEN && t !== EMOJI_NEGATIVE_TOKEN);
    // Log-odds of Dutch over English, summed over the words.
    let logOdds = 0;
    const nl = this.profiles.get('nl')!;
    const en = this.profiles.get('en')!;
    for (const token of tokens) {
      const inNl = nl.words.get(token) ?? 0;
      const inEn = en.words.get(token) ?? 0;
      if (inNl + inEn > 0) {
        logOdds += Math.log((inNl + 0.1) / nl.wordTotal) - Math.log((inEn + 0.1) / en.wordTotal);
      } else {
        // Unseen word: character trigrams, damped because they are weaker evidence.
        let charOdds = 0;
        for (const gram of trigramsOf(token)) {
          charOdds += Math.log(((nl.trigrams.get(gram) ?? 0) + 0.5) / nl.trigramTotal) - Math.log(((en.trigrams.get(gram) ?? 0) + 0.5) / en.trigramTotal);
        }
        logOdds += 0.35 * charOdds;
      }
    }
    if (Math.abs(logOdds) < this.minimumEvidence) {
      return { language: fallback, confidence: 0.5, reliable: false };
    }
    const pNl = 1 / (1 + Math.exp(-logOdds));
    return logOdds > 0 ? { language: 'nl', confidence: pNl, reliable: true } : { language: 'en', confidence: 1 - pNl, reliable: true };
  }
}

function trigramsOf(token: string): string[] {
  const padded = ` ${token} `;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) grams.push(padded.slice(i, i + 3));
  return grams;
}
