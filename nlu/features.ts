import { LanguagePipeline } from './language';

/** Feature counts of one utterance, split by group so each group can be normalised on its own. */
export interface FeatureBag {
  readonly words: Map<string, number>;
  readonly chars: Map<string, number>;
}

export interface FeatureOptions {
  /** Character n-gram lengths, taken inside word boundaries (" word "). */
  readonly charMin: number;
  readonly charMax: number;
  /** Norm of the word group and of the character group in the final vector. */
  readonly wordWeight: number;
  readonly charWeight: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { charMin: 2, charMax: 5, wordWeight: 1, charWeight: 1 };

function add(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * Word features are stems (unigrams and bigrams, stop words kept: "where is my order" and
 * "cancel my order" differ in exactly those words). Character n-grams of the unstemmed
 * tokens make the model robust to typos and Dutch compounds ("retourlabel", "verzendkosten").
 */
export function extractFeatures(tokens: readonly string[], pipeline: LanguagePipeline, options: FeatureOptions = DEFAULT_FEATURE_OPTIONS): FeatureBag {
  const words = new Map<string, number>();
  const chars = new Map<string, number>();
  const stems = tokens.map((token) => (/^\d+$/.test(token) ? `#${token.length}` : pipeline.stemmer.stem(token)));
  for (let i = 0; i < stems.length; i++) {
    add(words, stems[i]);
    if (i > 0) add(words, `${stems[i - 1]} ${stems[i]}`);
  }
  for (const token of tokens) {
    const padded = /^\d+$/.test(token) ? ` #${token.length} ` : ` ${token} `;
    for (let n = options.charMin; n <= options.charMax; n++) {
      for (let i = 0; i + n <= padded.length; i++) add(chars, padded.slice(i, i + n));
    }
  }
  return { words, chars };
}

/** A sparse vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

const GROUPS = ['words', 'chars'] as const;

/**
 * TF-IDF with sublinear term frequency (1 + ln tf) and smoothed IDF; each feature group
 * is L2-normalised separately so many character n-grams cannot drown a few words.
 */
export class TfIdfVectorizer {
  private readonly vocabulary = new Map<string, number>();
  private idf = new Float64Array(0);

  constructor(private readonly groupWeights: Record<(typeof GROUPS)[number], number> = { words: 1, chars: 1 }) {}

  get size(): number {
    return this.vocabulary.size;
  }

  fit(bags: readonly FeatureBag[]): this {
    const documentFrequency: number[] = [];
    for (const bag of bags) {
      for (const group of GROUPS) {
        for (const key of bag[group].keys()) {
          const name = group === 'words' ? `w:${key}` : `c:${key}`;
          let index = this.vocabulary.get(name);
          if (index === undefined) {
            index = this.vocabulary.size;
            this.vocabulary.set(name, index);
            documentFrequency.push(0);
          }
          documentFrequency[index]++;
        }
      }
    }
    const n = bags.length;
    this.idf = Float64Array.from(documentFrequency, (df) => Math.log((1 + n) / (1 + df)) + 1);
    return this;
  }

  transform(bag: FeatureBag): SparseVector {
    const indices: number[] = [];
    const values: number[] = [];
    for (const group of GROUPS) {
      const start = indices.length;
      let norm = 0;
      for (const [key, count] of bag[group]) {
        const index = this.vocabulary.get(group === 'words' ? `w:${key}` : `c:${key}`);
        if (index === undefined) continue;
        const value = (1 + Math.log(count)) * this.idf[index];
        indices.push(index);
        values.push(value);
        norm += value * value;
      }
      if (norm > 0) {
        const inv = this.groupWeights[group] / Math.sqrt(norm);
        for (let i = start; i < values.length; i++) values[i] *= inv;
      }
    }
    return { indices: Int32Array.from(indices), values: Float64Array.from(values) };
  }

  /** Share of the bag's word features that the vocabulary knows: low for out-of-domain text. */
  knownWordShare(bag: FeatureBag): number {
    let known = 0;
    let total = 0;
    for (const key of bag.words.keys()) {
      if (key.includes(' ')) continue;
      total++;
      if (this.vocabulary.has(`w:${key}`)) known++;
    }
    return total === 0 ? 0 : known / total;
  }
}
