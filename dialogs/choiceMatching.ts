import { Choice, FoundChoice, PromptValidator } from 'botbuilder-dialogs';
import { normalizeText } from '../nlu/normalize';

/**
 * Second chance for a choice the built-in recogniser missed. Dutch compounds defeat
 * token matching ("stoel" vs "Eetkamerstoel Nora"), so a part of a word counts too,
 * as long as exactly one choice matches.
 */
export function matchChoice(text: string, choices: readonly Choice[]): FoundChoice | undefined {
  const said = normalizeText(text);
  if (said.length < 3) return undefined;
  // Content words of the answer ("de stoel" → "stoel"); short words are articles and noise.
  const words = said.split(' ').filter((word) => word.length >= 4);
  const matches = choices
    .map((choice, index) => ({ choice, index }))
    .filter(({ choice }) =>
      [choice.value, choice.action?.title ?? '', ...(choice.synonyms ?? [])]
        .map((candidate) => normalizeText(String(candidate)))
        .some((candidate) => candidate.length > 0 && (candidate.includes(said) || said.includes(candidate) || words.some((word) => candidate.includes(word)))),
    );
  if (matches.length !== 1) return undefined;
  return { value: matches[0].choice.value, index: matches[0].index, score: 0.8 };
}

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
