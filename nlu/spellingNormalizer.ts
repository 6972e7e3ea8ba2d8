/**
 * Maps a word the model has never seen to a known word one edit away (deletion,
 * insertion, substitution or swap), using the symmetric-delete index of SymSpell:
 * "retrun" → "return", "pakjet" → "pakket". Short words and numbers are left alone.
 */
export class SpellingNormalizer {
  private readonly known = new Map<string, number>();
  private readonly deletes = new Map<string, string[]>();

  constructor(
    words: Iterable<string>,
    private readonly minLength = 4,
  ) {
    for (const word of words) this.known.set(word, (this.known.get(word) ?? 0) + 1);
    for (const word of this.known.keys()) {
      if (word.length < this.minLength) continue;
      for (const d of deletionsOf(word)) {
        const list = this.deletes.get(d);
        if (list) list.push(word);
        else this.deletes.set(d, [word]);
      }
    }
  }

  correct(token: string): string {
    if (token.length < this.minLength || this.known.has(token) || /\d/.test(token)) return token;
    const candidates = new Set<string>();
    for (const word of this.deletes.get(token) ?? []) candidates.add(word); // a letter was left out
    for (const d of deletionsOf(token)) {
      if (this.known.has(d) && d.length >= this.minLength) candidates.add(d); // a letter too many
      for (const word of this.deletes.get(d) ?? []) if (word.length === token.length && oneSubstitutionOrSwap(word, token)) candidates.add(word);
    }
    let best = token;
    let bestCount = 0;
    for (const word of candidates) {
      const count = this.known.get(word)!;
      if (count > bestCount || (count === bestCount && word < best)) {
        best = word;
        bestCount = count;
      }
    }
    return best;
  }
}

function deletionsOf(word: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < word.length; i++) result.push(word.slice(0, i) + word.slice(i + 1));
  return result;
}

/** Same length, and different in one place or by two neighbours swapped. */
function oneSubstitutionOrSwap(a: string, b: string): boolean {
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return true;
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}
