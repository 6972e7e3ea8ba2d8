import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, TurnContext, UserState } from 'botbuilder';
import { DialogState } from 'botbuilder-dialogs';
import { randomBytes } from 'crypto';
import express, { Express } from 'express';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { dirname, join, resolve } from 'path';
import type { Logger } from 'pino';
import { AgentDirectory } from '../agents/agentDirectory';
import { AgentRelay } from '../bots/agentRelay';
import { HandoffCoordinator } from '../bots/handoffCoordinator';
import { ConversationOwnership, SupportBot } from '../bots/supportBot';
import { TranscriptMiddleware } from '../bots/transcriptMiddleware';
import { DirectLineActivityLog } from '../channels/directLine/activityLog';
import { webChatCors } from '../channels/directLine/cors';
import { DirectLineAdapter } from '../channels/directLine/directLineAdapter';
import { directLineRoutes, WEBCHAT_CHANNEL_ID } from '../channels/directLine/routes';
import { attachDirectLineStream } from '../channels/directLine/stream';
import { DirectLineTokens } from '../channels/directLine/tokens';
import { messagesRoute } from '../channels/messagesRoute';
import { TeamsMiddleware } from '../channels/teams/teamsMiddleware';
import { SLACK_CHANNEL_ID, SlackAdapter, SlackPoster } from '../channels/slack/slackAdapter';
import { slackRoutes } from '../channels/slack/slackRoutes';
import { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import { ServiceUrlGuard } from '../channels/serviceUrlGuard';
import { ContentPack, message } from '../content/contentPack';
import { loadContentPack } from '../content/loader';
import { CONVERSATION_PROFILE_PROPERTY, ConversationProfile, USER_PREFERENCES_PROPERTY, UserPreferences } from '../dialogs/conversationProfile';
import { MainDialog } from '../dialogs/mainDialog';
import { ContentRecognizer, SupportRecognizer } from '../dialogs/supportRecognizer';
import { BusinessHours } from '../handoff/businessHours';
import { HandoffService } from '../handoff/handoffService';
import { LiveEvents } from '../handoff/liveEvents';
import { DEFAULT_THRESHOLDS, NluEngine } from '../nlu/nluEngine';
import { AnalyticsQueries } from '../analytics/analyticsQueries';
import { FollowUpLearner } from '../analytics/followUpLearner';
import { ConversationAnalytics } from '../analytics/recorder';
import { TurnAnalytics } from '../bots/turnAnalytics';
import { SqliteAnalyticsStore } from '../store/sqliteAnalyticsStore';
import { SqliteContentOverlay } from '../store/sqliteContentOverlay';
import { ModelTraining } from './modelTraining';
import { analyticsRoutes } from './routes/analytics';
import { OrderBackend } from '../orders/orderBackend';
import { SqliteEffortScores } from '../store/sqliteEffortScores';
import { isDatabaseReachable, openSqliteDatabase, persistentSetting, SqliteDatabase } from '../store/sqliteDatabase';
import { SqliteHandoffStore } from '../store/sqliteHandoffStore';
import { SqliteIdentities } from '../store/sqliteIdentities';
import { SqliteOrderBackend } from '../store/sqliteOrderBackend';
import { SqliteOutbox } from '../store/sqliteOutbox';
import { SqliteStorage } from '../store/sqliteStorage';
import { TranscriptStore } from '../store/transcriptStore';
import { Config } from './config';
import { errorHandler, jsonBody, requireJson, sendError } from './http';
import { InFlightTracker } from './inFlight';
import { requestLogger } from './logger';
import { ServiceMetrics } from './metrics';
import { agentTokenAuthenticator, anyOf, BearerTokenAuthenticator, openAccess } from './requestAuthenticator';
import { agentRoutes } from './routes/agent';
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
  readonly db: SqliteDatabase;
  readonly pack: ContentPack;
  readonly engine: NluEngine;
  readonly transcripts: TranscriptStore;
  readonly agents: AgentDirectory;
  readonly handoffs: HandoffService;
  readonly relay: AgentRelay;
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(): Promise<AddressInfo>;
  /** Stops accepting, lets in-flight turns finish (up to the shutdown timeout), closes the database. */
  close(): Promise<void>;
}

const WEB_ROOT = resolve(__dirname, '../../web');
const WEBCHAT_BUNDLE = resolve(__dirname, '../../node_modules/botframework-webchat/dist/webchat.js');
// Chart.js's package exports do not list the UMD file; it sits beside the main entry.
const CHART_BUNDLE = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
/** How often the data-driven follow-up suggestions are recomputed from recent conversations. */
const FOLLOW_UP_REFRESH_MS = 15 * 60 * 1000;

/** chat.postMessage through Slack's official client, at a configurable base URL. */
function slackPoster(botToken: string, apiUrl: string): SlackPoster {
  const client = new WebClient(botToken, { slackApiUrl: apiUrl, retryConfig: { retries: 2 } });
  return { postMessage: (message) => client.chat.postMessage(message as ChatPostMessageArguments) };
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

function sampleOrderBackend(db: SqliteDatabase, pack: ContentPack, now: () => Date): OrderBackend {
  const backend = new SqliteOrderBackend(db, now);
  backend.seed(pack.sampleOrders);
  return backend;
}

/** The first start has no accounts: create `admin`, with BALIE_ADMIN_PASSWORD or a random password logged once. */
async function bootstrapAdmin(agents: AgentDirectory, config: Config, logger: Logger): Promise<void> {
  if (agents.count() > 0) return;
  const password = config.agents.adminPassword ?? randomBytes(12).toString('base64url');
  await agents.create({ username: 'admin', name: 'Administrator', role: 'supervisor', password });
  if (config.agents.adminPassword) logger.info('created the admin account with the password from BALIE_ADMIN_PASSWORD');
  else logger.warn({ username: 'admin', password }, 'created the admin account with this one-time random password: change it, or set BALIE_ADMIN_PASSWORD before the first start');
}

/** The composition root: the one place that wires content, NLU, storage, dialogs, handoff, adapter and HTTP. */
export function createService({ config, logger, now = () => new Date(), orders: orderBackend }: ServiceOptions): BalieService {
  const pack = loadContentPack(config.contentDir);
  const db = openSqliteDatabase(join(config.dataDir, 'balie.sqlite'));
  const orders = orderBackend ?? sampleOrderBackend(db, pack, now);
  const transcripts = new TranscriptStore(db);
  const metrics = new ServiceMetrics();

  // The model is trained on the content pack plus the examples supervisors added (the overlay).
  const overlay = new SqliteContentOverlay(db);
  const training = new ModelTraining(pack, overlay, { ...DEFAULT_THRESHOLDS, outOfScope: config.outOfScopeThreshold }, logger);
  const engine = training.engine;

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
  adapter.use(new TranscriptMiddleware(transcripts));
  adapter.use(new TeamsMiddleware());
  // Balie's own Direct Line channel for Web Chat: its own adapter, replying to the service itself
  // with a per-process secret instead of an Azure token.
  const internalSecret = randomBytes(32).toString('base64url');
  const directLineAdapter = new DirectLineAdapter(internalSecret);
  directLineAdapter.use(new TranscriptMiddleware(transcripts));
  const directLineLog = new DirectLineActivityLog(db, now);
  const directLineTokens = new DirectLineTokens(
    config.directLine.secret ?? persistentSetting(db, 'directline_token_key', () => randomBytes(32).toString('base64url')),
    config.directLine.tokenTtlSeconds,
    now,
  );
  let ownBaseUrl = '';
  // Slack, natively: only when both its secrets are configured.
  const slackAdapter =
    config.slack.signingSecret && config.slack.botToken ? new SlackAdapter(slackPoster(config.slack.botToken, config.slack.apiUrl)) : undefined;
  slackAdapter?.use(new TranscriptMiddleware(transcripts));

  // State.
  const storage = new SqliteStorage(db);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = conversationState.createProperty<ConversationProfile>(CONVERSATION_PROFILE_PROPERTY);
  const userPreferences = userState.createProperty<UserPreferences>(USER_PREFERENCES_PROPERTY);

  // Handoff.
  const events = new LiveEvents();
  const agents = new AgentDirectory(db, { clock: now, ...config.agents });
  const hours = new BusinessHours(pack.businessHours, config.handoff.businessHours);
  const handoffs = new HandoffService({ store: new SqliteHandoffStore(db), hours, agentsOnline: () => agents.onlineCount(), clock: now, maxQueueMinutes: config.handoff.maxQueueMinutes });
  const effortScores = new SqliteEffortScores(db);
  const outbox = new SqliteOutbox(db);
  const identities = new SqliteIdentities(db, now);
  const analytics = new ConversationAnalytics(new SqliteAnalyticsStore(db), now);
  const followUps = new FollowUpLearner((range) => analytics.histories(range), now);
  const turnAnalytics = new TurnAnalytics(analytics, effortScores, now);
  const coordinator = new HandoffCoordinator({ handoffs, hours, transcripts, effortScores, engine, pack, events, clock: now, identities });
  const relay = new AgentRelay({
    adapterFor: (channelId) => {
      if (channelId === WEBCHAT_CHANNEL_ID) return { adapter: directLineAdapter, appId: '' };
      if (channelId === SLACK_CHANNEL_ID && slackAdapter) return { adapter: { continueConversationAsync: (_id, reference, logic) => slackAdapter.continueConversation(reference, logic) }, appId: '' };
      return { adapter, appId: config.botAuth.appId ?? '' };
    },
    conversationState,
    profile,
    pack,
    handoffs,
    outbox,
    events,
    clock: now,
    logger,
    agentName: (agentId) => agents.get(agentId)?.name ?? '',
  });
  const ownership: ConversationOwnership = {
    owner: (conversationId) => handoffs.owner(conversationId),
    async toAgent(context) {
      const activity = context.activity;
      turnAnalytics.toAgent(context, handoffs.latestFor(activity.conversation.id)?.language ?? pack.defaultLanguage);
      if (activity.text) events.publish({ type: 'customer_message', conversationId: activity.conversation.id, text: activity.text, at: new Date().toISOString() });
      await relay.flushInTurn(context);
    },
  };

  // Bot.
  const recognizer = countingRecognizer(new ContentRecognizer(engine, pack), metrics);
  const identify = (context: TurnContext, identity: string) =>
    identities.link(identity, { customerId: context.activity.from.id, conversationId: context.activity.conversation.id, channelId: context.activity.channelId });
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

  // HTTP.
  const inFlight = new InFlightTracker();
  let accepting = true;
  const protectedApi =
    config.nodeEnv === 'production' ? anyOf(new BearerTokenAuthenticator(config.apiToken), agentTokenAuthenticator((token) => agents.authenticate(token))) : openAccess;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestLogger(logger));
  app.use(metrics.middleware());
  app.use(webChatCors(config.directLine.allowedOrigins));
  app.use(healthRoutes({ storage: () => isDatabaseReachable(db), model: () => engine.intents.length > 0, accepting: () => accepting }));
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
  app.use(slackRoutes({ signingSecret: config.slack.signingSecret, adapter: slackAdapter, logic: (context) => bot.run(context), db, inFlight, logger, clock: now }));
  app.use(requireJson());
  app.use(jsonBody());
  app.use(
    messagesRoute({
      adapter,
      logic: (context) => bot.run(context),
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
      logic: (context) => bot.run(context),
      secret: config.directLine.secret,
      internalSecret,
      serviceUrl: () => ownBaseUrl,
      inFlight,
      logger,
    }),
  );
  app.use(nluRoute(() => engine, protectedApi));
  app.use(agentRoutes({ agents, handoffs, relay, transcripts, outbox, events, logger }));
  app.use(
    analyticsRoutes({
      agents,
      queries: new AnalyticsQueries((range) => analytics.histories(range), pack),
      pack,
      overlay,
      retrain: (language) => training.retrain(language),
      learnedFollowUps: (intent) => followUps.suggestionsFor(intent),
      clock: now,
      logger,
    }),
  );
  app.use((req, res) => sendError(res, 404, 'not_found', `no route for ${req.method} ${req.path}`));
  app.use(errorHandler(logger));

  let server: Server | undefined;
  let stream: { close(): void } | undefined;
  let followUpTimer: NodeJS.Timeout | undefined;
  const refreshFollowUps = () => {
    try {
      followUps.refresh();
    } catch (error) {
      logger.warn({ err: error }, 'could not recompute the learned follow-up suggestions');
    }
  };
  return {
    app,
    db,
    pack,
    engine,
    transcripts,
    agents,
    handoffs,
    relay,
    async listen() {
      await bootstrapAdmin(agents, config, logger);
      relay.start(config.handoff.relayIntervalMs);
      // The first computation reads 30 days of conversations: not before the server listens.
      setTimeout(refreshFollowUps, 0).unref();
      followUpTimer = setInterval(refreshFollowUps, FOLLOW_UP_REFRESH_MS).unref();
      return new Promise((resolveListen, reject) => {
        server = createServer(app);
        stream = attachDirectLineStream(server, directLineLog, directLineTokens, logger);
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const address = server!.address() as AddressInfo;
          // The bot reaches its own Direct Line connector over loopback.
          ownBaseUrl = `http://${['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(config.host) ? '127.0.0.1' : config.host}:${address.port}`;
          logger.info({ port: address.port, host: config.host, anonymous }, anonymous ? 'Balie listening (anonymous Bot Framework mode: local development only)' : 'Balie listening');
          resolveListen(address);
        });
      });
    },
    async close() {
      accepting = false;
      const closed = server ? new Promise<void>((resolveClose) => server!.close(() => resolveClose())) : Promise.resolve();
      server?.closeIdleConnections();
      const drained = await inFlight.drain(config.shutdownTimeoutMs);
      if (!drained) logger.warn({ active: inFlight.active }, 'shutdown timeout reached with turns still running');
      await relay.stop();
      clearInterval(followUpTimer);
      stream?.close();
      server?.closeAllConnections();
      await closed;
      db.close();
      logger.info('Balie stopped');
    },
  };
}
