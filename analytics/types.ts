import { HandoffState } from '../handoff/stateMachine';
import { HandoffReason } from '../handoff/types';
import { Language } from '../nlu/language';

/**
 * What the bot did with one customer message.
 * - answered: an FAQ answer; flow: a guided flow started; smalltalk: greeting/thanks/goodbye/help answered
 * - clarified: a clarifying question; fallback: out of scope (not understood)
 * - handoff: the customer asked for a person; control: stop / restart / help inside a flow
 * - input: an answer to a flow's question (order number, yes/no, …)
 * - agent: written to the agent who had the conversation (the bot stayed silent)
 * - feedback: a 👍/👎 on an answer; survey: an effort score or its comment
 */
export type MessageOutcome = 'answered' | 'flow' | 'smalltalk' | 'clarified' | 'fallback' | 'handoff' | 'control' | 'input' | 'agent' | 'feedback' | 'survey';

/** Outcomes of messages the bot had to understand (the denominator of the fallback rate). */
export const UNDERSTOOD_OUTCOMES: ReadonlySet<MessageOutcome> = new Set(['answered', 'flow', 'smalltalk', 'clarified', 'fallback', 'handoff']);

/** Outcomes that are not a customer's effort but the bot's survey (not counted as customer turns). */
export const SURVEY_OUTCOMES: ReadonlySet<MessageOutcome> = new Set(['feedback', 'survey']);

/** Intents that are conversation mechanics, not a topic: they never make two contacts "the same topic". */
export const NON_TOPIC_INTENTS: ReadonlySet<string> = new Set(['greeting', 'goodbye', 'thanks', 'help', 'human.request', 'none']);

/**
 * How the bot saw that it had solved the question. The first four are signals recorded
 * during the conversation; `answered` is read from it afterwards (the customer's last
 * question got an answer, no 👎, nothing more).
 */
export type BotResolutionTrigger = 'helpful' | 'thanks' | 'goodbye' | 'flow_completed' | 'answered';

export interface AnalyticsMessage {
  readonly at: string;
  /** The customer's text with personal data masked. */
  readonly text: string;
  readonly language: Language;
  /** The intent the bot acted on (`none` for a fallback). */
  readonly intent: string;
  readonly confidence: number;
  /** The classifier's best in-scope guess, also for fallbacks: what a content author would pick. */
  readonly candidate?: string;
  readonly outcome: MessageOutcome;
}

export interface ConversationHandoff {
  readonly reason: HandoffReason;
  readonly state: HandoffState;
  readonly queuedAt: string;
  readonly acceptedAt?: string;
  readonly closedAt?: string;
  /** Filed as a ticket (out of hours, nobody online, queue timeout). */
  readonly ticket: boolean;
}

export interface EffortResponse {
  /** 1 (very difficult) … 7 (very easy). */
  readonly score: number;
  readonly at: string;
  readonly resolvedBy: 'bot' | 'agent';
  /** The masked answer to "What could have been easier?" (low scores only). */
  readonly comment?: string;
}

export interface AnswerFeedback {
  readonly intent: string;
  readonly helpful: boolean;
  readonly at: string;
}

/** Everything analytics knows about one conversation. Built from storage, or by hand in tests. */
export interface ConversationHistory {
  readonly conversationId: string;
  readonly customerId: string;
  readonly channel: string;
  readonly language: Language;
  readonly startedAt: string;
  /** Keys that identify the customer across conversations: `<channel>:<id>` plus proven order numbers and emails. */
  readonly identities: readonly string[];
  readonly messages: readonly AnalyticsMessage[];
  readonly botResolution?: { readonly at: string; readonly trigger: BotResolutionTrigger };
  readonly handoff?: ConversationHandoff;
  readonly ces?: EffortResponse;
  readonly feedback: readonly AnswerFeedback[];
  readonly leftAt?: string;
}

export interface AnalyticsFilter {
  readonly from: Date;
  readonly to: Date;
  readonly channel?: string;
  readonly language?: Language;
}
