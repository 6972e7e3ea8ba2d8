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
