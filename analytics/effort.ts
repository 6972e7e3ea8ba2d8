import { HandoffReason } from '../handoff/types';
import { AnalyticsMessage, BotResolutionTrigger, ConversationHistory, NON_TOPIC_INTENTS, SURVEY_OUTCOMES } from './types';

export const REPEAT_CONTACT_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** How a conversation ended: solved by the bot alone, by an agent, filed as a ticket, or not (yet) solved. */
export type Resolution = 'bot' | 'agent' | 'ticket' | 'unresolved';

/** The effort signals of one conversation (one row of the CSV export). */
export interface ConversationEffort {
  readonly conversationId: string;
  readonly startedAt: string;
  readonly channel: string;
  readonly language: string;
  /** Topics (intents other than greetings, thanks, help, …) in the order they came up. */
  readonly intents: string[];
  readonly customerTurns: number;
  /** Customer turns up to the moment it was resolved; undefined when it was not. */
  readonly turnsToResolution?: number;
  readonly fallbacks: number;
  readonly clarifications: number;
  /** Answers to a topic the bot had already answered in this conversation. */
  readonly repeatedQuestions: number;
  readonly handoffReason?: HandoffReason;
  /** Seconds from joining the queue to an agent accepting. */
  readonly handoffWaitSeconds?: number;
  readonly resolution: Resolution;
  /** For a bot resolution: what showed it (👍, thanks, goodbye, a completed flow, or the last question answered). */
  readonly botResolution?: BotResolutionTrigger;
  /** Resolved without a person and no repeat contact on the same topic within 7 days. */
  readonly contained: boolean;
  /** Resolved (by bot or agent) and no repeat contact on the same topic within 7 days. */
  readonly firstContactResolved: boolean;
  /** The customer came back on the same topic within 7 days (so this contact did not solve it). */
  readonly followedByRepeat: boolean;
  /** This conversation is such a return: an earlier one within 7 days had the same customer and topic. */
  readonly isRepeatContact: boolean;
  readonly ces?: number;
  readonly cesComment?: string;
  readonly helpful: number;
  readonly notHelpful: number;
}

const TOPIC_OUTCOMES = new Set(['answered', 'flow', 'handoff']);

function isTopic(message: AnalyticsMessage): boolean {
  return TOPIC_OUTCOMES.has(message.outcome) && !NON_TOPIC_INTENTS.has(message.intent);
}

/** The conversation's topics, first mention first. */
export function topicsOf(history: ConversationHistory): string[] {
  const topics = new Set<string>();
  for (const message of history.messages) if (isTopic(message)) topics.add(message.intent);
  for (const feedback of history.feedback) if (!NON_TOPIC_INTENTS.has(feedback.intent)) topics.add(feedback.intent);
  return [...topics];
}

/**
 * When and how the bot resolved the conversation: the recorded signal (👍, thanks, goodbye,
 * a completed flow), or else, implicitly, when the last thing the customer asked was
 * answered and they did not say it was unhelpful (most customers just leave when they have
 * their answer). A conversation that ended on a miss, a clarifying question or a flow left
 * half-way is not resolved.
 */
function botResolutionOf(history: ConversationHistory): ConversationHistory['botResolution'] {
  if (history.botResolution) return history.botResolution;
  const last = [...history.messages]
    .reverse()
    .find((m) => m.outcome === 'answered' || m.outcome === 'flow' || m.outcome === 'clarified' || m.outcome === 'fallback' || m.outcome === 'handoff');
  if (!last || last.outcome !== 'answered') return undefined;
  const disliked = history.feedback.some((f) => !f.helpful && f.at >= last.at);
  return disliked ? undefined : { at: last.at, trigger: 'answered' };
}

/** How the conversation ended, when it was resolved, and what showed that the bot resolved it. */
function resolutionOf(history: ConversationHistory): { resolution: Resolution; at?: string; botTrigger?: BotResolutionTrigger } {
  const handoff = history.handoff;
  if (handoff) {
    if (handoff.ticket) return { resolution: 'ticket' };
    return handoff.state === 'resolved' ? { resolution: 'agent', at: handoff.closedAt } : { resolution: 'unresolved' };
  }
  const bot = botResolutionOf(history);
  return bot ? { resolution: 'bot', at: bot.at, botTrigger: bot.trigger } : { resolution: 'unresolved' };
}

/** Conversations followed by a repeat contact, and conversations that are one. */
export interface RepeatContacts {
  readonly followedByRepeat: Set<string>;
  readonly isRepeat: Set<string>;
}

/**
 * Repeat contacts: a later conversation of the same customer (any shared identity, so across
 * channels) on a shared topic, starting within 7 days of the earlier one's start.
 */
export function findRepeatContacts(histories: readonly ConversationHistory[]): RepeatContacts {
  const followedByRepeat = new Set<string>();
  const isRepeat = new Set<string>();
  const byIdentity = new Map<string, ConversationHistory[]>();
  for (const history of histories) {
    for (const identity of history.identities) {
      const list = byIdentity.get(identity) ?? [];
      list.push(history);
      byIdentity.set(identity, list);
    }
  }
  const topics = new Map(histories.map((h) => [h.conversationId, new Set(topicsOf(h))]));
  for (const group of byIdentity.values()) {
    group.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    for (let i = 0; i < group.length; i++) {
      const earlier = group[i];
      const start = Date.parse(earlier.startedAt);
      for (let j = i + 1; j < group.length; j++) {
        const later = group[j];
        if (later.conversationId === earlier.conversationId) continue;
        if (Date.parse(later.startedAt) - start > REPEAT_CONTACT_DAYS * DAY_MS) break;
        const shared = [...topics.get(earlier.conversationId)!].some((t) => topics.get(later.conversationId)!.has(t));
        if (!shared) continue;
        followedByRepeat.add(earlier.conversationId);
        isRepeat.add(later.conversationId);
      }
    }
  }
  return { followedByRepeat, isRepeat };
}

function turnsUntil(messages: readonly AnalyticsMessage[], at: string | undefined): number | undefined {
  if (!at) return undefined;
  return messages.filter((m) => !SURVEY_OUTCOMES.has(m.outcome) && m.at <= at).length;
}

/** The effort signals of each conversation; `repeats` comes from findRepeatContacts over a wider window. */
export function conversationEffort(history: ConversationHistory, repeats: RepeatContacts): ConversationEffort {
  const { resolution, at: resolvedAt, botTrigger } = resolutionOf(history);
  const messages = history.messages;
  const answeredTopics = new Set<string>();
  let repeatedQuestions = 0;
  for (const message of messages) {
    if (!isTopic(message)) continue;
    if (answeredTopics.has(message.intent)) repeatedQuestions++;
    answeredTopics.add(message.intent);
  }
  const handoff = history.handoff;
  const followedByRepeat = repeats.followedByRepeat.has(history.conversationId);
  return {
    conversationId: history.conversationId,
    startedAt: history.startedAt,
    channel: history.channel,
    language: history.language,
    intents: topicsOf(history),
    customerTurns: messages.filter((m) => !SURVEY_OUTCOMES.has(m.outcome)).length,
    turnsToResolution: turnsUntil(messages, resolvedAt),
    fallbacks: messages.filter((m) => m.outcome === 'fallback').length,
    clarifications: messages.filter((m) => m.outcome === 'clarified').length,
    repeatedQuestions,
    handoffReason: handoff?.reason,
    handoffWaitSeconds: handoff?.acceptedAt ? Math.round((Date.parse(handoff.acceptedAt) - Date.parse(handoff.queuedAt)) / 1000) : undefined,
    resolution,
    botResolution: botTrigger,
    contained: resolution === 'bot' && !followedByRepeat,
    firstContactResolved: (resolution === 'bot' || resolution === 'agent') && !followedByRepeat,
    followedByRepeat,
    isRepeatContact: repeats.isRepeat.has(history.conversationId),
    ces: history.ces?.score,
    cesComment: history.ces?.comment,
    helpful: history.feedback.filter((f) => f.helpful).length,
    notHelpful: history.feedback.filter((f) => !f.helpful).length,
  };
}
