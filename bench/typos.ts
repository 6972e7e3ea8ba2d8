import { seededRandom } from '../nlu/random';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * About one character edit in ten words (deletion, insertion, substitution or swap of
 * neighbours), seeded so every classifier sees the same misspellings.
 */
export function withTypos(text: string, random: () => number, rate = 0.1): string {
  return text
    .split(' ')
    .map((word) => {
      if (word.length < 3 || !/^[\p{L}']+$/u.test(word) || random() >= rate) return word;
      const i = 1 + Math.floor(random() * (word.length - 2));
      const letter = LETTERS[Math.floor(random() * LETTERS.length)];
      switch (Math.floor(random() * 4)) {
        case 0:
          return word.slice(0, i) + word.slice(i + 1);
        case 1:
          return word.slice(0, i) + letter + word.slice(i);
        case 2:
          return word.slice(0, i) + letter + word.slice(i + 1);
        default:
          return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
      }
    })
    .join(' ');
}

export function typoVariant(texts: readonly string[], seed = 2024): string[] {
  const random = seededRandom(seed);
  return texts.map((t) => withTypos(t, random));
}
