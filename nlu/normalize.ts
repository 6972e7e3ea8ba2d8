/** Text normalisation shared by the classifier, language detector and sentiment. */
import { memoizeRecent } from './memo';

const POSITIVE_EMOJI =
  /[\u{1F600}-\u{1F60F}\u{1F617}-\u{1F61D}\u{1F642}\u{1F643}\u{1F917}\u{1F929}\u{1F970}\u{1F44D}\u{1F44C}\u{1F64F}\u{2764}\u{1F499}\u{1F49A}\u{1F49B}\u{1F49C}\u{1F389}\u{2705}\u{263A}]/gu;
const NEGATIVE_EMOJI = /[\u{1F61E}-\u{1F62D}\u{1F630}-\u{1F635}\u{1F641}\u{2639}\u{1F44E}\u{1F4A2}\u{1F92C}\u{1F621}\u{1F620}\u{1F624}\u{274C}]/gu;
const OTHER_SYMBOLS = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu;

/** Tokens that stand in for emoji so the classifier and sentiment can use them. */
export const EMOJI_POSITIVE_TOKEN = 'emojipositive';
export const EMOJI_NEGATIVE_TOKEN = 'emojinegative';

/**
 * Lower-cases, strips accents ("één" → "een"), maps emoji to sentiment tokens,
 * turns punctuation into spaces, squeezes letters repeated 3+ times ("heeeelp" → "heelp")
 * and collapses whitespace. Digits are kept: order numbers and postcodes matter.
 */
export const normalizeText = memoizeRecent(function normalize(text: string): string {
  return text
    .replace(POSITIVE_EMOJI, ` ${EMOJI_POSITIVE_TOKEN} `)
    .replace(NEGATIVE_EMOJI, ` ${EMOJI_NEGATIVE_TOKEN} `)
    .replace(OTHER_SYMBOLS, ' ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/['’`´]/g, '') // "don't" → "dont", "wil't" → "wilt"
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/(\p{L})\1{2,}/gu, '$1$1')
    .trim()
    .replace(/\s+/g, ' ');
});

/** Splits normalised text into word tokens. */
export function tokenize(normalized: string): string[] {
  return normalized.length === 0 ? [] : normalized.split(' ');
}
