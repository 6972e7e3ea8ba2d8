import { Express } from 'express';
import { randomBytes } from 'crypto';
import { AddressInfo } from 'net';
import { hostname } from 'os';
import type { Logger } from 'pino';
import { AgentDirectory } from '../agents/agentDirectory';
import { ProactiveCustomerChannel } from '../bots/proactiveChannel';
import { PeriodicJobs } from '../cluster/periodicJobs';
import { ContentPack } from '../content/contentPack';
import { CannedReplies } from '../handoff/desk/cannedReplies';
import { OperationsView } from '../analytics/operations';
import { loadContentPack } from '../content/loader';
import { OverlayEditor } from '../content/overlay';
import { AgentRelay } from '../handoff/desk/agentRelay';
import { TicketDeliveries } from '../handoff/desk/ticketDeliveries';
import { QuietSpellSurvey } from '../analytics/quietSpellSurvey';
import { TicketDesk } from '../handoff/desk/ticketDesk';
import { TicketWebhook } from '../handoff/desk/ticketWebhook';
import { HandoffService } from '../handoff/handoffService';
import { TranscriptStore } from '../handoff/transcripts';
import { InFlightTracker } from '../http/inFlight';
import { ServiceMetrics } from '../http/metrics';
import { OpenStreams } from '../http/openStreams';
import { useOrderNumberPattern } from '../nlu/entities';
import { NluEngine } from '../nlu/nluEngine';
import { OrderBackend } from '../orders/orderBackend';
import { Store } from '../store/openStore';
import { bootstrapAdmin } from './bootstrapAdmin';
import { Config } from './config';
import { httpApp } from './httpApp';
import { Lifecycle } from './lifecycle';
import { wireAnalytics } from './wiring/analytics';
import { wireBot, wireState } from './wiring/bot';
import { channelServices, wireChannels } from './wiring/channels';
import { wireHandoff } from './wiring/handoff';
import { backgroundJobs } from './wiring/jobs';
import { wireNlu } from './wiring/nlu';
import { wireOrders } from './wiring/orders';
import { PrivacyRequests } from './privacyRequests';
import { ErasureResult } from '../privacy/customerData';
import { wireStore } from './wiring/stores';
import { wireTicketMail } from './wiring/ticketMail';

export interface ServiceOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Replaces the configured order backend (ORDER_BACKEND) with one built in code (a fake in tests). */
  readonly orders?: OrderBackend;
}

export interface BalieService {
  readonly app: Express;
  readonly store: Store;
  readonly instanceId: string;
  readonly pack: ContentPack;
  readonly engine: NluEngine;
  readonly transcripts: TranscriptStore;
  readonly agents: AgentDirectory;
  readonly handoffs: HandoffService;
  readonly relay: AgentRelay;
  readonly tickets: TicketDesk;
  /** What tickets send customers; its rounds run as a background job (tests run them on demand). */
  readonly ticketDeliveries: TicketDeliveries;
  /** The effort questions due after a customer's quiet spell (run by a background job; tests run it directly). */
  readonly quietSpell: QuietSpellSurvey;
  /** Ticket events for the shop's helpdesk (TICKETS_WEBHOOK_URL). */
  readonly webhook: TicketWebhook;
  /** Stores the analytics still queued behind the turns (they are written at most a quarter second later anyway). */
  flushAnalytics(): Promise<void>;
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(): Promise<AddressInfo>;
  /** Stops taking new work, closes live streams, lets running turns finish, closes the database. */
  close(): Promise<void>;
}

/** A name for this process among the instances: host, process id and a random part (containers reuse pids). */
function newInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

/** The composition root: content and store first, then each feature's wiring, the HTTP app and the lifecycle. */
export async function createService({ config, logger, now = () => new Date(), orders }: ServiceOptions): Promise<BalieService> {
  const pack = loadContentPack(config.contentDir);
  useOrderNumberPattern(pack.orderNumberPattern);
  const instanceId = config.instanceId ?? newInstanceId();
  const metrics = new ServiceMetrics();
  const store = await wireStore(config, { logger, instanceId, now, metrics });
  try {
    return await assemble({ config, logger, now, pack, instanceId, metrics, store, orders });
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

async function assemble(parts: {
  config: Config;
  logger: Logger;
  now: () => Date;
  pack: ContentPack;
  instanceId: string;
  metrics: ServiceMetrics;
  store: Store;
  orders?: OrderBackend;
}): Promise<BalieService> {
  const { config, logger, now, pack, instanceId, metrics, store } = parts;
  // The helpdesk is told of an erasure (to erase its copies) once the webhook is wired below.
  const erased: { notify?: (result: ErasureResult) => Promise<void> } = {};
  const privacy = new PrivacyRequests(store.customerData, store.audit, now, (result) => erased.notify?.(result) ?? Promise.resolve());
  const orderWiring = await wireOrders({ config, store, pack, metrics, logger, now, override: parts.orders });
  const orders = orderWiring.orders;
  const nlu = await wireNlu({ config, pack, overlay: store.overlay, bus: store.bus, metrics, logger });
  const channels = await wireChannels({ config, store, logger, now });
  const state = wireState(store);
  const channel = new ProactiveCustomerChannel({ adapterFor: (id) => channels.proactiveAdapterFor(id), ...state, pack });
  const quietSpell = new QuietSpellSurvey(store.effortPrompts, channel, config.cesQuietMinutes * 60_000, now, logger);
  const ticketMail = wireTicketMail(config, channels.visitors);
  const handoff = wireHandoff({ config, store, pack, engine: nlu.engine, channel, instanceId, logger, now, ...ticketMail });
  erased.notify = (result) => handoff.webhook.customerErased(result.customerIds, result.tickets);
  const analytics = wireAnalytics({ store, pack, metrics, logger, now });
  const cannedReplies = new CannedReplies(store.cannedReplies, now);
  const operations = new OperationsView({
    store: store.operations,
    promiseFor: (filedAt) => handoff.handoffs.ticketDueFrom(filedAt),
    agentName: async (agentId) => (await handoff.agents.get(agentId))?.name,
    live: async () => {
      const [entries, agentsOnline, busy] = await Promise.all([
        handoff.handoffs.queue(),
        handoff.agents.onlineCount(),
        handoff.handoffs.conversationsPerAgent(),
      ]);
      return {
        waiting: entries.length,
        longestWaitMinutes: entries.length ? Math.max(...entries.map((e) => e.waitingMinutes)) : null,
        agentsOnline,
        agentsBusy: busy.size,
      };
    },
  });
  await cannedReplies.seed(store.settings, pack.cannedReplies);
  const learnedFollowUps = (intent: string) => analytics.followUps.suggestionsFor(intent);
  const { runTurn } = wireBot({
    state,
    store,
    pack,
    orders,
    recognizer: nlu.recognizer,
    gateway: handoff.gateway,
    handoffs: handoff.handoffs,
    relay: handoff.relay,
    events: handoff.events,
    turnAnalytics: analytics.turnAnalytics,
    learnedFollowUps,
    quietSpell,
    adapters: [channels.cloud, channels.directLine, channels.slack],
    metrics,
    logger,
    now,
    privacy,
  });

  const inFlight = new InFlightTracker();
  const streams = new OpenStreams();
  const routed = channelServices({
    config,
    channels,
    store,
    runTurn,
    inFlight,
    metrics,
    logger,
    now,
    ticketLinkOpened: (handoffId) => handoff.tickets.answersSeen(handoffId),
  });
  // The readiness check asks the lifecycle, which is made with the app below.
  const running: { lifecycle?: Lifecycle } = {};
  const app = httpApp({
    config,
    logger,
    metrics,
    readiness: {
      storage: () => store.db.ping(),
      model: () => nlu.engine.intents.length > 0,
      accepting: () => running.lifecycle?.isAccepting() ?? true,
      orderBackend: orderWiring.status,
    },
    engine: nlu.engine,
    pack,
    agents: handoff.agents,
    desk: handoff.desk,
    tickets: handoff.tickets,
    effortScores: store.effortScores,
    streams,
    overlay: new OverlayEditor(pack, store.overlay, (language) => nlu.retrain(language), now),
    queries: analytics.queries,
    learnedFollowUps,
    ...routed,
    limits: store.rateLimits,
    audit: store.audit,
    privacy,
    cannedReplies,
    operations,
    clock: now,
  });

  const lifecycle = (running.lifecycle = new Lifecycle({
    config,
    logger,
    app,
    jobs: new PeriodicJobs(store.locks, logger),
    backgroundJobs: backgroundJobs({
      config,
      store,
      relay: handoff.relay,
      tickets: handoff.tickets,
      ticketDeliveries: handoff.ticketDeliveries,
      webhook: handoff.webhook,
      training: nlu.training,
      followUps: analytics.followUps,
      agents: handoff.agents,
      quietSpell,
      now,
    }),
    inFlight,
    streams,
    directLine: { log: channels.directLineLog, tokens: channels.directLineTokens },
    self: channels.self,
    beforeListening: () => bootstrapAdmin(handoff.agents, config, logger),
    finishWork: async () => {
      await handoff.relay.stop();
      await handoff.ticketDeliveries.stop();
      await handoff.webhook.stop();
    },
    release: async () => {
      nlu.close();
      orderWiring.close();
      ticketMail.close();
      await handoff.agents.close();
      channels.directLineLog.close();
      await analytics.writeBehind.stop().catch((error: unknown) => logger.error({ err: error }, 'could not store the last analytics'));
      await store.close();
    },
    describe: { anonymous: !config.botAuth.appId, store: store.location.kind, instanceId },
  }));
  return {
    app,
    store,
    instanceId,
    pack,
    engine: nlu.engine,
    transcripts: store.transcripts,
    agents: handoff.agents,
    handoffs: handoff.handoffs,
    relay: handoff.relay,
    tickets: handoff.tickets,
    ticketDeliveries: handoff.ticketDeliveries,
    webhook: handoff.webhook,
    flushAnalytics: () => analytics.writeBehind.flush(),
    quietSpell,
    listen: () => lifecycle.listen(),
    close: () => lifecycle.close(),
  };
}
