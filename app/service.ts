import { WebClient } from '@slack/web-api';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationReference, ConversationState, TurnContext, UserState } from 'botbuilder';
import { DialogState } from 'botbuilder-dialogs';
import { randomBytes } from 'crypto';
import express, { Express } from 'express';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { hostname } from 'os';
import { dirname, join, resolve } from 'path';
import type { Logger } from 'pino';
import { AgentDirectory } from '../agents/agentDirectory';
import { AnalyticsQueries } from '../analytics/analyticsQueries';
import { FollowUpLearner } from '../analytics/followUpLearner';
import { ConversationAnalytics } from '../analytics/recorder';
import { AgentRelay } from '../bots/agentRelay';
import { HandoffCoordinator } from '../bots/handoffCoordinator';
import { ConversationOwnership, SupportBot } from '../bots/supportBot';
import { TranscriptMiddleware } from '../bots/transcriptMiddleware';
import { TurnAnalytics } from '../bots/turnAnalytics';
import { DirectLineActivityLog } from '../channels/directLine/activityLog';
import { webChatCors } from '../channels/directLine/cors';
import { DirectLineAdapter } from '../channels/directLine/directLineAdapter';
import { directLineRoutes, WEBCHAT_CHANNEL_ID } from '../channels/directLine/routes';
import { attachDirectLineStream, DirectLineStream } from '../channels/directLine/stream';
import { DirectLineTokens } from '../channels/directLine/tokens';
import { messagesRoute } from '../channels/messagesRoute';
import { ServiceUrlGuard } from '../channels/serviceUrlGuard';
import { SLACK_CHANNEL_ID, SlackAdapter, SlackPoster } from '../channels/slack/slackAdapter';
import { slackRoutes } from '../channels/slack/slackRoutes';
import { TeamsMiddleware } from '../channels/teams/teamsMiddleware';
import { PeriodicJobs } from '../cluster/periodicJobs';
import { ContentPack, message } from '../content/contentPack';
import { loadContentPack } from '../content/loader';
import { CONVERSATION_PROFILE_PROPERTY, ConversationProfile, USER_PREFERENCES_PROPERTY, UserPreferences } from '../dialogs/conversationProfile';
import { MainDialog } from '../dialogs/mainDialog';
import { ContentRecognizer, SupportRecognizer } from '../dialogs/supportRecognizer';
import { BusinessHours } from '../handoff/businessHours';
import { HandoffService } from '../handoff/handoffService';
import { LiveEvents } from '../handoff/liveEvents';
import { TranscriptStore } from '../handoff/transcripts';
import { DEFAULT_THRESHOLDS, NluEngine } from '../nlu/nluEngine';
import { OrderBackend } from '../orders/orderBackend';
import { describeLocation, openStore, Store } from '../store/openStore';
import { Config } from './config';
import { errorHandler, jsonBody, requireJson, sendError } from '../http/errors';
import { InFlightTracker } from '../http/inFlight';
import { requestLogger } from '../http/requestLogger';
import { ServiceMetrics } from '../http/metrics';
import { ModelTraining } from './modelTraining';
import { OpenStreams } from '../http/openStreams';
import { agentTokenAuthenticator, anyOf, BearerTokenAuthenticator, openAccess } from './requestAuthenticator';
import { agentRoutes } from './routes/agent';
import { analyticsRoutes } from './routes/analytics';
import { healthRoutes } from './routes/health';
import { metricsRoute } from './routes/metrics';
import { nluRoute } from './routes/nlu';

export interface ServiceOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Replaces the sample order backend (a shop's real one, or a fake in tests). */
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
  /** Picks up overlay changes made on other instances now, instead of at the next periodic check. */
  syncContent(): Promise<void>;
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(): Promise<AddressInfo>;
  /**
   * Stops taking new work (readiness turns 503), closes live streams so clients reconnect to
   * another instance, lets in-flight turns finish (up to the shutdown timeout), closes the database.
   */
  close(): Promise<void>;
}

const WEB_ROOT = resolve(__dirname, '../../web');
const WEBCHAT_BUNDLE = resolve(__dirname, '../../node_modules/botframework-webchat/dist/webchat.js');
// Chart.js's package exports do not list the UMD file; it sits beside the main entry.
const CHART_BUNDLE = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
/** How often the data-driven follow-up suggestions are recomputed from recent conversations. */
const FOLLOW_UP_REFRESH_MS = 15 * 60 * 1000;
/** How often an instance checks whether another one changed the content overlay (besides being told on the bus). */
const CONTENT_SYNC_MS = 2_000;
/** How often expired tokens, dead console streams and old Slack event ids are removed. */
const RETENTION_MS = 10 * 60 * 1000;
const SLACK_EVENT_MEMORY_MS = 24 * 60 * 60 * 1000;
const CONTENT_TOPIC = 'content';

/** chat.postMessage through Slack's official client, at a configurable base URL. */
function slackPoster(botToken: string, apiUrl: string): SlackPoster {
  const client = new WebClient(botToken, { slackApiUrl: apiUrl, retryConfig: { retries: 2 } });
  return { postMessage: (message) => client.chat.postMessage(message) };
}

/** Counts recognised intents for /metrics without the dialogs knowing about metrics. */
function countingRecognizer(inner: SupportRecognizer, metrics: ServiceMetrics): SupportRecognizer {
  return {
    recognize(text, conversationLanguage) {
      const result = inner.recognize(text, conversationLanguage);
      if (text) metrics.intents.inc({ intent: result.intent.name, language: result.language });
      return result;
    },
  };
}

/**
 * The first start has no accounts: create `admin`, with BALIE_ADMIN_PASSWORD or a random
 * password logged once. When several instances start together, one creates it.
 */
async function bootstrapAdmin(agents: AgentDirectory, config: Config, logger: Logger): Promise<void> {
  if ((await agents.count()) > 0) return;
  const password = config.agents.adminPassword ?? randomBytes(12).toString('base64url');
  try {
    await agents.create({ username: 'admin', name: 'Administrator', role: 'supervisor', password });
  } catch (error) {
    if ((error as Error).name === 'DuplicateUsernameError') return; // another instance was first
    throw error;
  }
  if (config.agents.adminPassword) logger.info('created the admin account with the password from BALIE_ADMIN_PASSWORD');
  else
    logger.warn(
      { username: 'admin', password },
      'created the admin account with this one-time random password: change it, or set BALIE_ADMIN_PASSWORD before the first start',
    );
}

/** A name for this process among the instances: host, process id and a random part (containers reuse pids). */
function newInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

/** The composition root: the one place that wires content, NLU, storage, dialogs, handoff, adapter and HTTP. */
export async function createService({ config, logger, now = () => new Date(), orders: orderBackend }: ServiceOptions): Promise<BalieService> {
  const pack = loadContentPack(config.contentDir);
  const instanceId = config.instanceId ?? newInstanceId();
  const metrics = new ServiceMetrics();
  const store = await openStore(config.store, {
    logger,
    instanceId,
    now,
    observeLockWait: (seconds) => metrics.lockWait.observe(seconds),
    observeBusLag: (seconds) => metrics.fanOutLag.observe(seconds),
  });
  logger.info(
    { store: store.location.kind, where: describeLocation(store.location), instanceId, migrated: store.migration?.applied, schema: store.migration?.current },
    `storage: ${describeLocation(store.location)}`,
  );
  try {
    return await assemble(store, { config, logger, now, orderBackend, instanceId, pack, metrics });
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

interface Parts {
  readonly config: Config;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly orderBackend?: OrderBackend;
  readonly instanceId: string;
  readonly pack: ContentPack;
  readonly metrics: ServiceMetrics;
}

/** Everything that sits on the opened store: NLU, bot, handoff, channels, HTTP, background jobs. */
async function assemble(store: Store, { config, logger, now, orderBackend, instanceId, pack, metrics }: Parts): Promise<BalieService> {
  metrics.observeStore({ poolStats: () => store.poolStats(), outboxBacklog: () => store.outbox.backlog() });
  let orders = orderBackend;
  if (!orders) {
    await store.sampleOrders.seed(pack.sampleOrders);
    orders = store.sampleOrders;
  }
  const transcripts = store.transcripts;
  const bus = store.bus;

  // The model is trained on the content pack plus the examples supervisors added (the overlay).
  const training = await ModelTraining.start(pack, store.overlay, { ...DEFAULT_THRESHOLDS, outOfScope: config.outOfScopeThreshold }, logger);
  const engine = training.engine;
  const unsubscribeContent = bus.subscribe(CONTENT_TOPIC, () => void training.sync());

  // Bot Framework adapter: anonymous (local development) without an app id, JWT-validated with one.
  const anonymous = !config.botAuth.appId;
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.botAuth.appId,
      MicrosoftAppPassword: config.botAuth.appPassword,
      MicrosoftAppTenantId: config.botAuth.tenantId,
      MicrosoftAppType: config.botAuth.appType,
    }),
  );
  adapter.use(new TranscriptMiddleware(transcripts, logger));
  adapter.use(new TeamsMiddleware());
  // Balie's own Direct Line channel for Web Chat: its own adapter, replying to the service itself
  // with a secret every instance shares (an agent's message may leave from another instance
  // than the one the customer wrote to) instead of an Azure token.
  const internalSecret = await store.settings.getOrCreate('directline_internal_secret', () => randomBytes(32).toString('base64url'));
  const directLineAdapter = new DirectLineAdapter(internalSecret);
  directLineAdapter.use(new TranscriptMiddleware(transcripts, logger));
  const directLineLog = new DirectLineActivityLog(store.directLine, bus, now);
  const directLineTokens = new DirectLineTokens(
    config.directLine.secret ?? (await store.settings.getOrCreate('directline_token_key', () => randomBytes(32).toString('base64url'))),
    config.directLine.tokenTtlSeconds,
    now,
  );
  let ownBaseUrl = '';
  // Slack, natively: only when both its secrets are configured.
  const slackAdapter =
    config.slack.signingSecret && config.slack.botToken ? new SlackAdapter(slackPoster(config.slack.botToken, config.slack.apiUrl)) : undefined;
  slackAdapter?.use(new TranscriptMiddleware(transcripts, logger));

  // State.
  const conversationState = new ConversationState(store.botState);
  const userState = new UserState(store.botState);
  const profile = conversationState.createProperty<ConversationProfile>(CONVERSATION_PROFILE_PROPERTY);
  const userPreferences = userState.createProperty<UserPreferences>(USER_PREFERENCES_PROPERTY);
  // One turn of a conversation at a time, on whichever instance its messages arrive.
  const withConversationLock = <T>(conversationId: string, work: () => Promise<T>) => store.locks.withLock(`conversation:${conversationId}`, work);

  // Handoff.
  const events = new LiveEvents(bus);
  const agents = new AgentDirectory(store.agentAccounts, { clock: now, instanceId, ...config.agents });
  const hours = new BusinessHours(pack.businessHours, config.handoff.businessHours);
  const handoffs = new HandoffService({
    store: store.handoffs,
    hours,
    agentsOnline: () => agents.onlineCount(),
    clock: now,
    maxQueueMinutes: config.handoff.maxQueueMinutes,
  });
  const analytics = new ConversationAnalytics(store.analytics, now);
  const followUps = new FollowUpLearner((range) => analytics.histories(range), now);
  const turnAnalytics = new TurnAnalytics(analytics, store.effortScores, now);
  const coordinator = new HandoffCoordinator({
    handoffs,
    hours,
    transcripts,
    effortScores: store.effortScores,
    engine,
    pack,
    events,
    clock: now,
    identities: store.identities,
  });
  const relay = new AgentRelay({
    adapterFor: (channelId) => {
      if (channelId === WEBCHAT_CHANNEL_ID) {
        // The conversation may have started on another instance: reply through this one's own Direct Line routes.
        const adapter = {
          continueConversationAsync: (appId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) =>
            directLineAdapter.continueConversationAsync(appId, { ...reference, serviceUrl: ownBaseUrl }, logic),
        };
        return { adapter, appId: '' };
      }
      if (channelId === SLACK_CHANNEL_ID && slackAdapter)
        return { adapter: { continueConversationAsync: (_id, reference, logic) => slackAdapter.continueConversation(reference, logic) }, appId: '' };
      return { adapter, appId: config.botAuth.appId ?? '' };
    },
    conversationState,
    profile,
    pack,
    handoffs,
    outbox: store.outbox,
    events,
    clock: now,
    logger,
    agentName: async (agentId) => (await agents.get(agentId))?.name ?? '',
    instanceId,
    claimSeconds: config.handoff.deliveryClaimSeconds,
    withConversationLock,
  });
  const ownership: ConversationOwnership = {
    owner: (conversationId) => handoffs.owner(conversationId),
    async toAgent(context) {
      const activity = context.activity;
      await turnAnalytics.toAgent(context, (await handoffs.latestFor(activity.conversation.id))?.language ?? pack.defaultLanguage);
      if (activity.text)
        events.publish({ type: 'customer_message', conversationId: activity.conversation.id, text: activity.text, at: new Date().toISOString() });
      await relay.flushInTurn(context);
    },
  };

  // Bot.
  const recognizer = countingRecognizer(new ContentRecognizer(engine, pack), metrics);
  const identify = (context: TurnContext, identity: string) =>
    store.identities.link(identity, {
      customerId: context.activity.from.id,
      conversationId: context.activity.conversation.id,
      channelId: context.activity.channelId,
    });
  const mainDialog = new MainDialog({
    pack,
    orders,
    profile,
    userPreferences,
    now,
    recognizer,
    handoffs: coordinator,
    identify,
    feedback: turnAnalytics,
    learnedFollowUps: (intent) => followUps.suggestionsFor(intent),
  });
  const bot = new SupportBot([conversationState, userState], conversationState.createProperty<DialogState>('dialogState'), mainDialog, ownership);
  const runTurn = (context: TurnContext) => withConversationLock(context.activity.conversation.id, () => bot.run(context));
  const onTurnError = async (context: TurnContext, error: Error) => {
    // State is not saved for a failed turn, so the conversation resumes from the last good
    // step; the customer's message is already in the transcript.
    logger.error({ err: error, conversationId: context.activity.conversation?.id }, 'turn failed');
    metrics.turnErrors.inc();
    const language = (await profile.get(context).catch(() => undefined))?.language ?? pack.defaultLanguage;
    await context.sendActivity(message(pack, 'turnError', language));
  };
  adapter.onTurnError = onTurnError;
  directLineAdapter.onTurnError = onTurnError;
  if (slackAdapter) slackAdapter.onTurnError = onTurnError;

  // Background work: once across the instances (shared data) or on each (its own memory).
  const jobs = new PeriodicJobs(store.locks, logger);
  const backgroundJobs = [
    { name: 'relay', scope: 'cluster', intervalMs: config.handoff.relayIntervalMs, run: () => relay.sweep() },
    { name: 'content-sync', scope: 'instance', intervalMs: CONTENT_SYNC_MS, run: () => training.sync() },
    { name: 'follow-ups', scope: 'instance', intervalMs: FOLLOW_UP_REFRESH_MS, run: () => followUps.refresh() },
    {
      name: 'retention',
      scope: 'cluster',
      intervalMs: RETENTION_MS,
      run: async () => {
        await agents.removeExpired();
        await store.slackEvents.forgetBefore(new Date(Date.now() - SLACK_EVENT_MEMORY_MS));
        await store.removeExpired(new Date());
      },
    },
  ] as const;

  // HTTP.
  const inFlight = new InFlightTracker();
  const openStreams = new OpenStreams();
  let accepting = true;
  const protectedApi =
    config.nodeEnv === 'production'
      ? anyOf(
          new BearerTokenAuthenticator(config.apiToken),
          agentTokenAuthenticator((token) => agents.authenticate(token)),
        )
      : openAccess;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestLogger(logger));
  app.use(metrics.middleware());
  app.use(webChatCors(config.directLine.allowedOrigins));
  app.use(healthRoutes({ storage: () => store.db.ping(), model: () => engine.intents.length > 0, accepting: () => accepting }));
  app.use(metricsRoute(metrics, protectedApi));
  app.use((req, res, next) => (accepting ? next() : sendError(res, 503, 'shutting_down', 'the service is shutting down')));
  // What the agent console and the analytics dashboard share (the login session).
  app.use('/shared', express.static(join(WEB_ROOT, 'shared'), { index: false }));
  app.use('/agent', express.static(join(WEB_ROOT, 'agent'), { index: 'index.html' }));
  // The analytics dashboard: the page is static; every number behind it needs a supervisor's token.
  app.get('/admin/analytics', (_req, res) => res.sendFile(join(WEB_ROOT, 'admin', 'analytics.html')));
  app.get('/admin/vendor/chart.umd.js', (_req, res) => res.sendFile(CHART_BUNDLE, { maxAge: '1d' }));
  app.use('/admin', express.static(join(WEB_ROOT, 'admin'), { index: false }));
  app.get('/', (_req, res) => res.sendFile(join(WEB_ROOT, 'chat', 'index.html')));
  app.get('/chat.js', (_req, res) => res.sendFile(join(WEB_ROOT, 'chat', 'chat.js')));
  app.get('/favicon.ico', (_req, res) => res.status(204).end());
  // The stock Web Chat bundle, served from node_modules: no CDN.
  app.get('/webchat/webchat.js', (_req, res) => res.sendFile(WEBCHAT_BUNDLE, { maxAge: '1d' }));
  // Slack signs the raw body (JSON or a form), so its routes read it before the JSON parser.
  app.use(
    slackRoutes({ signingSecret: config.slack.signingSecret, adapter: slackAdapter, logic: runTurn, seen: store.slackEvents, inFlight, logger, clock: now }),
  );
  app.use(requireJson());
  app.use(jsonBody());
  app.use(
    messagesRoute({
      adapter,
      logic: runTurn,
      serviceUrlGuard: anonymous ? new ServiceUrlGuard(config.serviceUrlAllowList, config.publicUrl) : undefined,
      inFlight,
      logger,
      metrics,
    }),
  );
  app.use(
    directLineRoutes({
      log: directLineLog,
      tokens: directLineTokens,
      adapter: directLineAdapter,
      logic: runTurn,
      secret: config.directLine.secret,
      internalSecret,
      serviceUrl: () => ownBaseUrl,
      inFlight,
      logger,
    }),
  );
  app.use(nluRoute(() => engine, protectedApi));
  app.use(agentRoutes({ agents, handoffs, relay, transcripts, outbox: store.outbox, events, logger, streams: openStreams }));
  app.use(
    analyticsRoutes({
      agents,
      queries: new AnalyticsQueries((range) => analytics.histories(range), pack),
      pack,
      overlay: store.overlay,
      retrain: async (language) => {
        const result = await training.retrain(language);
        bus.publish(CONTENT_TOPIC, { language });
        return result;
      },
      learnedFollowUps: (intent) => followUps.suggestionsFor(intent),
      clock: now,
      logger,
    }),
  );
  app.use((req, res) => sendError(res, 404, 'not_found', `no route for ${req.method} ${req.path}`));
  app.use(errorHandler(logger));

  let server: Server | undefined;
  let stream: DirectLineStream | undefined;
  return {
    app,
    store,
    instanceId,
    pack,
    engine,
    transcripts,
    agents,
    handoffs,
    relay,
    async syncContent() {
      await training.sync();
    },
    async listen() {
      await bootstrapAdmin(agents, config, logger);
      jobs.start(backgroundJobs);
      // Undelivered agent messages from before a restart go out at once; the first follow-up
      // computation reads 30 days of conversations: neither before the server listens.
      setTimeout(() => {
        void jobs.runOnce(backgroundJobs[0]);
        void jobs.runOnce(backgroundJobs[2]);
      }, 0).unref();
      return new Promise((resolveListen, reject) => {
        server = createServer(app);
        stream = attachDirectLineStream(server, directLineLog, directLineTokens, logger);
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const address = server!.address() as AddressInfo;
          // The bot reaches its own Direct Line connector over loopback.
          ownBaseUrl = `http://${['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(config.host) ? '127.0.0.1' : config.host}:${address.port}`;
          logger.info(
            { port: address.port, host: config.host, anonymous, store: store.location.kind, instanceId },
            anonymous ? 'Balie listening (anonymous Bot Framework mode: local development only)' : 'Balie listening',
          );
          resolveListen(address);
        });
      });
    },
    async close() {
      accepting = false;
      const closed = server ? new Promise<void>((resolveClose) => server!.close(() => resolveClose())) : Promise.resolve();
      server?.closeIdleConnections();
      // Live streams go first: their clients reconnect to another instance and read what they missed from the database.
      stream?.close();
      openStreams.closeAll();
      const drained = await inFlight.drain(config.shutdownTimeoutMs);
      if (!drained) logger.warn({ active: inFlight.active }, 'shutdown timeout reached with turns still running');
      await jobs.stop();
      await relay.stop();
      unsubscribeContent();
      directLineLog.close();
      server?.closeAllConnections();
      await closed;
      await store.close();
      logger.info('Balie stopped');
    },
  };
}
