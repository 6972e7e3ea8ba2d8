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
  /** The candidates of the last clarifying question, if it is still open. */
  pendingClarification?: string[];
  lastIntent?: string;
  welcomed: boolean;
  /** Set when the bot or an agent resolved the conversation: the next message may be the effort score. */
  pendingEffortScore?: { handoffId?: string; resolvedBy: 'bot' | 'agent'; reasked?: boolean };
  /** The effort question about the bot's help was asked: never again in this conversation (survives "start over"). */
  effortAsked?: boolean;
  /** The handoff whose agent's part the effort question was last asked about (asked again after every handoff). */
  effortAskedForHandoff?: string;
  /** When the customer last wrote (ISO): the quiet-spell effort question is not asked of a customer who went on. */
  lastMessageAt?: string;
  /** A low score was given: the next message may say what could have been easier (optional). */
  pendingEffortComment?: boolean;
  /** An FAQ answer just asked "Did this answer help?": the next message may be 👍 or 👎. */
  pendingAnswerFeedback?: { intent: string; alternatives: string[] };
  /** The bot answered a question or finished a flow here: a later thanks/goodbye means it was solved. */
  answeredSomething?: boolean;
  /** The customer left the conversation (channel said so): never ask them anything again. */
  left?: boolean;
  /** Set when the queue timed out: the next yes/no answers the ticket offer. */
  pendingTicketOffer?: { reason: HandoffReason };
  /** An agent's answer to a ticket was just shown: the next message is the customer's reply to it (or says it is solved). */
  pendingTicketReply?: { handoffId: string; reference: string; agentName: string };
  /** Inside a flow the customer asked for another one: their next yes switches, a no goes on. */
  pendingFlowSwitch?: { from: string; to: string };
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
  profile.pendingEffortScore = undefined;
  profile.pendingEffortComment = undefined;
  profile.pendingAnswerFeedback = undefined;
}

/** The conversation language implied by a channel locale ("en-US" → en), if it is one we speak. */
export function languageFromLocale(locale: string | undefined): Language | undefined {
  const prefix = locale?.slice(0, 2).toLowerCase();
  return prefix === 'nl' || prefix === 'en' ? prefix : undefined;
}
