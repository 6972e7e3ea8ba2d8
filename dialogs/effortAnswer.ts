import { normalizeText } from '../nlu/normalize';

const NUMBER_WORDS: Record<string, number> = {
  een: 1,
  one: 1,
  twee: 2,
  two: 2,
  drie: 3,
  three: 3,
  vier: 4,
  four: 4,
  vijf: 5,
  five: 5,
  zes: 6,
  six: 6,
  zeven: 7,
  seven: 7,
};

/** Words that state a score, strongest first (checked in this order). */
const SCORE_WORDS: [RegExp, number][] = [
  [/\b(heel|erg|zeer|super) (makkelijk|eenvoudig|simpel)\b|\bvery easy\b|\bsuper easy\b|\bsupermakkelijk\b/, 7],
  [/\b(heel|erg|zeer) (moeilijk|lastig)\b|\bvery (difficult|hard)\b/, 1],
  [/\b(vrij|best|redelijk) (makkelijk|eenvoudig)\b|\b(fairly|quite|pretty) easy\b/, 5],
  [/\b(vrij|best|redelijk) (moeilijk|lastig)\b|\b(fairly|quite|pretty) (difficult|hard)\b/, 3],
  [/\b(makkelijk|eenvoudig|simpel)\b|\beasy\b/, 6],
  [/\b(moeilijk|lastig)\b|\b(difficult|hard)\b/, 2],
  [/\b(neutraal|gaat wel|niet makkelijk en niet moeilijk)\b|\b(neutral|so so|so-so)\b/, 4],
];

/**
 * The effort score in what the customer answered: "6", "6/7", "een 6", "score: 5", "zes",
 * or words that state one ("heel makkelijk" = 7, "very difficult" = 1); undefined when the
 * answer holds no score.
 */
export function effortScoreIn(text: string): number | undefined {
  const digits = [...text.matchAll(/(?<![\d])([1-7])(?![\d])(?:\s*(?:\/|van|out of|uit)\s*7)?/gi)].map((m) => Number(m[1]));
  if (digits.length === 1 && text.replace(/[^\d]/g, '').length <= 2) return digits[0];
  const normalized = normalizeText(text);
  // "zes", "een zes", "score zeven": a number word on its own (not the article "een" in a sentence).
  const last = normalized.split(' ').pop() ?? '';
  if (/^((een|a|score|cijfer|grade) )?\p{L}+$/u.test(normalized) && NUMBER_WORDS[last] !== undefined) return NUMBER_WORDS[last];
  for (const [pattern, score] of SCORE_WORDS) if (pattern.test(normalized)) return score;
  return undefined;
}
