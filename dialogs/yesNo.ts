import { Choice, ChoicePrompt, FoundChoice, ListStyle, PromptOptions } from 'botbuilder-dialogs';
import { fuzzyChoiceValidator, matchChoice } from './choiceMatching';
import { normalizeText } from '../nlu/normalize';
import { ContentPack, message } from '../content/contentPack';
import { Language } from '../nlu/language';

export const YES_NO_PROMPT = 'yesNo';

const SYNONYMS = {
  yes: [
    'ja',
    'yes',
    'jazeker',
    'zeker',
    'graag',
    'ok',
    'oke',
    'okay',
    'yep',
    'jep',
    'ja graag',
    'yes please',
    'sure',
    'klopt',
    'correct',
    'doe maar',
    'go ahead',
    'y',
    'j',
  ],
  no: ['nee', 'no', 'neen', 'nope', 'liever niet', 'niet', 'no thanks', 'nee dank je', 'nee bedankt', 'cancel niet', 'n'],
};

/** A yes/no question with buttons, understanding both languages whatever the customer's language. */
export function yesNoPrompt(): ChoicePrompt {
  const prompt = new ChoicePrompt(YES_NO_PROMPT, fuzzyChoiceValidator);
  prompt.style = ListStyle.suggestedAction;
  prompt.recognizerOptions = { recognizeNumbers: false, recognizeOrdinals: false };
  return prompt;
}

export function yesNoChoices(pack: ContentPack, language: Language): Choice[] {
  return [
    { value: 'yes', action: { type: 'imBack', title: message(pack, 'yes', language), value: message(pack, 'yes', language) }, synonyms: SYNONYMS.yes },
    { value: 'no', action: { type: 'imBack', title: message(pack, 'no', language), value: message(pack, 'no', language) }, synonyms: SYNONYMS.no },
  ];
}

export function yesNoOptions(pack: ContentPack, language: Language, question: string): PromptOptions {
  const choices = yesNoChoices(pack, language);
  return {
    prompt: question,
    retryPrompt: `${question} (${message(pack, 'yes', language)} / ${message(pack, 'no', language)})`,
    choices,
    style: ListStyle.suggestedAction,
  };
}

/** A yes or a no typed outside a prompt ("ja", "no", "ja graag", the button's text), or neither. */
export function yesOrNo(text: string, pack: ContentPack, language: Language): 'yes' | 'no' | undefined {
  const said = normalizeText(text);
  for (const answer of ['yes', 'no'] as const) {
    if (SYNONYMS[answer].includes(said) || normalizeText(message(pack, answer, language)) === said) return answer;
  }
  const found = matchChoice(text, yesNoChoices(pack, language));
  return found ? (found.value as 'yes' | 'no') : undefined;
}

export function isYes(result: unknown): boolean {
  return (result as FoundChoice | undefined)?.value === 'yes';
}
