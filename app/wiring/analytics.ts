import { AnalyticsQueries } from '../../analytics/analyticsQueries';
import { FollowUpLearner } from '../../analytics/followUpLearner';
import { ConversationAnalytics } from '../../analytics/recorder';
import { TurnAnalytics } from '../../bots/turnAnalytics';
import { ContentPack } from '../../content/contentPack';
import { Store } from '../../store/openStore';

export interface AnalyticsParts {
  readonly analytics: ConversationAnalytics;
  /** What the dialogs report, recorded (masked) per turn. */
  readonly turnAnalytics: TurnAnalytics;
  readonly followUps: FollowUpLearner;
  readonly queries: AnalyticsQueries;
}

/** Service analytics: the recorder every turn writes to, the learned follow-ups, the dashboard's queries. */
export function wireAnalytics(parts: { store: Store; pack: ContentPack; now: () => Date }): AnalyticsParts {
  const { store, pack, now } = parts;
  const analytics = new ConversationAnalytics(store.analytics, now);
  const histories = (range: { from: Date; to: Date }) => analytics.histories(range);
  return {
    analytics,
    turnAnalytics: new TurnAnalytics(analytics, store.effortScores, now),
    followUps: new FollowUpLearner(histories, now),
    queries: new AnalyticsQueries(histories, pack),
  };
}
