import { conversationEffort, ConversationEffort, findRepeatContacts } from './effort';
import { AnalyticsFilter, ConversationHistory, UNDERSTOOD_OUTCOMES } from './types';

export interface CesStats {
  /** Mean score, two decimals; null without responses. */
  readonly average: number | null;
  readonly responses: number;
  /** Responses per score: index 0 is score 1 … index 6 is score 7. */
  readonly distribution: number[];
}

export interface GroupStats {
  readonly conversations: number;
  readonly containmentRate: number;
  readonly handoffRate: number;
  readonly fallbackRate: number;
  readonly firstContactResolutionRate: number;
  readonly ces: CesStats;
}

export interface AnalyticsSummary extends GroupStats {
  readonly customerMessages: number;
  readonly clarificationRate: number;
  readonly repeatContactRate: number;
  readonly handoffsByReason: { reason: string; conversations: number; rate: number }[];
  readonly byIntent: ({ intent: string; helpful: number; notHelpful: number } & GroupStats)[];
  readonly byChannel: ({ channel: string } & GroupStats)[];
  readonly byLanguage: ({ language: string } & GroupStats)[];
  /** Bot-only conversations against those that involved a person. */
  readonly byResolution: ({ group: 'bot_only' | 'handoff' } & GroupStats)[];
  readonly effort: {
    readonly averageCustomerTurns: number | null;
    readonly averageTurnsToResolution: number | null;
    readonly averageHandoffWaitSeconds: number | null;
    readonly fallbacksPerConversation: number | null;
    readonly clarificationsPerConversation: number | null;
    readonly repeatedQuestionsPerConversation: number | null;
  };
}

/** A share rounded to four decimals; 0 when there is nothing to divide. */
export function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}

export function cesStats(scores: readonly number[]): CesStats {
  const distribution = [0, 0, 0, 0, 0, 0, 0];
  for (const score of scores) distribution[score - 1]++;
  return { average: mean(scores), responses: scores.length, distribution };
}

/** Whether a conversation belongs to the filter (by its start, channel and language). */
export function matchesFilter(history: ConversationHistory, filter: AnalyticsFilter): boolean {
  const started = Date.parse(history.startedAt);
  return (
    started >= filter.from.getTime() &&
    started < filter.to.getTime() &&
    (!filter.channel || history.channel === filter.channel) &&
    (!filter.language || history.language === filter.language)
  );
}

/** A conversation in the filter with its effort signals. */
export interface EffortRow {
  readonly history: ConversationHistory;
  readonly effort: ConversationEffort;
}

/** Whether a conversation is counted at all: in the filter, and the customer wrote something. */
export function countedIn(history: ConversationHistory, filter: AnalyticsFilter): boolean {
  return matchesFilter(history, filter) && history.messages.length > 0;
}

/** One row per conversation in the filter. `histories` may reach 7 days beyond it on both sides, for repeat contacts. */
export function effortRows(histories: readonly ConversationHistory[], filter: AnalyticsFilter): EffortRow[] {
  const repeats = findRepeatContacts(histories);
  return histories
    .filter((h) => countedIn(h, filter))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .map((history) => ({ history, effort: conversationEffort(history, repeats) }));
}

/** The messages of these conversations the bot had to understand (the denominator of the fallback rate). */
function understoodMessages(rows: readonly EffortRow[]) {
  return rows.flatMap((r) => r.history.messages.filter((m) => UNDERSTOOD_OUTCOMES.has(m.outcome)));
}

function groupStats(rows: readonly EffortRow[]): GroupStats {
  const understood = understoodMessages(rows);
  return {
    conversations: rows.length,
    containmentRate: rate(rows.filter((r) => r.effort.contained).length, rows.length),
    handoffRate: rate(rows.filter((r) => r.history.handoff).length, rows.length),
    fallbackRate: rate(understood.filter((m) => m.outcome === 'fallback').length, understood.length),
    firstContactResolutionRate: rate(rows.filter((r) => r.effort.firstContactResolved).length, rows.length),
    ces: cesStats(rows.flatMap((r) => (r.effort.ces === undefined ? [] : [r.effort.ces]))),
  };
}

function groupBy<K extends string>(rows: readonly EffortRow[], keys: (row: EffortRow) => K[]) {
  const groups = new Map<K, EffortRow[]>();
  for (const row of rows) {
    for (const key of keys(row)) {
      const list = groups.get(key) ?? [];
      list.push(row);
      groups.set(key, list);
    }
  }
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}

/**
 * The service's headline numbers for the conversations that started in the filter's period.
 * Definitions are in docs/ANALYTICS.md; every rate is over conversations except the fallback
 * rate, which is over the messages the bot had to understand.
 */
export function summarize(histories: readonly ConversationHistory[], filter: AnalyticsFilter): AnalyticsSummary {
  return summarizeRows(effortRows(histories, filter));
}

/** The summary of rows already computed by effortRows. */
export function summarizeRows(rows: readonly EffortRow[]): AnalyticsSummary {
  const efforts = rows.map((r) => r.effort);
  const understood = understoodMessages(rows);
  const numbers = (pick: (e: ConversationEffort) => number | undefined) => efforts.map(pick).filter((v): v is number => v !== undefined);
  return {
    ...groupStats(rows),
    customerMessages: efforts.reduce((sum, e) => sum + e.customerTurns, 0),
    clarificationRate: rate(understood.filter((m) => m.outcome === 'clarified').length, understood.length),
    repeatContactRate: rate(efforts.filter((e) => e.isRepeatContact).length, rows.length),
    handoffsByReason: groupBy(
      rows.filter((r) => r.effort.handoffReason),
      (r) => [r.effort.handoffReason!],
    ).map(([reason, list]) => ({ reason, conversations: list.length, rate: rate(list.length, rows.length) })),
    byIntent: groupBy(rows, (r) => (r.effort.intents.length > 0 ? r.effort.intents : ['none'])).map(([intent, list]) => ({
      intent,
      ...groupStats(list),
      helpful: list.reduce((sum, r) => sum + r.history.feedback.filter((f) => f.intent === intent && f.helpful).length, 0),
      notHelpful: list.reduce((sum, r) => sum + r.history.feedback.filter((f) => f.intent === intent && !f.helpful).length, 0),
    })),
    byChannel: groupBy(rows, (r) => [r.history.channel]).map(([channel, list]) => ({ channel, ...groupStats(list) })),
    byLanguage: groupBy(rows, (r) => [r.history.language]).map(([language, list]) => ({ language, ...groupStats(list) })),
    byResolution: (['bot_only', 'handoff'] as const).map((group) => ({
      group,
      ...groupStats(rows.filter((r) => (group === 'handoff') === (r.history.handoff !== undefined))),
    })),
    effort: {
      averageCustomerTurns: mean(numbers((e) => e.customerTurns)),
      averageTurnsToResolution: mean(numbers((e) => e.turnsToResolution)),
      averageHandoffWaitSeconds: mean(numbers((e) => e.handoffWaitSeconds)),
      fallbacksPerConversation: mean(numbers((e) => e.fallbacks)),
      clarificationsPerConversation: mean(numbers((e) => e.clarifications)),
      repeatedQuestionsPerConversation: mean(numbers((e) => e.repeatedQuestions)),
    },
  };
}
