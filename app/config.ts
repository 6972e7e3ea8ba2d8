import { AttachmentLimits, DEFAULT_ATTACHMENT_LIMITS } from '../attachments/customerFiles';
import { join, resolve } from 'path';
import { z } from 'zod';
import type { StoreLocation } from '../store/openStore';

/** Every setting of the service. This module is the only reader of process.env. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly dataDir: string;
  /** SQLite file under dataDir (the default), or PostgreSQL when DATABASE_URL is set. */
  readonly store: StoreLocation;
  /** This instance's name among several (logs, console streams); generated when unset. */
  readonly instanceId?: string;
  readonly contentDir: string;
  /** Where trained NLU models are kept between starts (undefined: not kept). */
  readonly modelCacheDir?: string;
  /** The service's own public URL, if it has one; always allowed as a serviceUrl. */
  readonly publicUrl?: string;
  /** Extra serviceUrl hosts allowed in anonymous mode (loopback too, outside production). */
  readonly serviceUrlAllowList: readonly string[];
  /** Express's `trust proxy`: false (default), a number of hops, or addresses/subnets of the proxies in front. */
  readonly trustProxy: boolean | number | string;
  /** Production without MicrosoftAppId, deliberately (BALIE_ALLOW_ANONYMOUS): a closed network only. */
  readonly allowAnonymous: boolean;
  readonly botAuth: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly tenantId?: string;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
  /** Shared secret for the NLU API in production (until agent accounts exist). */
  readonly apiToken?: string;
  readonly outOfScopeThreshold: number;
  readonly shutdownTimeoutMs: number;
  readonly handoff: {
    /** `always` / `never` override the content pack's business hours (demos, tests). */
    readonly businessHours?: 'always' | 'never';
    readonly maxQueueMinutes: number;
    /** How often agent messages are retried and queue positions and timeouts are checked. */
    readonly relayIntervalMs: number;
    /** How long an instance that is delivering an agent message holds it before another may try. */
    readonly deliveryClaimSeconds: number;
    /** Most conversations one agent has at once (0: no limit). */
    readonly maxConversationsPerAgent: number;
  };
  /** The effort question after a quiet spell: minutes without a word from the customer after the bot helped (0: only after thanks or goodbye). */
  readonly cesQuietMinutes: number;
  /** What the agent console shows beside the conversations. */
  readonly console: {
    /** The wait the desk aims for: a waiting customer's timer turns amber at half of it and red beyond it. */
    readonly targetWaitMinutes: number;
    /** A link to an order in the shop's back office, `{order}` standing for the order number; undefined: order numbers are plain text. */
    readonly orderUrl?: string;
  };
  /** Photos and PDFs customers send (web chat). */
  readonly attachments: AttachmentLimits;
  readonly tickets: {
    /** Email to customers (SMTP_URL); undefined: email is off. */
    readonly email?: { readonly smtpUrl: string; readonly from: string };
    /** How long a returning web chat visitor stays recognisable (the visitor token in their browser). */
    readonly visitorTokenDays: number;
    /** How long the link in a ticket email opens the conversation. */
    readonly ticketLinkDays: number;
    /** The shop's helpdesk, told of every ticket event (TICKETS_WEBHOOK_URL, TICKETS_WEBHOOK_SECRET). */
    readonly webhook?: { readonly url: string; readonly secret: string };
  };
  readonly directLine: {
    /** DIRECTLINE_SECRET: lets a company's backend generate Web Chat tokens; also the token signing key when set. */
    readonly secret?: string;
    readonly tokenTtlSeconds: number;
    /** Other sites allowed to run Web Chat against this service (CORS), e.g. https://www.shop.example. */
    readonly allowedOrigins: readonly string[];
  };
  readonly slack: {
    readonly signingSecret?: string;
    readonly botToken?: string;
    /** Slack's Web API base URL; tests point it at a local fake. */
    readonly apiUrl: string;
  };
  readonly privacy: {
    /** Conversations (transcripts, logs, state) are deleted this long after their last message; analytics counts stay. */
    readonly retentionDays: number;
    /** Personal data in an ended conversation's stored text is masked after it has been quiet this long. */
    readonly maskAfterIdleHours: number;
  };
  /** Abuse limits on customer traffic (channels/chatTraffic.ts). */
  readonly chat: {
    readonly messagesPerMinute: number;
    readonly requestsPerMinutePerAddress: number;
    readonly maxChannelDataBytes: number;
    readonly conversationQuotaBytes: number;
  };
  readonly orders: {
    readonly backend: OrderBackendConfig;
    /** Bounds a whole call to the shop's order system, its retry included. */
    readonly deadlineMs: number;
    /** How long a found order is reused for follow-up questions (0: not cached). */
    readonly cacheSeconds: number;
  };
  readonly agents: {
    /** Password of the `admin` account created on first start; random (and logged once) when unset. */
    readonly adminPassword?: string;
    readonly tokenTtlMinutes: number;
    readonly bcryptRounds: number;
    readonly presenceTimeoutMinutes: number;
  };
}

/** Where orders come from (ORDER_BACKEND): the sample shop, Balie's own HTTP contract, WooCommerce or Shopify. */
export type OrderBackendConfig =
  | { readonly kind: 'sample' }
  | { readonly kind: 'http'; readonly url: string; readonly secret: string; readonly previousSecret?: string }
  | { readonly kind: 'woocommerce'; readonly url: string; readonly key: string; readonly secret: string }
  | { readonly kind: 'shopify'; readonly shop: string; readonly accessToken: string; readonly apiVersion: string; readonly apiUrl: string };

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a PostgreSQL URL such as postgres://balie:secret@db.internal:5432/balie');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BALIE_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalString.pipe(postgresUrl.optional()),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  BALIE_INSTANCE_ID: optionalString.pipe(
    z
      .string()
      .max(100)
      .regex(/^[\w.:-]+$/, 'may hold letters, digits and . _ : - only')
      .optional(),
  ),
  BALIE_CONTENT_DIR: z.string().default('./content/webshop'),
  BALIE_MODEL_CACHE_DIR: optionalString,
  BALIE_PUBLIC_URL: optionalString.pipe(z.url({ message: 'must be a URL such as https://support.example.com' }).optional()),
  BALIE_SERVICE_URL_ALLOWLIST: z.string().default(''),
  BALIE_TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(false|true|\d{1,2}|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, 'must be false, a number of proxies, or a comma-separated list of proxy addresses or subnets')
    .default('false'),
  BALIE_ALLOW_ANONYMOUS: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  BALIE_API_TOKEN: optionalString.pipe(z.string().min(16, { message: 'must be at least 16 characters' }).optional()),
  BALIE_OOS_THRESHOLD: z.coerce.number().min(0).max(1).default(0.4),
  BALIE_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  BALIE_BUSINESS_HOURS: z.enum(['always', 'never', 'content']).default('content'),
  BALIE_MAX_QUEUE_MINUTES: z.coerce.number().int().min(1).default(30),
  BALIE_RELAY_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  BALIE_DELIVERY_CLAIM_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  BALIE_ADMIN_PASSWORD: optionalString.pipe(z.string().min(8, { message: 'must be at least 8 characters' }).optional()),
  BALIE_AGENT_TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).default(480),
  BALIE_BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(10),
  BALIE_PRESENCE_TIMEOUT_MINUTES: z.coerce.number().int().min(1).default(10),
  DIRECTLINE_SECRET: optionalString.pipe(z.string().min(16, { message: 'must be at least 16 characters' }).optional()),
  BALIE_DIRECTLINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
  BALIE_WEBCHAT_ORIGINS: z.string().default(''),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  BALIE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  BALIE_MASK_AFTER_IDLE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24),
  BALIE_CHAT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  BALIE_CHAT_REQUESTS_PER_MINUTE_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(600),
  BALIE_MAX_CHANNEL_DATA_BYTES: z.coerce.number().int().min(0).max(262_144).default(16_384),
  BALIE_CONVERSATION_QUOTA_BYTES: z.coerce.number().int().min(10_000).max(1_073_741_824).default(2_097_152),
  ORDER_BACKEND: z.enum(['sample', 'http', 'woocommerce', 'shopify']).default('sample'),
  ORDER_BACKEND_URL: optionalString.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://shop.example/balie-api' }).optional()),
  ORDER_BACKEND_SECRET: optionalString.pipe(z.string().min(16, { message: 'must be at least 16 characters' }).optional()),
  ORDER_BACKEND_SECRET_PREVIOUS: optionalString.pipe(z.string().min(16, { message: 'must be at least 16 characters' }).optional()),
  ORDER_BACKEND_DEADLINE_MS: z.coerce.number().int().min(100).max(30_000).default(3500),
  ORDER_BACKEND_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  WOOCOMMERCE_URL: optionalString.pipe(z.url({ protocol: /^https?$/, message: 'must be the shop URL such as https://shop.example' }).optional()),
  WOOCOMMERCE_KEY: optionalString,
  WOOCOMMERCE_SECRET: optionalString,
  SHOPIFY_SHOP: optionalString.pipe(
    z
      .string()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be the shop's myshopify domain such as my-shop.myshopify.com")
      .optional(),
  ),
  SHOPIFY_ACCESS_TOKEN: optionalString,
  SHOPIFY_API_VERSION: z
    .string()
    .regex(/^\d{4}-(01|04|07|10)$/, 'must be a Shopify API version such as 2025-10')
    .default('2025-10'),
  SHOPIFY_API_URL: optionalString.pipe(z.url({ protocol: /^https?$/, message: 'must be a URL such as http://127.0.0.1:8080' }).optional()),
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/, message: 'must be an SMTP URL such as smtp://user:pass@mail.example.com:587' }).optional()),
  TICKETS_EMAIL_FROM: optionalString.pipe(
    z
      .string()
      .regex(/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, 'must be an address such as "Huisje & Co <no-reply@shop.example>" or no-reply@shop.example')
      .optional(),
  ),
  TICKETS_WEBHOOK_URL: optionalString.pipe(
    z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://helpdesk.example/balie-events' }).optional(),
  ),
  TICKETS_WEBHOOK_SECRET: optionalString.pipe(z.string().min(16, { message: 'must be at least 16 characters' }).optional()),
  BALIE_VISITOR_TOKEN_DAYS: z.coerce.number().int().min(1).max(730).default(180),
  BALIE_TICKET_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  BALIE_CES_QUIET_MINUTES: z.coerce.number().min(0, { message: 'must be 0 (off) or more minutes' }).max(1440).default(2),
  BALIE_MAX_CONVERSATIONS_PER_AGENT: z.coerce.number().int().min(0, { message: 'must be 0 (no limit) or more' }).max(1000).default(0),
  BALIE_ATTACHMENT_MAX_MB: z.coerce.number().positive({ message: 'must be a size in MB above 0' }).max(50, { message: 'must be at most 50 (MB)' }).default(10),
  BALIE_ATTACHMENTS_PER_CONVERSATION: z.coerce.number().int().min(0, { message: 'must be 0 (no files) or more' }).max(200).default(20),
  BALIE_TARGET_WAIT_MINUTES: z.coerce.number().positive({ message: 'must be a number of minutes above 0' }).max(1440).default(3),
  BALIE_ORDER_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://shop.example/admin/orders/{order}' })
      .refine((url) => url.includes('{order}') || url.includes('%7Border%7D'), 'must contain {order} where the order number goes')
      .optional(),
  ),
  SLACK_API_URL: z.url({ message: 'must be a URL such as https://slack.com/api/' }).default('https://slack.com/api/'),
});

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError('invalid configuration: MicrosoftAppPassword is required when MicrosoftAppId is set');
  }
  if (e.NODE_ENV === 'production' && !e.MicrosoftAppId && e.BALIE_ALLOW_ANONYMOUS !== 'true') {
    throw new ConfigError(
      'invalid configuration: MicrosoftAppId: is required in production (NODE_ENV=production); without it /api/messages accepts activities from anyone. ' +
        'Set BALIE_ALLOW_ANONYMOUS=true only for a deliberately closed network',
    );
  }
  if (e.NODE_ENV === 'production' && e.BALIE_BCRYPT_ROUNDS < 10) {
    throw new ConfigError('invalid configuration: BALIE_BCRYPT_ROUNDS: must be at least 10 in production (lower is for tests only)');
  }
  if (e.MicrosoftAppType === 'SingleTenant' && e.MicrosoftAppId && !e.MicrosoftAppTenantId) {
    throw new ConfigError('invalid configuration: MicrosoftAppTenantId is required for a SingleTenant bot');
  }
  const orderBackend = orderBackendConfig(e);
  if (e.SMTP_URL && !e.TICKETS_EMAIL_FROM) {
    throw new ConfigError('invalid configuration: TICKETS_EMAIL_FROM: is required when SMTP_URL is set (the no-reply address ticket emails come from)');
  }
  if (e.TICKETS_WEBHOOK_URL && !e.TICKETS_WEBHOOK_SECRET) {
    throw new ConfigError('invalid configuration: TICKETS_WEBHOOK_SECRET: is required when TICKETS_WEBHOOK_URL is set (every event is signed with it)');
  }
  if (e.NODE_ENV === 'production' && e.TICKETS_WEBHOOK_URL?.startsWith('http:') && !isLoopback(e.TICKETS_WEBHOOK_URL)) {
    throw new ConfigError('invalid configuration: TICKETS_WEBHOOK_URL: must be https in production (the events carry customer data)');
  }
  if (e.SMTP_URL && !e.BALIE_PUBLIC_URL) {
    throw new ConfigError('invalid configuration: BALIE_PUBLIC_URL: is required when SMTP_URL is set (ticket emails link back to the chat)');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    dataDir: resolve(e.BALIE_DATA_DIR),
    store: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS }
      : { kind: 'sqlite', file: join(resolve(e.BALIE_DATA_DIR), 'balie.sqlite') },
    instanceId: e.BALIE_INSTANCE_ID,
    contentDir: resolve(e.BALIE_CONTENT_DIR),
    modelCacheDir: e.BALIE_MODEL_CACHE_DIR === 'off' ? undefined : resolve(e.BALIE_MODEL_CACHE_DIR ?? join(e.BALIE_DATA_DIR, 'model-cache')),
    publicUrl: e.BALIE_PUBLIC_URL,
    serviceUrlAllowList: e.BALIE_SERVICE_URL_ALLOWLIST.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    allowAnonymous: e.BALIE_ALLOW_ANONYMOUS === 'true',
    trustProxy: trustProxySetting(e.BALIE_TRUST_PROXY),
    botAuth: { appId: e.MicrosoftAppId, appPassword: e.MicrosoftAppPassword, tenantId: e.MicrosoftAppTenantId, appType: e.MicrosoftAppType },
    apiToken: e.BALIE_API_TOKEN,
    outOfScopeThreshold: e.BALIE_OOS_THRESHOLD,
    shutdownTimeoutMs: e.BALIE_SHUTDOWN_TIMEOUT_MS,
    handoff: {
      businessHours: e.BALIE_BUSINESS_HOURS === 'content' ? undefined : e.BALIE_BUSINESS_HOURS,
      maxQueueMinutes: e.BALIE_MAX_QUEUE_MINUTES,
      relayIntervalMs: e.BALIE_RELAY_INTERVAL_MS,
      deliveryClaimSeconds: e.BALIE_DELIVERY_CLAIM_SECONDS,
      maxConversationsPerAgent: e.BALIE_MAX_CONVERSATIONS_PER_AGENT,
    },
    slack: {
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
    },
    cesQuietMinutes: e.BALIE_CES_QUIET_MINUTES,
    console: { targetWaitMinutes: e.BALIE_TARGET_WAIT_MINUTES, orderUrl: e.BALIE_ORDER_URL?.replace('%7Border%7D', '{order}') },
    attachments: {
      maxBytes: Math.round(e.BALIE_ATTACHMENT_MAX_MB * 1024 * 1024),
      maxFilesPerMessage: DEFAULT_ATTACHMENT_LIMITS.maxFilesPerMessage,
      maxFilesPerConversation: e.BALIE_ATTACHMENTS_PER_CONVERSATION,
    },
    tickets: {
      email: e.SMTP_URL && e.TICKETS_EMAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.TICKETS_EMAIL_FROM } : undefined,
      visitorTokenDays: e.BALIE_VISITOR_TOKEN_DAYS,
      ticketLinkDays: e.BALIE_TICKET_LINK_DAYS,
      webhook: e.TICKETS_WEBHOOK_URL && e.TICKETS_WEBHOOK_SECRET ? { url: e.TICKETS_WEBHOOK_URL, secret: e.TICKETS_WEBHOOK_SECRET } : undefined,
    },
    directLine: {
      secret: e.DIRECTLINE_SECRET,
      tokenTtlSeconds: e.BALIE_DIRECTLINE_TOKEN_TTL_SECONDS,
      allowedOrigins: e.BALIE_WEBCHAT_ORIGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    },
    privacy: { retentionDays: e.BALIE_RETENTION_DAYS, maskAfterIdleHours: e.BALIE_MASK_AFTER_IDLE_HOURS },
    chat: {
      messagesPerMinute: e.BALIE_CHAT_MESSAGES_PER_MINUTE,
      requestsPerMinutePerAddress: e.BALIE_CHAT_REQUESTS_PER_MINUTE_PER_ADDRESS,
      maxChannelDataBytes: e.BALIE_MAX_CHANNEL_DATA_BYTES,
      conversationQuotaBytes: e.BALIE_CONVERSATION_QUOTA_BYTES,
    },
    orders: { backend: orderBackend, deadlineMs: e.ORDER_BACKEND_DEADLINE_MS, cacheSeconds: e.ORDER_BACKEND_CACHE_SECONDS },
    agents: {
      adminPassword: e.BALIE_ADMIN_PASSWORD,
      tokenTtlMinutes: e.BALIE_AGENT_TOKEN_TTL_MINUTES,
      bcryptRounds: e.BALIE_BCRYPT_ROUNDS,
      presenceTimeoutMinutes: e.BALIE_PRESENCE_TIMEOUT_MINUTES,
    },
  };
}

const isLoopback = (url: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

/** Each order backend's own variables, checked at start-up; the message names the one missing or wrong. */
function orderBackendConfig(e: z.infer<typeof envSchema>): OrderBackendConfig {
  const need = (name: keyof typeof e, why = `is required when ORDER_BACKEND=${e.ORDER_BACKEND}`) => {
    const value = e[name];
    if (value === undefined || value === '') throw new ConfigError(`invalid configuration: ${name}: ${why}`);
    return String(value);
  };
  switch (e.ORDER_BACKEND) {
    case 'sample':
      return { kind: 'sample' };
    case 'http':
      return { kind: 'http', url: need('ORDER_BACKEND_URL'), secret: need('ORDER_BACKEND_SECRET'), previousSecret: e.ORDER_BACKEND_SECRET_PREVIOUS };
    case 'woocommerce': {
      const url = need('WOOCOMMERCE_URL');
      // WooCommerce takes the consumer key as Basic auth over HTTPS only; plain http would also expose it.
      if (e.NODE_ENV === 'production' && url.startsWith('http:') && !isLoopback(url)) {
        throw new ConfigError('invalid configuration: WOOCOMMERCE_URL: must be https in production (WooCommerce accepts Basic auth over HTTPS only)');
      }
      return { kind: 'woocommerce', url, key: need('WOOCOMMERCE_KEY'), secret: need('WOOCOMMERCE_SECRET') };
    }
    case 'shopify': {
      const shop = need('SHOPIFY_SHOP');
      return {
        kind: 'shopify',
        shop,
        accessToken: need('SHOPIFY_ACCESS_TOKEN'),
        apiVersion: e.SHOPIFY_API_VERSION,
        apiUrl: e.SHOPIFY_API_URL ?? `https://${shop}`,
      };
    }
  }
}

/** BALIE_TRUST_PROXY as Express takes it; `true` (trust anything) is refused as too easy to spoof. */
function trustProxySetting(value: string): boolean | number | string {
  if (value === 'false') return false;
  if (value === 'true')
    throw new ConfigError(
      'invalid configuration: BALIE_TRUST_PROXY: true would trust X-Forwarded-For from anyone; give the number of proxies (1) or their addresses',
    );
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
