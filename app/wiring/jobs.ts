import { AgentDirectory } from '../../agents/agentDirectory';
import { FollowUpLearner } from '../../analytics/followUpLearner';
import { PeriodicJob } from '../../cluster/periodicJobs';
import { AgentRelay } from '../../handoff/desk/agentRelay';
import { TicketDeliveries } from '../../handoff/desk/ticketDeliveries';
import { TicketDesk } from '../../handoff/desk/ticketDesk';
import { TicketWebhook } from '../../handoff/desk/ticketWebhook';
import { maskAtRest } from '../../privacy/restMasking';
import { Store } from '../../store/openStore';
import { QuietSpellSurvey } from '../../analytics/quietSpellSurvey';
import { Config } from '../config';
import { ModelTraining } from '../modelTraining';

/** How often the data-driven follow-up suggestions are recomputed from recent conversations. */
const FOLLOW_UP_REFRESH_MS = 15 * 60 * 1000;
/**
 * How often an instance on PostgreSQL compares the content overlay with its model: the bus
 * tells it of every change, and of every gap in the bus; this catches a notice that could not
 * be sent at all. One SQLite process makes every change itself.
 */
const CONTENT_SYNC_MS = 30_000;
/** How often expired tokens, dead console streams, old Slack event ids and large bus messages are removed. */
const RETENTION_MS = 10 * 60 * 1000;
const SLACK_EVENT_MEMORY_MS = 24 * 60 * 60 * 1000;
const WEBHOOK_EVENT_MEMORY_MS = 7 * 24 * 60 * 60 * 1000;

export interface BackgroundJobs {
  readonly all: readonly PeriodicJob[];
  /** Run once right after the server listens: undelivered agent messages, the first follow-up computation. */
  readonly atStart: readonly PeriodicJob[];
}

/** Background work: once across the instances (shared data) or on each (its own memory). */
export function backgroundJobs(parts: {
  config: Config;
  store: Store;
  relay: AgentRelay;
  tickets: TicketDesk;
  ticketDeliveries: TicketDeliveries;
  webhook: TicketWebhook;
  training: ModelTraining;
  followUps: FollowUpLearner;
  agents: AgentDirectory;
  quietSpell: QuietSpellSurvey;
  now: () => Date;
}): BackgroundJobs {
  const { config, store, relay, training, followUps, agents, now } = parts;
  const relayJob: PeriodicJob = { name: 'relay', scope: 'cluster', intervalMs: config.handoff.relayIntervalMs, run: () => relay.sweep() };
  // Overdue tickets are marked (and their customers told) once; deliveries are claimed one by one, so any instance may send.
  const ticketJob: PeriodicJob = {
    name: 'tickets',
    scope: 'cluster',
    intervalMs: config.handoff.relayIntervalMs,
    run: async () => {
      await parts.tickets.markOverdue();
      await parts.ticketDeliveries.run();
      await parts.webhook.run();
    },
  };
  // Each due prompt is taken by one instance (the store deletes it as it hands it out).
  const effortJob: PeriodicJob = {
    name: 'effort-after-quiet-spell',
    scope: 'cluster',
    intervalMs: config.handoff.relayIntervalMs,
    run: () => parts.quietSpell.run(),
  };
  const followUpJob: PeriodicJob = { name: 'follow-ups', scope: 'instance', intervalMs: FOLLOW_UP_REFRESH_MS, run: () => followUps.refresh() };
  const retention: PeriodicJob = {
    name: 'retention',
    scope: 'cluster',
    intervalMs: RETENTION_MS,
    run: async () => {
      await agents.removeExpired();
      await store.slackEvents.forgetBefore(new Date(now().getTime() - SLACK_EVENT_MEMORY_MS));
      // Large bus messages are stamped by the database's clock, not the business one.
      await store.removeExpired(new Date());
    },
  };
  // Retention and masking at rest: once across the instances, on the business clock.
  const privacy: PeriodicJob = {
    name: 'privacy',
    scope: 'cluster',
    intervalMs: RETENTION_MS,
    run: async () => {
      const at = now().getTime();
      await store.customerData.removeConversationsBefore(new Date(at - config.privacy.retentionDays * 24 * 3600_000).toISOString());
      await store.customerData.maskEndedConversations(new Date(at - config.privacy.maskAfterIdleHours * 3600_000).toISOString(), maskAtRest);
      // Events the helpdesk has (or that were given up) carry customer data: kept a week for troubleshooting.
      await store.webhooks.removeFinishedBefore(new Date(at - WEBHOOK_EVENT_MEMORY_MS).toISOString());
    },
  };
  const contentSync: PeriodicJob = { name: 'content-sync', scope: 'instance', intervalMs: CONTENT_SYNC_MS, run: () => training.sync() };
  const shared = [relayJob, ticketJob, effortJob, followUpJob, retention, privacy];
  const all = store.location.kind === 'postgres' ? [...shared, contentSync] : shared;
  return { all, atStart: [relayJob, ticketJob, followUpJob] };
}
