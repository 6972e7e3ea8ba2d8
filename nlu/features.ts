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
  /** One vocabulary per group, so a look-up needs no composed key (no garbage per feature). */
  private readonly vocabulary: Record<(typeof GROUPS)[number], Map<string, number>> = { words: new Map(), chars: new Map() };
  private idf = new Float64Array(0);
  // Scratch space for transform(): only the result is allocated.
  private scratchIndices = new Int32Array(256);
  private scratchValues = new Float64Array(256);

  constructor(private readonly groupWeights: Record<(typeof GROUPS)[number], number> = { words: 1, chars: 1 }) {}

  get size(): number {
    return this.idf.length;
  }

  fit(bags: readonly FeatureBag[]): this {
    const documentFrequency: number[] = [];
    for (const bag of bags) {
      for (const group of GROUPS) {
        const vocabulary = this.vocabulary[group];
        for (const key of bag[group].keys()) {
          let index = vocabulary.get(key);
          if (index === undefined) {
            index = documentFrequency.length;
            vocabulary.set(key, index);
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
    const capacity = bag.words.size + bag.chars.size;
    if (capacity > this.scratchIndices.length) {
      this.scratchIndices = new Int32Array(capacity * 2);
      this.scratchValues = new Float64Array(capacity * 2);
    }
    const indices = this.scratchIndices;
    const values = this.scratchValues;
    let n = 0;
    for (const group of GROUPS) {
      const vocabulary = this.vocabulary[group];
      const start = n;
      let norm = 0;
      bag[group].forEach((count, key) => {
        const index = vocabulary.get(key);
        if (index === undefined) return;
        const value = (1 + Math.log(count)) * this.idf[index];
        indices[n] = index;
        values[n++] = value;
        norm += value * value;
      });
      if (norm > 0) {
        const inv = this.groupWeights[group] / Math.sqrt(norm);
        for (let i = start; i < n; i++) values[i] *= inv;
      }
    }
    return { indices: indices.slice(0, n), values: values.slice(0, n) };
  }

  /** Share of the bag's word features that the vocabulary knows: low for out-of-domain text. */
  knownWordShare(bag: FeatureBag): number {
    let known = 0;
    let total = 0;
    for (const key of bag.words.keys()) {
      if (key.includes(' ')) continue;
      total++;
      if (this.vocabulary.words.has(key)) known++;
    }
    return total === 0 ? 0 : known / total;
  }
}
