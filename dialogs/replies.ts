import { Activity, CardAction, MessageFactory } from 'botbuilder';
import { ContentPack } from '../content/contentPack';
import { Language } from '../nlu/language';

/** Buttons that lead to intents, labelled in the customer's language. */
export function intentButtons(pack: ContentPack, intents: readonly string[], language: Language): CardAction[] {
  return intents
    .map((name) => pack.intents.get(name))
    .filter((intent) => intent !== undefined)
    .map((intent) => ({ type: 'imBack', title: intent.label[language], value: intent.label[language] }));
}

/** A message with suggested actions (or plain text when there are none). */
export function textWithButtons(text: string, buttons: readonly (CardAction | string)[]): Partial<Activity> {
  return buttons.length > 0 ? MessageFactory.suggestedActions([...buttons], text) : MessageFactory.text(text);
}

/** An FAQ answer followed by the one or two questions customers most often ask next. */
export function answerWithFollowUps(pack: ContentPack, intentName: string, language: Language): Partial<Activity> {
  const intent = pack.intents.get(intentName);
  if (!intent) throw new Error(`unknown intent ${intentName}`);
  return textWithButtons(intent.answer[language], intentButtons(pack, intent.followUps, language));
}
