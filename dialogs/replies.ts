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

/** How an intent is named to the customer ("Retour aanmelden"); the name itself if the pack has no such intent. */
export function intentLabel(pack: ContentPack, intent: string, language: Language): string {
  return pack.intents.get(intent)?.label[language] ?? intent;
}

/** A message with suggested actions (or plain text when there are none). */
export function textWithButtons(text: string, buttons: readonly (CardAction | string)[]): Partial<Activity> {
  return buttons.length > 0 ? MessageFactory.suggestedActions([...buttons], text) : MessageFactory.text(text);
}

function intentContent(pack: ContentPack, intentName: string) {
  const intent = pack.intents.get(intentName);
  if (!intent) throw new Error(`unknown intent ${intentName}`);
  return intent;
}

/** The intent's configured next questions, then any extra (learned) ones, each once. */
function followUpButtons(pack: ContentPack, intentName: string, language: Language, extra: readonly string[] = []): CardAction[] {
  const followUps = [...new Set([...intentContent(pack, intentName).followUps, ...extra])].filter((name) => name !== intentName);
  return intentButtons(pack, followUps, language);
}

/** An FAQ answer followed by the one or two questions customers most often ask next. */
export function answerWithFollowUps(pack: ContentPack, intentName: string, language: Language): Partial<Activity> {
  return textWithButtons(intentContent(pack, intentName).answer[language], followUpButtons(pack, intentName, language));
}

/** The effort scale's values; the buttons of the ends carry their meaning too ("1 · heel moeilijk"). */
export const EFFORT_SCALE = ['1', '2', '3', '4', '5', '6', '7'] as const;

/**
 * The Customer Effort Score question (1–7) in a message of its own, with the scale as its only
 * buttons and both ends labelled; channels render them natively (Teams as a card of its own).
 * A button sends just the number.
 */
export function effortQuestion(pack: ContentPack, language: Language, text?: string): Partial<Activity> {
  const label = (value: string) =>
    value === '1' ? `1 · ${message(pack, 'effortVeryDifficult', language)}` : value === '7' ? `7 · ${message(pack, 'effortVeryEasy', language)}` : value;
  const buttons = EFFORT_SCALE.map((value): CardAction => ({ type: 'imBack', title: label(value), value }));
  return { ...MessageFactory.suggestedActions(buttons, text ?? message(pack, 'cesQuestion', language)), channelData: { balie: { effortQuestion: true } } };
}

const HELPFUL = '👍';
const NOT_HELPFUL = '👎';

/** An FAQ answer with "Did this answer help?" and 👍 / 👎 after the follow-up suggestions (configured and learned). */
export function answerWithFeedback(pack: ContentPack, intentName: string, language: Language, learnedFollowUps: readonly string[] = []): Partial<Activity> {
  const text = `${intentContent(pack, intentName).answer[language]}\n\n${message(pack, 'answerFeedbackQuestion', language)}`;
  const verdicts = [HELPFUL, NOT_HELPFUL].map((value): CardAction => ({ type: 'imBack', title: value, value }));
  return textWithButtons(text, [...followUpButtons(pack, intentName, language, learnedFollowUps), ...verdicts]);
}

/** 👍 or 👎 (any skin tone), or neither. */
export function answerVerdict(text: string): 'helpful' | 'not_helpful' | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith(HELPFUL)) return 'helpful';
  if (trimmed.startsWith(NOT_HELPFUL)) return 'not_helpful';
  return undefined;
}

/** The welcome message with the most asked questions as buttons. */
export function welcomeMessage(pack: ContentPack, language: Language, firstButtons: readonly string[] = []): Partial<Activity> {
  // The privacy notice comes with the first thing the customer sees, on every channel.
  const notice = pack.privacyUrl ? `\n\n${message(pack, 'privacyNotice', language, { url: pack.privacyUrl })}` : '';
  return textWithButtons(`${message(pack, 'welcome', language)}${notice}`, [...firstButtons, ...intentButtons(pack, pack.welcomeSuggestions, language)]);
}
