/**
 * Remembers the results for the last `size` distinct inputs. Within one turn several parts
 * (button labels, language detection, classifier, sentiment, the dialogs) ask the same
 * question about the same utterance; this answers all but the first from memory.
 */
export function memoizeRecent<R>(compute: (input: string) => R, size = 64): (input: string) => R {
  const results = new Map<string, R>();
  return (input) => {
    const known = results.get(input);
    if (known !== undefined) return known;
    const result = compute(input);
    if (results.size >= size) results.delete(results.keys().next().value!);
    results.set(input, result);
    return result;
  };
}
