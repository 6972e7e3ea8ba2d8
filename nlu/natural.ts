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

export const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer') as Stemmer;
export const PorterStemmerNl = require('natural/lib/natural/stemmers/porter_stemmer_nl') as Stemmer;
export const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer') as SentimentAnalyzerCtor;
export const englishStopWords = (require('natural/lib/natural/util/stopwords') as { words: string[] }).words;
