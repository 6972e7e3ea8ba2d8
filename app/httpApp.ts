import express, { Express } from 'express';
import { readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import type { Logger } from 'pino';
import { AgentDirectory } from '../agents/agentDirectory';
import { ACCEPTED_TYPES } from '../attachments/fileTypes';
import { AnalyticsQueries } from '../analytics/analyticsQueries';
import { webChatCors } from '../channels/directLine/cors';
import { directLineRoutes } from '../channels/directLine/routes';
import { directLineUploadRoutes, UploadRoutesOptions } from '../channels/directLine/uploadRoutes';
import { messagesHandler, MessagesRouteOptions } from '../channels/messagesRoute';
import { slackRoutes, SlackRoutesOptions } from '../channels/slack/slackRoutes';
import { RateLimits } from '../cluster/rateLimits';
import { ContentPack } from '../content/contentPack';
import { OverlayEditor } from '../content/overlay';
import { AgentDesk } from '../handoff/desk/agentDesk';
import { TicketDesk } from '../handoff/desk/ticketDesk';
import { errorHandler, jsonBody, requireJson, sendError } from '../http/errors';
import { ServiceMetrics } from '../http/metrics';
import { OpenStreams } from '../http/openStreams';
import { requestLogger } from '../http/requestLogger';
import { cspNonce, securityHeaders } from '../http/securityHeaders';
import { NluEngine } from '../nlu/nluEngine';
import { Config } from './config';
import { ChannelServices } from './wiring/channels';
import { agentTokenAuthenticator, anyOf, BearerTokenAuthenticator, openAccess } from './requestAuthenticator';
import { agentRoutes } from './routes/agent';
import { accountRoutes } from './routes/accounts';
import { cannedReplyRoutes } from './routes/cannedReplies';
import { CannedReplies } from '../handoff/desk/cannedReplies';
import { OperationsView } from '../analytics/operations';
import { privacyRoutes } from './routes/privacy';
import { effortRoutes } from './routes/effort';
import { EffortScoreStore } from '../handoff/effortScores';
import { PrivacyRequests } from './privacyRequests';
import { AuditLog } from '../agents/auditLog';
import { analyticsRoutes } from './routes/analytics';
import { healthRoutes, Readiness } from './routes/health';
import { metricsRoute } from './routes/metrics';
import { nluRoute } from './routes/nlu';

const WEB_ROOT = resolve(__dirname, '../../web');
const WEBCHAT_BUNDLE = resolve(__dirname, '../../node_modules/botframework-webchat/dist/webchat.js');
// The React that Web Chat's bundle runs on when the page provides it: Balie's page draws the
// agent's name and avatar, and small system lines, with it (Web Chat's middleware speaks React).
const REACT_BUNDLES: Record<string, string> = {
  'react.js': join(dirname(require.resolve('react/package.json')), 'umd', 'react.production.min.js'),
  'react-dom.js': join(dirname(require.resolve('react-dom/package.json')), 'umd', 'react-dom.production.min.js'),
};
// Chart.js's package exports do not list the UMD file; it sits beside the main entry.
const CHART_BUNDLE = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');

export interface HttpAppParts {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly readiness: Readiness;
  readonly engine: NluEngine;
  readonly pack: ContentPack;
  readonly agents: AgentDirectory;
  readonly desk: AgentDesk;
  readonly tickets: TicketDesk;
  /** Where the effort links in ticket email record their score. */
  readonly effortScores: EffortScoreStore;
  readonly streams: OpenStreams;
  readonly overlay: OverlayEditor;
  readonly queries: AnalyticsQueries;
  readonly learnedFollowUps: (intent: string) => readonly string[];
  readonly messages: MessagesRouteOptions;
  readonly directLine: ChannelServices['directLine'];
  readonly slack: SlackRoutesOptions;
  readonly uploads: UploadRoutesOptions;
  /** Rate limits shared by the instances (logins, NLU requests). */
  readonly limits: RateLimits;
  /** Sensitive actions, for supervisors and auditors. */
  readonly audit: AuditLog;
  readonly privacy: PrivacyRequests;
  readonly cannedReplies: CannedReplies;
  readonly operations: OperationsView;
  readonly clock: () => Date;
}

/** The HTTP surface of DESIGN.md §4, in the order requests meet it. */
export function httpApp(parts: HttpAppParts): Express {
  const { config, logger, metrics, readiness } = parts;
  const protectedApi =
    config.nodeEnv === 'production'
      ? anyOf(
          new BearerTokenAuthenticator(config.apiToken),
          agentTokenAuthenticator((token) => parts.agents.authenticate(token)),
        )
      : openAccess;
  const app = express();
  app.disable('x-powered-by');
  // API answers change with every call; hashing each JSON body for an ETag is work nobody uses.
  app.set('etag', false);
  // Which proxies may say who the client is (X-Forwarded-For): none unless configured, so nobody can pick their own address.
  app.set('trust proxy', config.trustProxy);
  app.use(requestLogger(logger));
  app.use(metrics.middleware());
  app.use(webChatCors(config.directLine.allowedOrigins));
  // Routes on the app itself, not routers of their own: every request, a turn too, would pass each router.
  healthRoutes(readiness, app);
  metricsRoute(metrics, protectedApi, app);
  app.use((req, res, next) => (readiness.accepting() ? next() : sendError(res, 503, 'shutting_down', 'the service is shutting down')));
  // The channels' hot path first: a turn passes no static or page middleware.
  app.post('/api/messages', requireJson(), jsonBody(), messagesHandler(parts.messages));
  // Everything a browser may show from here on gets the security headers (the channel hot path above is not a page).
  app.use(securityHeaders({ chatPath: '/', chatFramedBy: config.directLine.allowedOrigins }));
  // What the agent console and the analytics dashboard share (the login session).
  app.use('/shared', express.static(join(WEB_ROOT, 'shared'), { index: false }));
  app.use('/agent', express.static(join(WEB_ROOT, 'agent'), { index: 'index.html' }));
  // The analytics dashboard: the page is static; every number behind it needs a supervisor's token.
  app.get('/admin/analytics', (_req, res) => res.sendFile(join(WEB_ROOT, 'admin', 'analytics.html')));
  app.get('/admin/vendor/chart.umd.js', (_req, res) => res.sendFile(CHART_BUNDLE, { maxAge: '1d' }));
  app.use('/admin', express.static(join(WEB_ROOT, 'admin'), { index: false }));
  const chatPage = readFileSync(join(WEB_ROOT, 'chat', 'index.html'), 'utf8');
  // The paper clip offers only what Balie takes (none at all when BALIE_ATTACHMENTS_PER_CONVERSATION is 0).
  const uploadAccept = config.attachments.maxFilesPerConversation > 0 ? ACCEPTED_TYPES.join(',') : '';
  app.get('/', (_req, res) => res.type('html').send(chatPage.replace('__CSP_NONCE__', cspNonce(res)).replace('__UPLOAD_ACCEPT__', uploadAccept)));
  app.get('/chat.js', (_req, res) => res.sendFile(join(WEB_ROOT, 'chat', 'chat.js')));
  app.get('/chat.css', (_req, res) => res.sendFile(join(WEB_ROOT, 'chat', 'chat.css')));
  app.get('/favicon.ico', (_req, res) => res.status(204).end());
  // The stock Web Chat bundle, served from node_modules: no CDN.
  app.get('/webchat/webchat.js', (_req, res) => res.sendFile(WEBCHAT_BUNDLE, { maxAge: '1d' }));
  for (const [name, file] of Object.entries(REACT_BUNDLES)) app.get(`/webchat/${name}`, (_req, res) => res.sendFile(file, { maxAge: '1d' }));
  // Slack signs the raw body (JSON or a form), so its routes read it before the JSON parser.
  app.use(slackRoutes(parts.slack));
  // A customer's files come as multipart, so before the JSON parser too.
  app.use(directLineUploadRoutes(parts.uploads));
  app.use(requireJson());
  app.use(jsonBody());
  app.use(directLineRoutes({ ...parts.directLine, secret: config.directLine.secret }));
  app.use(nluRoute(() => parts.engine, protectedApi, parts.limits));
  app.use(accountRoutes({ agents: parts.agents, audit: parts.audit, clock: parts.clock }));
  app.use(cannedReplyRoutes({ agents: parts.agents, replies: parts.cannedReplies, audit: parts.audit, clock: parts.clock }));
  app.use(privacyRoutes({ agents: parts.agents, requests: parts.privacy }));
  app.use(effortRoutes({ visitors: parts.directLine.visitors, effortScores: parts.effortScores, pack: parts.pack, clock: parts.clock }));
  app.use(
    agentRoutes({
      agents: parts.agents,
      desk: parts.desk,
      tickets: parts.tickets,
      emailEnabled: config.tickets.email !== undefined,
      logger,
      streams: parts.streams,
      limits: parts.limits,
      audit: parts.audit,
      console: config.console,
      publicUrl: config.publicUrl,
      files: parts.uploads.files,
    }),
  );
  app.use(
    analyticsRoutes({
      agents: parts.agents,
      queries: parts.queries,
      pack: parts.pack,
      overlay: parts.overlay,
      learnedFollowUps: parts.learnedFollowUps,
      operations: parts.operations,
      clock: parts.clock,
      logger,
    }),
  );
  app.use((req, res) => sendError(res, 404, 'not_found', `no route for ${req.method} ${req.path}`));
  app.use(errorHandler(logger));
  return app;
}
