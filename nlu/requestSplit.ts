/**
 * Where a message could hold two requests: after a sentence ("Waar is mijn pakket? En wat
 * kost verzenden?") or at a conjunction ("ik wil 100001 retourneren en wanneer krijg ik mijn
 * geld terug"). Only candidates: whether a split is real is for the classifier to say (both
 * parts must be confidently different requests), since most "en"/"and" join words of one.
 */

// A conjunction that can start a second request, in Dutch or English. Matched on word boundaries
// in the original text, so the parts keep their punctuation and digits.
const CONJUNCTION = /[,;]?\s+(?:en|maar|ook|verder|daarnaast|plus|and|but|also|as well as|&)\s+/giu;
// The end of a sentence: . ? ! (one or more) followed by space.
const SENTENCE_END = /[.?!]+\s+/gu;

// A part that opens with a word pointing back at the first ("… maar die werkt niet", "… and it is
// broken") goes on about the same thing: it is no request of its own. Articles ("het", "de") are
// not among them: "het retourlabel werkt niet" is a request.
const REFERS_BACK = /^(?:die|dat|deze|dit|hij|zij|ze|it|that|this|these|those|they|he|she)\b/iu;

/** The shortest part, in words, that can be a request of its own ("wat kost verzenden"). */
export const MIN_PART_WORDS = 3;

/** A candidate split of one message into two requests, the parts trimmed, in order. */
export interface RequestSplit {
  readonly first: string;
  readonly second: string;
}

function words(text: string): number {
  return text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * Every split of the text at a sentence end or conjunction that leaves two parts of at least
 * MIN_PART_WORDS words, the second not pointing back at the first.
 */
export function candidateSplits(text: string): RequestSplit[] {
  const splits: RequestSplit[] = [];
  const seen = new Set<number>();
  for (const pattern of [SENTENCE_END, CONJUNCTION]) {
    for (const match of text.matchAll(pattern)) {
      const at = match.index ?? 0;
      if (seen.has(at)) continue;
      seen.add(at);
      const first = text.slice(0, at).trim();
      const second = text
        .slice(at + match[0].length)
        .replace(/^(?:en|and|ook|also)\s+/iu, '')
        .trim();
      if (words(first) >= MIN_PART_WORDS && words(second) >= MIN_PART_WORDS && !REFERS_BACK.test(second)) splits.push({ first, second });
    }
  }
  return splits;
}
