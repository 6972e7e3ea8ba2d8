import { Storage } from 'botbuilder';
import type { Logger } from 'pino';
import { AgentAccountStore } from '../agents/agentAccounts';
import { AnalyticsStore } from '../analytics/recorder';
import { SettingsStore } from '../cluster/sharedSettings';
import { DirectLineStore } from '../channels/directLine/directLineStore';
import { SlackEventLog } from '../channels/slack/slackEventLog';
import { ClusterLocks, LocalLocks } from '../cluster/clusterLocks';
import { LocalMessageBus, MessageBus } from '../cluster/messageBus';
import { ContentOverlayStore } from '../content/overlay';
import { EffortScoreStore } from '../handoff/effortScores';
import { HandoffStore } from '../handoff/handoffStore';
import { CustomerIdentities } from '../handoff/identities';
import { Outbox } from '../handoff/outbox';
import { TicketStore } from '../handoff/ticketStore';
import { WebhookOutbox } from '../handoff/webhookOutbox';
import { TranscriptStore } from '../handoff/transcripts';
import { migrate, MigrationResult } from './migrations/migrate';
import { AdvisoryLocks } from './postgres/advisoryLocks';
import { PostgresMessageBus } from './postgres/postgresMessageBus';
import { PostgresDatabase, postgresClientConfig } from './sql/postgresDatabase';
import { SqlDatabase } from './sql/sqlDatabase';
import { openSqliteFile } from './sql/sqliteDatabase';
import { SqlAgentAccounts } from './sqlAgentAccounts';
import { SqlAnalyticsStore } from './sqlAnalyticsStore';
import { SqlBotStateStorage } from './sqlBotStateStorage';
import { SqlContentOverlay } from './sqlContentOverlay';
import { SqlDirectLineStore } from './sqlDirectLineStore';
import { SqlEffortScores } from './sqlEffortScores';
import { SqlEffortPrompts } from './sqlEffortPrompts';
import { SqlCannedReplies } from './sqlCannedReplies';
import { SqlAttachmentStore } from './sqlAttachmentStore';
import { AttachmentStore } from '../attachments/customerFiles';
import { SqlOperations } from './sqlOperations';
import { OperationsStore } from '../analytics/operations';
import { CannedReplyStore } from '../handoff/desk/cannedReplies';
import { EffortPromptStore } from '../analytics/quietSpellSurvey';
import { SqlHandoffStore } from './sqlHandoffStore';
import { SqlIdentities } from './sqlIdentities';
import { SqlOutbox } from './sqlOutbox';
import { SqlTicketStore } from './sqlTicketStore';
import { SqlWebhookOutbox } from './sqlWebhookOutbox';
import { SqlSampleOrderBackend } from './sqlSampleOrderBackend';
import { SqlRateLimits } from './sqlRateLimits';
import { SqlAuditLog } from './sqlAuditLog';
import { AuditLog } from '../agents/auditLog';
import { SqlCustomerData } from './sqlCustomerData';
import { CustomerDataStore } from '../privacy/customerData';
import { RateLimits } from '../cluster/rateLimits';
import { SqlSettings } from './sqlSettings';
import { SqlSlackEventLog } from './sqlSlackEventLog';
import { SqlTranscriptStore } from './sqlTranscriptStore';

/** Which database: the embedded SQLite file, or a PostgreSQL server shared by several instances. */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize: number; readonly statementTimeoutMs: number };

/** Start-up could not reach or use the database; the message names the setting and the host, never a password. */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

export interface StoreOptions {
  readonly logger: Logger;
  /** This process, among the instances sharing the database. */
  readonly instanceId: string;
  readonly now?: () => Date;
  /** Apply pending migrations (default true; `db:copy` and tests may want the bare schema state). */
  readonly migrate?: boolean;
  readonly observeLockWait?: (seconds: number) => void;
  readonly observeBusLag?: (seconds: number) => void;
}

/** Every storage port, implemented on one database, plus what several instances share through it. */
export interface Store {
  readonly location: StoreLocation;
  readonly db: SqlDatabase;
  readonly migration?: MigrationResult;
  readonly bus: MessageBus;
  readonly locks: ClusterLocks;
  readonly botState: Storage;
  readonly transcripts: TranscriptStore;
  readonly handoffs: HandoffStore;
  readonly outbox: Outbox;
  /** Tickets' threads and what they send the customer. */
  readonly tickets: TicketStore;
  /** Ticket events on their way to the shop's helpdesk. */
  readonly webhooks: WebhookOutbox;
  readonly effortScores: EffortScoreStore;
  /** Effort questions waiting for the customer's quiet spell. */
  readonly effortPrompts: EffortPromptStore;
  /** The agents' canned replies. */
  readonly cannedReplies: CannedReplyStore;
  /** Files customers sent. */
  readonly attachments: AttachmentStore;
  /** What the operational dashboard reads about handoffs. */
  readonly operations: OperationsStore;
  readonly identities: CustomerIdentities;
  readonly analytics: AnalyticsStore;
  readonly overlay: ContentOverlayStore;
  readonly sampleOrders: SqlSampleOrderBackend;
  readonly agentAccounts: AgentAccountStore;
  readonly directLine: DirectLineStore;
  readonly slackEvents: SlackEventLog;
  readonly settings: SettingsStore;
  readonly rateLimits: RateLimits;
  readonly audit: AuditLog;
  readonly customerData: CustomerDataStore;
  /** Connections of the PostgreSQL pool (undefined for SQLite). */
  poolStats(): { total: number; idle: number; waiting: number } | undefined;
  /** Forgets what is only kept for a while (large bus messages); returns how many rows went. */
  removeExpired(now: Date): Promise<number>;
  close(): Promise<void>;
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  } catch {
    return 'an unparsable address';
  }
}

async function connectPostgres(location: Extract<StoreLocation, { kind: 'postgres' }>, setting: string): Promise<PostgresDatabase> {
  const db = new PostgresDatabase({ url: location.url, poolSize: location.poolSize, statementTimeoutMs: location.statementTimeoutMs });
  try {
    await db.get('SELECT 1 AS ok');
  } catch (error) {
    await db.close().catch(() => undefined);
    const { code, message } = error as { code?: string; message: string };
    throw new StoreUnavailableError(`${setting}: cannot use PostgreSQL at ${hostOf(location.url)} (${code ? `${code}: ${message}` : message})`);
  }
  return db;
}

/** Connects to the database (no migrations, no stores); `setting` names where the URL came from in errors. */
export async function openDatabase(location: StoreLocation, setting = 'DATABASE_URL'): Promise<SqlDatabase> {
  return location.kind === 'sqlite' ? openSqliteFile(location.file) : connectPostgres(location, setting);
}

/** Opens the database, migrates it (under a lock), and builds every store on it. */
export async function openStore(location: StoreLocation, options: StoreOptions): Promise<Store> {
  const db = await openDatabase(location);
  let bus: MessageBus;
  let locks: ClusterLocks;
  try {
    const migration = options.migrate === false ? undefined : await migrate(db);
    if (db instanceof PostgresDatabase) {
      const dedicated = postgresClientConfig({ ...db.options, applicationName: `balie ${options.instanceId}` });
      const pgBus = new PostgresMessageBus({
        db,
        listenConfig: dedicated,
        instanceId: options.instanceId,
        logger: options.logger,
        observeLag: options.observeBusLag,
      });
      await pgBus.start();
      bus = pgBus;
      locks = new AdvisoryLocks(dedicated, options.logger, options.observeLockWait);
    } else {
      bus = new LocalMessageBus();
      locks = new LocalLocks(options.observeLockWait);
    }
    const now = options.now ?? (() => new Date());
    const rateLimits = new SqlRateLimits(db);
    return {
      location,
      db,
      migration,
      bus,
      locks,
      botState: new SqlBotStateStorage(db),
      transcripts: new SqlTranscriptStore(db),
      handoffs: new SqlHandoffStore(db),
      outbox: new SqlOutbox(db),
      tickets: new SqlTicketStore(db),
      webhooks: new SqlWebhookOutbox(db),
      effortScores: new SqlEffortScores(db),
      effortPrompts: new SqlEffortPrompts(db),
      cannedReplies: new SqlCannedReplies(db),
      attachments: new SqlAttachmentStore(db),
      operations: new SqlOperations(db),
      identities: new SqlIdentities(db, now),
      analytics: new SqlAnalyticsStore(db),
      overlay: new SqlContentOverlay(db),
      sampleOrders: new SqlSampleOrderBackend(db, now),
      agentAccounts: new SqlAgentAccounts(db),
      directLine: new SqlDirectLineStore(db),
      slackEvents: new SqlSlackEventLog(db),
      settings: new SqlSettings(db),
      rateLimits,
      audit: new SqlAuditLog(db),
      customerData: new SqlCustomerData(db),
      poolStats: () => (db instanceof PostgresDatabase ? { total: db.pool.totalCount, idle: db.pool.idleCount, waiting: db.pool.waitingCount } : undefined),
      removeExpired: async (at) =>
        (await rateLimits.removeExpired()) +
        (db instanceof PostgresDatabase
          ? await db.run('DELETE FROM bus_messages WHERE created_at < ?', [new Date(at.getTime() - 10 * 60_000).toISOString()])
          : 0),
      async close() {
        await bus.close();
        await locks.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
