// natural's index pulls in its storage back-ends, which call dotenv.config() on load:
// that reads a stray .env into process.env and prints banners to stdout. We load only
// the pieces the NLU uses, straight from their modules.
/* eslint-disable @typescript-eslint/no-require-imports */

export interface Stemmer {
  stem(token: string): string;
}

export interface SentimentScorer {
  getSentiment(words: string[]): number;
}

type SentimentAnalyzerCtor = new (language: string, stemmer: Stemmer | null, vocabularyType: string) => SentimentScorer;

export const PorterStemmer: Stemmer = require('natural/lib/natural/stemmers/porter_stemmer');
export const PorterStemmerNl: Stemmer = require('natural/lib/natural/stemmers/porter_stemmer_nl');
export const SentimentAnalyzer: SentimentAnalyzerCtor = require('natural/lib/natural/sentiment/SentimentAnalyzer');
export const englishStopWords: string[] = require('natural/lib/natural/util/stopwords').words;
