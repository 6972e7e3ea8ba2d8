import { Choice, FoundChoice, PromptValidator } from 'botbuilder-dialogs';
import { normalizeText } from '../nlu/normalize';
import { SpellingNormalizer } from '../nlu/spellingNormalizer';

/**
 * Second chance for a choice the built-in recogniser missed. Dutch compounds defeat
 * token matching ("stoel" vs "Eetkamerstoel Nora"), so a part of a word counts too,
 * as long as exactly one choice matches.
 */
export function matchChoice(text: string, choices: readonly Choice[]): FoundChoice | undefined {
  const said = normalizeText(text);
  if (said.length < 3) return undefined;
  // Every way each choice can be said, normalised once.
  const candidates = choices.map((choice) =>
    [choice.value, choice.action?.title ?? '', ...(choice.synonyms ?? [])].map((c) => normalizeText(String(c))).filter((c) => c.length > 0),
  );
  // A typo one letter off a word of the options ("beschadigt", "kusen") is read as that word.
  const spelling = new SpellingNormalizer(
    candidates.flat().flatMap((c) => c.split(' ')),
    5,
  );
  // Content words of the answer ("de stoel" → "stoel"); short words are articles and noise.
  const words = said
    .split(' ')
    .filter((word) => word.length >= 4)
    .map((word) => spelling.correct(word));
  // Each choice scores by how much of the answer it holds: the whole answer beats its words, more words beat fewer
  // ("het past niet echt": "Past niet" holds two of its words, "Bevalt niet" one).
  const scored = choices.map((choice, index) => {
    const whole = candidates[index].some((c) => c.includes(said) || said.includes(c));
    const shared = Math.max(0, ...candidates[index].map((c) => words.filter((word) => c.includes(word)).length));
    return { choice, index, score: whole ? 100 : shared };
  });
  const best = Math.max(0, ...scored.map((s) => s.score));
  const top = scored.filter((s) => s.score === best);
  if (best === 0 || top.length !== 1) return undefined;
  return { value: top[0].choice.value, index: top[0].index, score: 0.8 };
}

/** What a choice prompt gets when the customer missed the options three times: the flow offers a person then. */
export const UNRECOGNIZED_CHOICE = '__unrecognized__';

/**
 * A ChoicePrompt validator that falls back to `matchChoice`, and after the third answer that
 * matches nothing gives up with UNRECOGNIZED_CHOICE (the prompt re-asked twice, with its hint).
 */
export const patientChoiceValidator: PromptValidator<FoundChoice> = async (prompt) => {
  if (await fuzzyChoiceValidator(prompt)) return true;
  if (prompt.attemptCount < 3) return false;
  prompt.recognized.succeeded = true;
  prompt.recognized.value = { value: UNRECOGNIZED_CHOICE, index: -1, score: 0 };
  return true;
};

/** A ChoicePrompt validator that falls back to `matchChoice`. */
export const fuzzyChoiceValidator: PromptValidator<FoundChoice> = async (prompt) => {
  if (prompt.recognized.succeeded) return true;
  const choices = (prompt.options.choices ?? []).map((c) => (typeof c === 'string' ? { value: c } : c));
  const found = matchChoice(prompt.context.activity.text ?? '', choices);
  if (!found) return false;
  prompt.recognized.succeeded = true;
  prompt.recognized.value = found;
  return true;
};

/** Words of a sentence that say nothing about which option is meant ("ik wil mijn bestelling retourneren"). */
const NOT_NAMING = new Set(['bestelling', 'order', 'retour', 'retourneren', 'terugsturen', 'return', 'send', 'back', 'graag', 'please', 'want', 'wilt']);

/**
 * The one option a whole sentence names, if it names exactly one: "ik wil de stoel van 100002
 * terugsturen, hij is te klein" names the chair (a word of the sentence inside a word of the
 * option: Dutch compounds, "stoel" in "Eetkamerstoel") and "te klein" (a phrase of the option,
 * as whole words). Unlike `matchChoice`, which reads an answer to the question, this reads
 * what the customer said before the question was asked, so only clear mentions count.
 */
export function choiceNamedIn(sentence: string, choices: readonly Choice[], { partsOfWords }: { partsOfWords: boolean }): FoundChoice | undefined {
  const said = ` ${normalizeText(sentence)} `;
  const words = said.split(' ').filter((word) => word.length >= 4 && !NOT_NAMING.has(word));
  const named = choices
    .map((choice, index) => ({ choice, index }))
    .filter(({ choice }) => {
      const phrases = [choice.value, choice.action?.title ?? '', ...(choice.synonyms ?? [])].map((c) => normalizeText(String(c))).filter((c) => c.length > 0);
      // A short single word is too often something else in a sentence ("een stuk" is a piece, not broken).
      if (phrases.some((phrase) => (phrase.includes(' ') || phrase.length >= 5) && said.includes(` ${phrase} `))) return true;
      if (!partsOfWords) return false;
      const optionWords = phrases.flatMap((phrase) => phrase.split(' ')).filter((word) => word.length >= 4);
      return words.some((word) => optionWords.some((optionWord) => optionWord.includes(word)));
    });
  return named.length === 1 ? { value: named[0].choice.value, index: named[0].index, score: 0.9 } : undefined;
}
