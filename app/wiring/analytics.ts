import type { Logger } from 'pino';
import { AnalyticsQueries } from '../../analytics/analyticsQueries';
import { FollowUpLearner } from '../../analytics/followUpLearner';
import { ConversationAnalytics } from '../../analytics/recorder';
import { WriteBehindQueue } from '../../analytics/writeBehind';
import { TurnAnalytics } from '../../bots/turnAnalytics';
import { ContentPack } from '../../content/contentPack';
import { ServiceMetrics } from '../../http/metrics';
import { Store } from '../../store/openStore';

/** The most analytics a crash can lose: what the last quarter second of turns reported. */
export const ANALYTICS_WRITE_DELAY_MS = 250;

export interface AnalyticsParts {
  readonly analytics: ConversationAnalytics;
  /** Analytics written behind the turns; stopped (and so stored) before the store closes. */
  readonly writeBehind: WriteBehindQueue;
  /** What the dialogs report, recorded (masked) per turn. */
  readonly turnAnalytics: TurnAnalytics;
  readonly followUps: FollowUpLearner;
  readonly queries: AnalyticsQueries;
}

/** Service analytics: the recorder every turn writes to, the learned follow-ups, the dashboard's queries. */
export function wireAnalytics(parts: { store: Store; pack: ContentPack; metrics: ServiceMetrics; logger: Logger; now: () => Date }): AnalyticsParts {
  const { store, pack, metrics, logger, now } = parts;
  const writeBehind = new WriteBehindQueue(store.analytics, {
    delayMs: ANALYTICS_WRITE_DELAY_MS,
    maxQueued: 100_000,
    onError: (error, queued) => logger.warn({ err: error, queued }, 'could not store analytics; keeping them to try again'),
    onDropped: (count) => {
      metrics.analyticsDropped.inc(count);
      logger.error({ dropped: count }, 'analytics queue full: dropped the oldest analytics');
    },
  });
  const analytics = new ConversationAnalytics(store.analytics, writeBehind, now);
  const histories = (range: { from: Date; to: Date }) => analytics.histories(range);
  return {
    analytics,
    writeBehind,
    turnAnalytics: new TurnAnalytics(analytics, store.effortScores, now),
    followUps: new FollowUpLearner(histories, now),
    queries: new AnalyticsQueries(histories, pack),
  };
}
