import { ContentPack } from '../content/contentPack';
import { OverlayExample } from '../content/overlay';
import { ConversationEffort, REPEAT_CONTACT_DAYS } from './effort';
import { EffortComment, lowEffortComments, NextQuestion, nextQuestions, UnrecognisedGroup, unrecognisedMessages } from './contentInsights';
import { toCsv } from './csv';
import { AnalyticsSummary, cesStats, CesStats, countedIn, effortRows, summarize, summarizeRows } from './summary';
import { Interval, overTime, PeriodStats } from './timeSeries';
import { AnalyticsFilter, ConversationHistory } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface IntentEffortTrend {
  readonly intent: string;
  /** When a supervisor last added an example to this intent. */
  readonly examplesAddedAt: string;
  readonly examplesAdded: number;
  /** CES of the intent's conversations before and after that moment (within the filter). */
  readonly before: CesStats;
  readonly after: CesStats;
}

/** The analytics views the API and dashboard show, computed from stored conversation histories. */
export class AnalyticsQueries {
  constructor(
    private readonly histories: (range: { from: Date; to: Date }) => Promise<ConversationHistory[]>,
    private readonly pack: ContentPack,
  ) {}

  /** The filter's conversations plus a week on each side, so repeat contacts across the edges are seen. */
  private load(filter: AnalyticsFilter): Promise<ConversationHistory[]> {
    return this.histories({
      from: new Date(filter.from.getTime() - REPEAT_CONTACT_DAYS * DAY_MS),
      to: new Date(filter.to.getTime() + REPEAT_CONTACT_DAYS * DAY_MS),
    });
  }

  private async inFilter(filter: AnalyticsFilter) {
    return effortRows(await this.load(filter), filter);
  }

  /** Just the filter's conversations, for the views that do not need repeat contacts. */
  private async conversationsIn(filter: AnalyticsFilter): Promise<ConversationHistory[]> {
    return (await this.histories({ from: filter.from, to: filter.to })).filter((h) => countedIn(h, filter));
  }

  async summary(filter: AnalyticsFilter): Promise<AnalyticsSummary> {
    return summarize(await this.load(filter), filter);
  }

  async overTime(filter: AnalyticsFilter, interval: Interval): Promise<PeriodStats[]> {
    return overTime(await this.inFilter(filter), filter, interval, this.pack.businessHours.timezone);
  }

  /** CES over time, by intent, by channel and bot-only against handoff. */
  async effortScores(filter: AnalyticsFilter, interval: Interval) {
    const rows = await this.inFilter(filter);
    const summary = summarizeRows(rows);
    const series = overTime(rows, filter, interval, this.pack.businessHours.timezone);
    return {
      overall: summary.ces,
      overTime: series.map((p) => ({ period: p.period, ...p.ces })),
      byIntent: summary.byIntent.map((i) => ({ intent: i.intent, ...i.ces })),
      byChannel: summary.byChannel.map((c) => ({ channel: c.channel, ...c.ces })),
      byLanguage: summary.byLanguage.map((l) => ({ language: l.language, ...l.ces })),
      byResolution: summary.byResolution.map((r) => ({ group: r.group, ...r.ces })),
    };
  }

  async unrecognised(filter: AnalyticsFilter, limit?: number): Promise<UnrecognisedGroup[]> {
    return unrecognisedMessages(await this.conversationsIn(filter), limit);
  }

  /** Per topic: the configured follow-ups, the learned one, and what customers actually asked next. */
  async nextQuestions(
    filter: AnalyticsFilter,
    learned: (intent: string) => readonly string[],
  ): Promise<(NextQuestion & { configured: readonly string[]; learned: readonly string[] })[]> {
    return nextQuestions(await this.conversationsIn(filter)).map((q) => ({
      ...q,
      configured: this.pack.intents.get(q.intent)?.followUps ?? [],
      learned: learned(q.intent),
    }));
  }

  async comments(filter: AnalyticsFilter): Promise<EffortComment[]> {
    return lowEffortComments(await this.conversationsIn(filter));
  }

  /** Per intent that got overlay examples: its CES before and after the latest one was added. */
  async intentTrends(filter: AnalyticsFilter, overlay: readonly OverlayExample[]): Promise<IntentEffortTrend[]> {
    const rows = await this.inFilter(filter);
    const byIntent = new Map<string, OverlayExample[]>();
    for (const example of overlay) {
      if (!byIntent.has(example.intent)) byIntent.set(example.intent, []);
      byIntent.get(example.intent)!.push(example);
    }
    return [...byIntent.entries()].map(([intent, examples]) => {
      const addedAt = examples
        .map((e) => e.addedAt)
        .sort()
        .at(-1)!;
      const scored = rows.filter((r) => r.effort.intents.includes(intent) && r.history.ces);
      return {
        intent,
        examplesAddedAt: addedAt,
        examplesAdded: examples.length,
        before: cesStats(scored.filter((r) => r.history.ces!.at < addedAt).map((r) => r.history.ces!.score)),
        after: cesStats(scored.filter((r) => r.history.ces!.at >= addedAt).map((r) => r.history.ces!.score)),
      };
    });
  }

  /** One row per conversation with its effort signals; texts are already masked at write time. */
  async conversationsCsv(filter: AnalyticsFilter): Promise<string> {
    return toCsv<ConversationEffort>(
      CSV_COLUMNS,
      (await this.inFilter(filter)).map((r) => r.effort),
    );
  }
}

const CSV_COLUMNS: { header: string; value: (row: ConversationEffort) => unknown }[] = [
  { header: 'conversation_id', value: (r) => r.conversationId },
  { header: 'started_at', value: (r) => r.startedAt },
  { header: 'channel', value: (r) => r.channel },
  { header: 'language', value: (r) => r.language },
  { header: 'intents', value: (r) => r.intents },
  { header: 'customer_turns', value: (r) => r.customerTurns },
  { header: 'turns_to_resolution', value: (r) => r.turnsToResolution },
  { header: 'fallbacks', value: (r) => r.fallbacks },
  { header: 'clarifications', value: (r) => r.clarifications },
  { header: 'repeated_questions', value: (r) => r.repeatedQuestions },
  { header: 'handoff_reason', value: (r) => r.handoffReason },
  { header: 'handoff_wait_seconds', value: (r) => r.handoffWaitSeconds },
  { header: 'resolution', value: (r) => r.resolution },
  { header: 'bot_resolution', value: (r) => r.botResolution },
  { header: 'contained', value: (r) => r.contained },
  { header: 'first_contact_resolved', value: (r) => r.firstContactResolved },
  { header: 'repeat_contact_within_7_days', value: (r) => r.followedByRepeat },
  { header: 'is_repeat_contact', value: (r) => r.isRepeatContact },
  { header: 'ces', value: (r) => r.ces },
  { header: 'ces_comment', value: (r) => r.cesComment },
  { header: 'answers_helpful', value: (r) => r.helpful },
  { header: 'answers_not_helpful', value: (r) => r.notHelpful },
];
