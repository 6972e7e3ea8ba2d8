import { WebClient } from '@slack/web-api';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationReference, TurnContext } from 'botbuilder';
import { randomBytes } from 'crypto';
import type { Logger } from 'pino';
import { ProactiveAdapter } from '../../bots/proactiveChannel';
import { TranscriptMiddleware } from '../../bots/transcriptMiddleware';
import { AgentIdentityMiddleware } from '../../bots/agentIdentity';
import { CachedConnectorsAuthentication } from '../../channels/cachedConnectors';
import { DirectLineConversations, WEBCHAT_CHANNEL_ID } from '../../channels/directLine/directLineConversations';
import { MessagesRouteOptions } from '../../channels/messagesRoute';
import { ServiceUrlGuard } from '../../channels/serviceUrlGuard';
import { ChatTraffic } from '../../channels/chatTraffic';
import { RateLimits } from '../../cluster/rateLimits';
import { SlackReceiver } from '../../channels/slack/slackReceiver';
import { SlackRoutesOptions } from '../../channels/slack/slackRoutes';
import { InFlightTracker } from '../../http/inFlight';
import { ServiceMetrics } from '../../http/metrics';
import { DirectLineActivityLog } from '../../channels/directLine/activityLog';
import { DirectLineAdapter } from '../../channels/directLine/directLineAdapter';
import { DirectLineTokens } from '../../channels/directLine/tokens';
import { UploadRoutesOptions } from '../../channels/directLine/uploadRoutes';
import { CustomerFiles } from '../../attachments/customerFiles';
import { VisitorTokens } from '../../channels/directLine/visitorTokens';
import { SLACK_CHANNEL_ID, SlackAdapter, SlackPoster } from '../../channels/slack/slackAdapter';
import { TeamsMiddleware } from '../../channels/teams/teamsMiddleware';
import { Store } from '../../store/openStore';
import { Config } from '../config';

export interface ChannelParts {
  /** Bot Framework channels (Emulator, Azure Bot Service: Teams): anonymous without an app id, JWT-validated with one. */
  readonly cloud: CloudAdapter;
  readonly directLine: DirectLineAdapter;
  /** Only when Slack's two secrets are configured. */
  readonly slack?: SlackAdapter;
  readonly directLineLog: DirectLineActivityLog;
  readonly directLineTokens: DirectLineTokens;
  /** Returning visitors' tokens and ticket emails' links. */
  readonly visitors: VisitorTokens;
  /** The secret the bot presents to its own Direct Line connector routes; the same on every instance. */
  readonly internalSecret: string;
  /** The service's own address (set once it listens): the bot's serviceUrl for its Direct Line channel. */
  readonly self: { baseUrl: string };
  /** The adapter (and the bot's app id on it) that can continue a conversation on a channel. */
  proactiveAdapterFor(channelId: string): { adapter: ProactiveAdapter; appId: string };
}

/** chat.postMessage through Slack's official client, at a configurable base URL. */
function slackPoster(botToken: string, apiUrl: string): SlackPoster {
  const client = new WebClient(botToken, { slackApiUrl: apiUrl, retryConfig: { retries: 2 } });
  return { postMessage: (message) => client.chat.postMessage(message) };
}

/** The channels' adapters, each writing every activity to the transcript. */
export async function wireChannels(parts: { config: Config; store: Store; logger: Logger; now: () => Date }): Promise<ChannelParts> {
  const { config, store, logger, now } = parts;
  const transcriptMiddleware = new TranscriptMiddleware(store.transcripts, logger);
  const cloud = new CloudAdapter(
    new CachedConnectorsAuthentication(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: config.botAuth.appId,
        MicrosoftAppPassword: config.botAuth.appPassword,
        MicrosoftAppTenantId: config.botAuth.tenantId,
        MicrosoftAppType: config.botAuth.appType,
      }),
    ),
  );
  const agentIdentity = new AgentIdentityMiddleware();
  cloud.use(transcriptMiddleware, agentIdentity);
  cloud.use(new TeamsMiddleware());
  // Balie's own Direct Line channel for Web Chat: its own adapter, replying to the service itself
  // with a secret every instance shares (an agent's message may leave from another instance
  // than the one the customer wrote to) instead of an Azure token.
  const newKey = () => randomBytes(32).toString('base64url');
  const internalSecret = await store.settings.getOrCreate('directline_internal_secret', newKey);
  const directLine = new DirectLineAdapter(internalSecret);
  directLine.use(transcriptMiddleware, agentIdentity);
  const directLineTokens = new DirectLineTokens(
    config.directLine.secret ?? (await store.settings.getOrCreate('directline_token_key', newKey)),
    config.directLine.tokenTtlSeconds,
    now,
  );
  const visitors = new VisitorTokens(
    await store.settings.getOrCreate('visitor_token_key', newKey),
    config.tickets.visitorTokenDays,
    config.tickets.ticketLinkDays,
    now,
  );
  const { signingSecret, botToken, apiUrl } = config.slack;
  const slack = signingSecret && botToken ? new SlackAdapter(slackPoster(botToken, apiUrl)) : undefined;
  slack?.use(transcriptMiddleware, agentIdentity);
  const self = { baseUrl: '' };

  return {
    cloud,
    directLine,
    slack,
    directLineLog: new DirectLineActivityLog(store.directLine, store.bus, now),
    directLineTokens,
    visitors,
    internalSecret,
    self,
    proactiveAdapterFor(channelId) {
      if (channelId === WEBCHAT_CHANNEL_ID) {
        // The conversation may have started on another instance: reply through this one's own Direct Line routes.
        const adapter: ProactiveAdapter = {
          continueConversationAsync: (appId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) =>
            directLine.continueConversationAsync(appId, { ...reference, serviceUrl: self.baseUrl }, logic),
        };
        return { adapter, appId: '' };
      }
      if (channelId === SLACK_CHANNEL_ID && slack) {
        return { adapter: { continueConversationAsync: (_appId, reference, logic) => slack.continueConversation(reference, logic) }, appId: '' };
      }
      return { adapter: cloud, appId: config.botAuth.appId ?? '' };
    },
  };
}

export interface ChannelServices {
  readonly messages: MessagesRouteOptions;
  readonly directLine: {
    readonly conversations: DirectLineConversations;
    readonly internalSecret: string;
    readonly limits: RateLimits;
    readonly traffic: ChatTraffic;
    readonly visitors: VisitorTokens;
    readonly ticketLinkOpened: (handoffId: string) => Promise<void>;
  };
  readonly slack: SlackRoutesOptions;
  /** Files customers send through web chat. */
  readonly uploads: UploadRoutesOptions;
}

/** What the channels' routes call: each hands a customer's activity to `runTurn`. */
export function channelServices(parts: {
  config: Config;
  channels: ChannelParts;
  store: Store;
  runTurn: (context: TurnContext) => Promise<void>;
  inFlight: InFlightTracker;
  metrics: ServiceMetrics;
  logger: Logger;
  now: () => Date;
  /** A customer opened a ticket's conversation from its email. */
  ticketLinkOpened: (handoffId: string) => Promise<void>;
}): ChannelServices {
  const { config, channels, store, runTurn, inFlight, metrics, logger, now } = parts;
  const anonymous = !config.botAuth.appId;
  const conversations = new DirectLineConversations({
    log: channels.directLineLog,
    tokens: channels.directLineTokens,
    adapter: channels.directLine,
    logic: runTurn,
    serviceUrl: () => channels.self.baseUrl,
    inFlight,
    logger,
    now,
  });
  const traffic = new ChatTraffic(store.rateLimits, config.chat, logger);
  const { signingSecret } = config.slack;
  const receiver = channels.slack && new SlackReceiver({ adapter: channels.slack, logic: runTurn, seen: store.slackEvents, inFlight, logger, clock: now });
  return {
    messages: {
      adapter: channels.cloud,
      logic: runTurn,
      // Anonymous mode only: with app credentials the JWT vouches for the serviceUrl.
      serviceUrlGuard: anonymous ? new ServiceUrlGuard(config.serviceUrlAllowList, config.publicUrl, config.nodeEnv !== 'production') : undefined,
      inFlight,
      logger,
      metrics,
      traffic,
    },
    directLine: {
      conversations,
      internalSecret: channels.internalSecret,
      limits: store.rateLimits,
      traffic,
      visitors: channels.visitors,
      ticketLinkOpened: parts.ticketLinkOpened,
    },
    slack: { slack: signingSecret && receiver ? { signingSecret, receiver } : undefined, logger, clock: now },
    uploads: { conversations, files: new CustomerFiles(store.attachments, config.attachments, now), traffic, logger },
  };
}
