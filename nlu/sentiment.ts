import { Language, pipelineFor } from './language';
import { SentimentAnalyzer, SentimentScorer } from './natural';
import { EMOJI_NEGATIVE_TOKEN, EMOJI_POSITIVE_TOKEN, normalizeText, tokenize } from './normalize';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface Sentiment {
  /** In [-1, 1]; comparable across languages. */
  readonly score: number;
  readonly label: SentimentLabel;
}

/**
 * Support-specific words the general lexicons miss or weigh too lightly: customers
 * rarely swear at a bot, they say "still", "again", "ridiculous".
 */
const SUPPORT_LEXICON: Record<Language, Record<string, number>> = {
  nl: {
    belachelijk: -3,
    schandalig: -3,
    waardeloos: -3,
    boos: -2,
    kwaad: -2,
    teleurgesteld: -2,
    irritant: -2,
    frustrerend: -2,
    nogsteeds: -1,
    alweer: -1,
    weer: -0.5,
    nooit: -1,
    slecht: -2,
    klote: -3,
    kut: -3,
    bagger: -3,
    onacceptabel: -3,
    lachertje: -2,
    super: 2,
    top: 2,
    geweldig: 3,
    fijn: 2,
    prima: 1,
    perfect: 3,
    bedankt: 1,
    dankjewel: 1,
    dankuwel: 1,
    handig: 1,
    snel: 1,
    [EMOJI_POSITIVE_TOKEN]: 2,
    [EMOJI_NEGATIVE_TOKEN]: -2,
  },
  en: {
    ridiculous: -3,
    unacceptable: -3,
    useless: -3,
    still: -1,
    again: -0.5,
    never: -1,
    disappointed: -2,
    frustrating: -2,
    annoyed: -2,
    furious: -3,
    pathetic: -3,
    joke: -1,
    rubbish: -3,
    worst: -3,
    thanks: 1,
    perfect: 3,
    great: 3,
    helpful: 2,
    [EMOJI_POSITIVE_TOKEN]: 2,
    [EMOJI_NEGATIVE_TOKEN]: -2,
  },
};

/** Kept even though they are stop words: natural's analyzer flips the next word's polarity on them. */
const NEGATORS = new Set(['niet', 'geen', 'nooit', 'not', 'no', 'never', 'dont', 'cant', 'wont', 'isnt', 'didnt', 'doesnt']);

/** Words the general lexicons score that mean nothing emotional in a support chat ("hoe lang", "waar is"). */
const NEUTRAL_IN_SUPPORT = new Set(['lang', 'waar', 'echt', 'order', 'return', 'charge', 'free', 'ok', 'okay', 'please', 'help', 'want', 'like']);

// natural's Dutch "pattern" lexicon scores words in [-1, 1], AFINN in [-5, 5]; these bring both to one scale.
const LEXICON_SCALE: Record<Language, number> = { nl: 3, en: 1 };

export class SentimentAnalysis {
  private readonly analyzers: Record<Language, SentimentScorer> = {
    nl: new SentimentAnalyzer('Dutch', null, 'pattern'),
    en: new SentimentAnalyzer('English', null, 'afinn'),
  };

  analyze(text: string, language: Language): Sentiment {
    const tokens = tokenize(normalizeText(text).replace(/\bnog steeds\b/g, 'nogsteeds'));
    if (tokens.length === 0) return { score: 0, label: 'neutral' };
    const lexicon = SUPPORT_LEXICON[language];
    const stopWords = pipelineFor(language).stopWords;
    let extra = 0;
    const rest: string[] = [];
    for (const token of tokens) {
      if (Object.hasOwn(lexicon, token)) extra += lexicon[token];
      else if (NEGATORS.has(token) || !(stopWords.has(token) || NEUTRAL_IN_SUPPORT.has(token))) rest.push(token);
    }
    const general = rest.length > 0 ? this.analyzers[language].getSentiment(rest) * rest.length * LEXICON_SCALE[language] : 0;
    // Per-word average, but short messages should not swing to ±1 on one mild word.
    const raw = (general + extra) / Math.max(tokens.length, 3);
    const score = Math.round(Math.tanh(raw) * 1000) / 1000;
    return { score, label: score <= -0.15 ? 'negative' : score >= 0.15 ? 'positive' : 'neutral' };
  }
}
