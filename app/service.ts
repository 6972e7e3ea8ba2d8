import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, TurnContext, UserState } from 'botbuilder';
import { DialogState } from 'botbuilder-dialogs';
import express, { Express } from 'express';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { join } from 'path';
import type { Logger } from 'pino';
import { SupportBot } from '../bots/supportBot';
import { TranscriptMiddleware } from '../bots/transcriptMiddleware';
import { messagesRoute } from '../channels/messagesRoute';
import { ServiceUrlGuard } from '../channels/serviceUrlGuard';
import { ContentPack, message } from '../content/contentPack';
import { loadContentPack } from '../content/loader';
import { trainingSetOf } from '../content/trainingSet';
import { CONVERSATION_PROFILE_PROPERTY, ConversationProfile, USER_PREFERENCES_PROPERTY, UserPreferences } from '../dialogs/conversationProfile';
import { MainDialog } from '../dialogs/mainDialog';
import { ContentRecognizer, SupportRecognizer } from '../dialogs/supportRecognizer';
import { DEFAULT_THRESHOLDS, NluEngine } from '../nlu/nluEngine';
import { OrderBackend } from '../orders/orderBackend';
import { isDatabaseReachable, openSqliteDatabase, SqliteDatabase } from '../store/sqliteDatabase';
import { SqliteOrderBackend } from '../store/sqliteOrderBackend';
import { SqliteStorage } from '../store/sqliteStorage';
import { TranscriptStore } from '../store/transcriptStore';
import { Config } from './config';
import { errorHandler, jsonBody, requireJson, sendError } from './http';
import { InFlightTracker } from './inFlight';
import { ServiceMetrics } from './metrics';
import { metricsRoute } from './routes/metrics';
import { requestLogger } from './logger';
import { BearerTokenAuthenticator, openAccess } from './requestAuthenticator';
import { healthRoutes } from './routes/health';
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
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(): Promise<AddressInfo>;
  /** Stops accepting, lets in-flight turns finish (up to the shutdown timeout), closes the database. */
  close(): Promise<void>;
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

/** The composition root: the one place that wires content, NLU, storage, dialogs, adapter and HTTP. */
export function createService({ config, logger, now = () => new Date(), orders: orderBackend }: ServiceOptions): BalieService {
  const pack = loadContentPack(config.contentDir);
  const db = openSqliteDatabase(join(config.dataDir, 'balie.sqlite'));
  const orders = orderBackend ?? sampleOrderBackend(db, pack, now);
  const transcripts = new TranscriptStore(db);

  const trainingStarted = Date.now();
  const engine = NluEngine.train(trainingSetOf(pack), { ...DEFAULT_THRESHOLDS, outOfScope: config.outOfScopeThreshold });
  logger.info({ intents: engine.intents.length, ms: Date.now() - trainingStarted }, 'NLU model trained');

  const storage = new SqliteStorage(db);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = conversationState.createProperty<ConversationProfile>(CONVERSATION_PROFILE_PROPERTY);
  const userPreferences = userState.createProperty<UserPreferences>(USER_PREFERENCES_PROPERTY);
  const metrics = new ServiceMetrics();
  const mainDialog = new MainDialog({ pack, orders, profile, userPreferences, now, recognizer: countingRecognizer(new ContentRecognizer(engine, pack), metrics) });
  const bot = new SupportBot([conversationState, userState], conversationState.createProperty<DialogState>('dialogState'), mainDialog);

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
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // State is not saved for a failed turn, so the conversation resumes from the last good
    // step; the customer's message is already in the transcript.
    logger.error({ err: error, conversationId: context.activity.conversation?.id }, 'turn failed');
    metrics.turnErrors.inc();
    const language = (await profile.get(context).catch(() => undefined))?.language ?? pack.defaultLanguage;
    await context.sendActivity(message(pack, 'turnError', language));
  };

  const inFlight = new InFlightTracker();
  let accepting = true;
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLogger(logger));
  app.use(metrics.middleware());
  app.use(healthRoutes({ storage: () => isDatabaseReachable(db), model: () => engine.intents.length > 0, accepting: () => accepting }));
  const protectedApi = config.nodeEnv === 'production' ? new BearerTokenAuthenticator(config.apiToken) : openAccess;
  app.use(metricsRoute(metrics, protectedApi));
  app.use((req, res, next) => (accepting ? next() : sendError(res, 503, 'shutting_down', 'the service is shutting down')));
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
  app.use(nluRoute(() => engine, protectedApi));
  app.use((req, res) => sendError(res, 404, 'not_found', `no route for ${req.method} ${req.path}`));
  app.use(errorHandler(logger));

  let server: Server | undefined;
  return {
    app,
    db,
    pack,
    engine,
    transcripts,
    listen() {
      return new Promise((resolve, reject) => {
        server = createServer(app);
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const address = server!.address() as AddressInfo;
          logger.info({ port: address.port, host: config.host, anonymous }, anonymous ? 'Balie listening (anonymous Bot Framework mode: local development only)' : 'Balie listening');
          resolve(address);
        });
      });
    },
    async close() {
      accepting = false;
      const closed = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
      server?.closeIdleConnections();
      const drained = await inFlight.drain(config.shutdownTimeoutMs);
      if (!drained) logger.warn({ active: inFlight.active }, 'shutdown timeout reached with turns still running');
      server?.closeAllConnections();
      await closed;
      db.close();
      logger.info('Balie stopped');
    },
  };
}
