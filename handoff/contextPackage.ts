import { ContextPackage, EarlierConversation, HandoffReason, IntentSeen, TranscriptLine } from './types';
import { Language } from '../nlu/language';

/** What the NLU said about one customer message; computed by the caller (plain data here). */
export interface MessageAnalysis {
  readonly at: string;
  readonly text: string;
  readonly intent: string;
  readonly confidence: number;
  readonly sentiment: number;
  readonly entities: readonly { readonly type: string; readonly value: string }[];
}

export interface ContextInput {
  readonly customer: { readonly id: string; readonly name?: string; readonly channel: string; readonly language: Language };
  readonly reason: HandoffReason;
  /** The customer's own words for why, or what the bot could not do. */
  readonly reasonDetail: string;
  readonly transcript: readonly TranscriptLine[];
  readonly analyses: readonly MessageAnalysis[];
  /** Facts the flows collected (order number, postcode, return reason, ...). */
  readonly facts: Readonly<Record<string, string | undefined>>;
  readonly earlierConversations: readonly EarlierConversation[];
  /** A readable name for an intent ("order.status" → "Where is my order?"). */
  readonly describeIntent: (intent: string) => string;
}

const REASON_TEXT: Record<HandoffReason, string> = {
  customer_request: 'the customer asked for a person',
  bot_failed: 'the bot did not understand the customer twice in a row',
  frustration: 'the customer is getting frustrated',
  complaint: 'the customer has a complaint',
  needs_human: 'the request needs a person',
};

const LANGUAGE_NAME: Record<Language, string> = { nl: 'Dutch', en: 'English' };

const ENTITY_LABEL: Record<string, string> = { order_number: 'order', postcode: 'postcode', email: 'email', phone: 'phone', amount: 'amount' };

/** The context package of DESIGN.md §6, written from the facts so an agent can read it in seconds. */
export function buildContextPackage(input: ContextInput): ContextPackage {
  const intents = intentsInOrder(input.analyses);
  const entities: Record<string, string> = {};
  for (const analysis of input.analyses) for (const entity of analysis.entities) entities[entity.type] = entity.value;
  for (const [key, value] of Object.entries(input.facts)) if (value) entities[key] = value;
  const scores = input.analyses.map((a) => a.sentiment);
  const botAnswers = input.transcript.filter((line) => line.from === 'bot').map((line) => line.text);
  const sentiment = { trend: trendOf(scores), scores, latest: scores.length > 0 ? scores[scores.length - 1] : 0 };
  return {
    customer: input.customer,
    summary: summarise(input, intents, entities, sentiment.trend, botAnswers.length),
    reason: input.reason,
    reasonDetail: input.reasonDetail,
    intents,
    entities,
    sentiment,
    botAnswers,
    transcript: [...input.transcript],
    earlierConversations: [...input.earlierConversations],
  };
}

/** Each recognised intent once, in the order the customer raised it, with its best confidence. */
function intentsInOrder(analyses: readonly MessageAnalysis[]): IntentSeen[] {
  const seen = new Map<string, IntentSeen>();
  for (const a of analyses) {
    if (a.intent === 'none') continue;
    const earlier = seen.get(a.intent);
    if (!earlier) seen.set(a.intent, { name: a.intent, confidence: a.confidence, at: a.at });
    else if (a.confidence > earlier.confidence) seen.set(a.intent, { ...earlier, confidence: a.confidence });
  }
  return [...seen.values()];
}

/** Compares the first and the last part of the conversation. */
export function trendOf(scores: readonly number[]): 'improving' | 'stable' | 'worsening' {
  if (scores.length < 2) return 'stable';
  const half = Math.max(1, Math.floor(scores.length / 2));
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const change = mean(scores.slice(-half)) - mean(scores.slice(0, half));
  return change <= -0.15 ? 'worsening' : change >= 0.15 ? 'improving' : 'stable';
}

function summarise(input: ContextInput, intents: IntentSeen[], entities: Record<string, string>, trend: string, answers: number): string {
  const { customer } = input;
  // Asking for a person is the reason for the handoff, not a topic.
  const topics = intents.filter((i) => i.name !== 'human.request').map((i) => `"${input.describeIntent(i.name)}"`);
  const facts = Object.entries(entities).map(([k, v]) => `${ENTITY_LABEL[k] ?? k.replace(/_/g, ' ')} ${v}`);
  const misses = input.analyses.filter((a) => a.intent === 'none').length;
  const who = `${customer.name ?? 'The customer'} (${customer.channel}, ${LANGUAGE_NAME[customer.language]})`;
  const asked = topics.length > 0 ? `asked about ${joinList(topics)}` : 'did not raise a topic the bot recognised';
  const gave = facts.length > 0 ? ` and gave ${joinList(facts)}` : '';
  const notUnderstood = misses > 0 ? `; ${misses} ${misses === 1 ? 'message was' : 'messages were'} not understood` : '';
  const parts = [
    `${who} ${asked}${gave}.`,
    `The bot sent ${answers} ${answers === 1 ? 'reply' : 'replies'}${notUnderstood}.`,
    `Handed over because ${REASON_TEXT[input.reason]}${input.reasonDetail ? `: "${input.reasonDetail}"` : ''}.`,
    filesSentence(input.transcript),
    trend !== 'stable' ? `Sentiment is ${trend}.` : '',
    input.earlierConversations.length > 0 ? `${input.earlierConversations.length} earlier conversation(s) with this customer.` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** "They sent a photo (kapot.jpg)." – what the bot could not look at, first thing an agent reads. */
function filesSentence(transcript: readonly TranscriptLine[]): string {
  const files = transcript.flatMap((line) => line.files ?? []);
  if (files.length === 0) return '';
  const photos = files.every((file) => file.contentType.startsWith('image/'));
  const what = files.length === 1 ? (photos ? 'a photo' : 'a file') : `${files.length} ${photos ? 'photos' : 'files'}`;
  return `They sent ${what} (${joinList(files.map((file) => file.name))}).`;
}

function joinList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
