import { HandoffReason } from '../handoff/types';
import { Language } from '../nlu/language';

/** What the bot remembers about one conversation, stored with the conversation state. */
export interface ConversationProfile {
  language: Language;
  /** The customer has written enough for the language to be theirs (dialogs/languageChoice.ts). */
  languageSettled?: boolean;
  /** One long message came in this other language; another one switches. */
  languageCandidate?: Language;
  /** Out-of-scope answers in a row; two trigger the offer of a human. */
  consecutiveMisses: number;
  /** Facts the customer already gave, so no flow asks for them twice. */
  memory: { orderNumber?: string; postcode?: string; email?: string };
  /** The order the conversation is about: found with its postcode here, so follow-ups ("and when does it come?") are answered for it. */
  focusOrder?: string;
  lastIntent?: string;
  welcomed: boolean;
  /** The one question the bot asked outside a dialog that the customer's next message may answer. */
  openQuestion?: OpenQuestion;
  /** The effort question about the bot's help was asked: never again in this conversation (survives "start over"). */
  effortAsked?: boolean;
  /** The handoff whose agent's part the effort question was last asked about (asked again after every handoff). */
  effortAskedForHandoff?: string;
  /** When the customer last wrote (ISO): the quiet-spell effort question is not asked of a customer who went on. */
  lastMessageAt?: string;
  /** The bot answered a question or finished a flow here: a later thanks/goodbye means it was solved. */
  answeredSomething?: boolean;
  /** The customer left the conversation (channel said so): never ask them anything again. */
  left?: boolean;
  /** The return registered in this conversation, if one was. */
  registeredReturn?: { orderNumber: string; returnId: string };
  /** The second request of a message that held two ("…and when do I get my money back?"): taken up when the first is done. */
  queuedRequest?: QueuedRequest;
  /** Why the last flow could not finish without a person ("order 100001 already shipped"), if it could not. */
  needsHuman?: string;
  /** The bot offered a person because of frustration; it does so once per conversation. */
  frustrationOffered?: boolean;
  /** What the customer said recently, for frustration detection (last few messages). */
  recent: { text: string; intent: string; sentiment: number }[];
}

/**
 * A question the bot asked outside a dialog, open until the customer's next message: that
 * message answers it, or it is let go (a new question is answered instead). One at a time:
 * asking another replaces it.
 */
export type OpenQuestion =
  /** "Did you mean A or B?" (buttons for both, and "something else"). */
  | { readonly kind: 'clarification'; readonly candidates: readonly string[] }
  /** The bot or an agent resolved the conversation: the effort score, 1–7 (re-asked once). */
  | { readonly kind: 'effortScore'; readonly resolvedBy: 'bot' | 'agent'; readonly handoffId?: string; readonly reasked?: boolean }
  /** A low score was given: what could have been easier (optional). */
  | { readonly kind: 'effortComment' }
  /** An FAQ answer asked "Did this answer help?": 👍 or 👎. */
  | { readonly kind: 'answerFeedback'; readonly intent: string; readonly alternatives: readonly string[] }
  /** The queue timed out: yes or no to a ticket. */
  | { readonly kind: 'ticketOffer'; readonly reason: HandoffReason }
  /** An agent's answer to a ticket was shown: the customer's reply to it, or "solved". */
  | { readonly kind: 'ticketReply'; readonly handoffId: string; readonly reference: string; readonly agentName: string }
  /** Inside a flow the customer asked for another: yes switches, no goes on. */
  | { readonly kind: 'flowSwitch'; readonly from: string; readonly to: string };

export type OpenQuestionOf<K extends OpenQuestion['kind']> = Extract<OpenQuestion, { kind: K }>;

/** The open question, if it is of this kind. */
export function openQuestionOf<K extends OpenQuestion['kind']>(profile: ConversationProfile, kind: K): OpenQuestionOf<K> | undefined {
  return profile.openQuestion?.kind === kind ? (profile.openQuestion as OpenQuestionOf<K>) : undefined;
}

const SURVEY_QUESTIONS: ReadonlySet<OpenQuestion['kind']> = new Set(['effortScore', 'effortComment', 'answerFeedback']);

export interface QueuedRequest {
  readonly text: string;
  readonly intent: string;
}

export const CONVERSATION_PROFILE_PROPERTY = 'conversationProfile';

/** What the bot remembers about a customer across conversations (user state). */
export interface UserPreferences {
  /** The language the customer last clearly wrote in. */
  language?: Language;
}

export const USER_PREFERENCES_PROPERTY = 'userPreferences';

export function newConversationProfile(language: Language): ConversationProfile {
  return { language, consecutiveMisses: 0, memory: {}, welcomed: false, recent: [] };
}

/** Forgets the survey questions the bot left open (effort score, its comment, 👍/👎): they are never asked again. */
export function dropOpenSurveyQuestions(profile: ConversationProfile): void {
  if (profile.openQuestion && SURVEY_QUESTIONS.has(profile.openQuestion.kind)) profile.openQuestion = undefined;
}

/** The conversation language implied by a channel locale ("en-US" → en), if it is one we speak. */
export function languageFromLocale(locale: string | undefined): Language | undefined {
  const prefix = locale?.slice(0, 2).toLowerCase();
  return prefix === 'nl' || prefix === 'en' ? prefix : undefined;
}
