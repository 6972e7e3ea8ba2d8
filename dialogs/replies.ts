import { Activity, CardAction, MessageFactory } from 'botbuilder';
import { ContentPack, message } from '../content/contentPack';
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

const EFFORT_SCALE = ['1', '2', '3', '4', '5', '6', '7'];

/**
 * The Customer Effort Score question (1–7) with the scale as buttons; channels render them
 * natively. `stillOffered` keeps the previous message's next-question buttons available (a
 * channel shows only the last message's suggestions), so asking never hides the next step.
 */
export function effortQuestion(pack: ContentPack, language: Language, stillOffered: readonly CardAction[] = []): Partial<Activity> {
  return MessageFactory.suggestedActions([...EFFORT_SCALE, ...stillOffered], message(pack, 'cesQuestion', language));
}

export const HELPFUL = '👍';
export const NOT_HELPFUL = '👎';

/** An FAQ answer with "Did this answer help?" and 👍 / 👎 after the follow-up suggestions. */
export function answerWithFeedback(pack: ContentPack, intentName: string, language: Language, extraFollowUps: readonly string[] = []): Partial<Activity> {
  const intent = pack.intents.get(intentName);
  if (!intent) throw new Error(`unknown intent ${intentName}`);
  const followUps = [...new Set([...intent.followUps, ...extraFollowUps])].filter((name) => name !== intentName);
  const text = `${intent.answer[language]}\n\n${message(pack, 'answerFeedbackQuestion', language)}`;
  return textWithButtons(text, [...intentButtons(pack, followUps, language), { type: 'imBack', title: HELPFUL, value: HELPFUL }, { type: 'imBack', title: NOT_HELPFUL, value: NOT_HELPFUL }]);
}

/** 👍 or 👎 (any skin tone), or neither. */
export function answerVerdict(text: string): 'helpful' | 'not_helpful' | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith(HELPFUL)) return 'helpful';
  if (trimmed.startsWith(NOT_HELPFUL)) return 'not_helpful';
  return undefined;
}
