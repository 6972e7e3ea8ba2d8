import { PorterStemmer, PorterStemmerNl, Stemmer, englishStopWords } from './natural';

export type Language = 'nl' | 'en';
export const LANGUAGES: readonly Language[] = ['nl', 'en'];

/** The per-language part of the pipeline: stemmer and stop words. */
export interface LanguagePipeline {
  readonly language: Language;
  readonly stemmer: Stemmer;
  readonly stopWords: ReadonlySet<string>;
}

const DUTCH_STOP_WORDS = [
  'aan',
  'al',
  'alle',
  'als',
  'ben',
  'bij',
  'dan',
  'dat',
  'de',
  'deze',
  'die',
  'dit',
  'doe',
  'doen',
  'door',
  'dus',
  'een',
  'en',
  'er',
  'ga',
  'gaat',
  'geen',
  'had',
  'heb',
  'hebben',
  'heeft',
  'het',
  'hier',
  'hij',
  'hoe',
  'hun',
  'ik',
  'in',
  'is',
  'je',
  'jij',
  'jullie',
  'kan',
  'kun',
  'kunnen',
  'kunt',
  'maar',
  'me',
  'met',
  'mij',
  'mijn',
  'moet',
  'na',
  'naar',
  'niet',
  'nog',
  'nu',
  'of',
  'om',
  'ons',
  'onze',
  'ook',
  'op',
  'over',
  'te',
  'tot',
  'u',
  'uw',
  'van',
  'veel',
  'voor',
  'waar',
  'wanneer',
  'wat',
  'we',
  'wel',
  'welke',
  'wie',
  'wij',
  'wil',
  'wordt',
  'worden',
  'ze',
  'zij',
  'zijn',
  'zo',
  'zou',
  'graag',
  'even',
  'mag',
  'jou',
  'jouw',
  'het',
  'hem',
  'haar',
];

/** Distinct words remembered per language before the memo starts over (a few MB at most). */
const STEM_MEMO_SIZE = 50_000;

/**
 * natural's Porter stemmers build many intermediate strings per word; most words of a
 * conversation were seen before (in training or earlier messages), so remembering their
 * stems keeps a classification's garbage, and with it GC pauses, small.
 */
export function memoizedStemmer(stemmer: Stemmer, capacity = STEM_MEMO_SIZE): Stemmer {
  const memo = new Map<string, string>();
  return {
    stem(token) {
      let stem = memo.get(token);
      if (stem === undefined) {
        stem = stemmer.stem(token);
        if (memo.size >= capacity) memo.clear();
        memo.set(token, stem);
      }
      return stem;
    },
  };
}

const PIPELINES: Record<Language, LanguagePipeline> = {
  nl: { language: 'nl', stemmer: memoizedStemmer(PorterStemmerNl), stopWords: new Set(DUTCH_STOP_WORDS) },
  en: { language: 'en', stemmer: memoizedStemmer(PorterStemmer), stopWords: new Set(englishStopWords) },
};

export function pipelineFor(language: Language): LanguagePipeline {
  return PIPELINES[language];
}
