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
  'aan', 'al', 'alle', 'als', 'ben', 'bij', 'dan', 'dat', 'de', 'deze', 'die', 'dit', 'doe', 'doen', 'door', 'dus',
  'een', 'en', 'er', 'ga', 'gaat', 'geen', 'had', 'heb', 'hebben', 'heeft', 'het', 'hier', 'hij', 'hoe', 'hun',
  'ik', 'in', 'is', 'je', 'jij', 'jullie', 'kan', 'kun', 'kunnen', 'kunt', 'maar', 'me', 'met', 'mij', 'mijn',
  'moet', 'na', 'naar', 'niet', 'nog', 'nu', 'of', 'om', 'ons', 'onze', 'ook', 'op', 'over', 'te', 'tot', 'u',
  'uw', 'van', 'veel', 'voor', 'waar', 'wanneer', 'wat', 'we', 'wel', 'welke', 'wie', 'wij', 'wil', 'wordt',
  'worden', 'ze', 'zij', 'zijn', 'zo', 'zou', 'graag', 'even', 'mag', 'jou', 'jouw', 'het', 'hem', 'haar',
];

const PIPELINES: Record<Language, LanguagePipeline> = {
  nl: { language: 'nl', stemmer: PorterStemmerNl, stopWords: new Set(DUTCH_STOP_WORDS) },
  en: { language: 'en', stemmer: PorterStemmer, stopWords: new Set(englishStopWords) },
};

export function pipelineFor(language: Language): LanguagePipeline {
  return PIPELINES[language];
}
