import { NON_TOPIC_INTENTS } from '../analytics/types';
import { NONE_INTENT, ParseResult } from '../nlu/nluEngine';
import { normalizeText } from '../nlu/normalize';
import { DEFAULT_ROUTING, route, RoutingThresholds } from './routingPolicy';

/** A question asked in the middle of a flow, answered before the flow goes on. */
export interface Digression {
  /** What the customer asked about (an FAQ intent). */
  readonly intent: string;
  /** The flow that is waiting for its answer. */
  readonly flowIntent: string;
}

// A question rather than an answer to the flow's own question: a question mark, or a question
// word first. Not a verb first: chat answers drop the subject ("is kapot", "kan niet meer").
const REQUEST = /\b(ik wil|ik wilde|ik zou graag|graag|kan ik|kun je|kunt u|i want|i would like|i'd like|id like|can i|could you|please)\b/;
const QUESTION_START = /^(hoe|hoelang|hoeveel|wat|waar|wanneer|waarom|welke|wie|how|what|where|when|why|which|who)\b/;

function isQuestion(text: string, normalized: string): boolean {
  return text.trim().endsWith('?') || QUESTION_START.test(normalized);
}

/**
 * Whether a message inside a flow is a question of its own the bot can answer and then go on:
 * it is phrased as a question, understood confidently as an FAQ (not the start of another flow,
 * not small talk), and carries none of what a flow asks for (an order number, a postcode, an
 * email address).
 */
export function digressionIn(
  text: string,
  parse: ParseResult,
  activeFlowIntent: string | undefined,
  flowIntents: ReadonlySet<string>,
  routing: RoutingThresholds = DEFAULT_ROUTING,
): Digression | undefined {
  if (!activeFlowIntent) return undefined;
  if (!isQuestion(text, normalizeText(text))) return undefined;
  if (parse.entities.some((e) => e.type === 'order_number' || e.type === 'postcode' || e.type === 'email')) return undefined;
  const decision = route(parse, routing);
  if (decision.kind !== 'intent') return undefined;
  const intent = decision.intent;
  if (intent === NONE_INTENT || intent === activeFlowIntent || flowIntents.has(intent) || NON_TOPIC_INTENTS.has(intent) || intent === 'human.request')
    return undefined;
  return { intent, flowIntent: activeFlowIntent };
}

const WAITING = /\b(lang|langer|duurt|duren|wachten|wachttijd|hoelang|beurt|nog even|how long|wait|waiting|my turn|still there|anyone there|anybody there)\b/;

/** Whether a queued customer asks about the wait ("duurt het lang?", "how long?"). */
export function asksAboutWaiting(text: string): boolean {
  return WAITING.test(normalizeText(text));
}

/**
 * Whether a message inside a flow confidently asks for another flow ("waar is mijn bestelling?"
 * while starting a return): the customer is asked first whether to leave the current one.
 */
export function flowSwitchIn(
  text: string,
  parse: ParseResult,
  activeFlowIntent: string | undefined,
  flowIntents: ReadonlySet<string>,
  routing: RoutingThresholds = DEFAULT_ROUTING,
): string | undefined {
  if (!activeFlowIntent) return undefined;
  // Only a question or a request ("waar is…?", "ik wil ook…"): an answer to the flow's own question ("nog steeds niks") is not one.
  const normalized = normalizeText(text);
  if (!isQuestion(text, normalized) && !REQUEST.test(normalized)) return undefined;
  const decision = route(parse, routing);
  if (decision.kind !== 'intent' || decision.intent === activeFlowIntent || !flowIntents.has(decision.intent)) return undefined;
  return decision.intent;
}
