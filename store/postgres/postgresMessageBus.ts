import { Client, ClientConfig, Notification } from 'pg';
import type { Logger } from 'pino';
import { LocalMessageBus } from '../../cluster/messageBus';
import { PostgresDatabase } from '../sql/postgresDatabase';

const CHANNEL = 'balie_bus';
/** NOTIFY payloads must stay under 8000 bytes; larger messages go through the bus_messages table. */
const MAX_INLINE_BYTES = 7_500;

/** What travels in a NOTIFY: who sent it and when, and the message or where to find it. */
interface Envelope {
  /** The sending instance (it has delivered to its own subscribers already). */
  readonly o: string;
  /** Sent at, ms since the epoch: the receivers measure the fan-out lag from it. */
  readonly t: number;
  readonly topic: string;
  readonly m?: unknown;
  /** The bus_messages row holding the message when it was too large to send inline. */
  readonly ref?: number;
}

export interface PostgresMessageBusOptions {
  readonly db: PostgresDatabase;
  /** Connection settings for the dedicated LISTEN connection (not from the pool: it stays open). */
  readonly listenConfig: ClientConfig;
  readonly instanceId: string;
  readonly logger: Logger;
  /** Seconds from publish on one instance to delivery on this one. */
  readonly observeLag?: (seconds: number) => void;
}

/**
 * The message bus across instances: PostgreSQL LISTEN/NOTIFY on one channel. The sending
 * instance delivers to its own subscribers at once; the others receive the NOTIFY. If the
 * LISTEN connection breaks it is opened again, and subscribers are told to resync.
 */
export class PostgresMessageBus extends LocalMessageBus {
  private listener?: Client;
  private closed = false;
  private reconnectDelayMs = 100;

  constructor(private readonly options: PostgresMessageBusOptions) {
    super();
  }

  /** Opens the LISTEN connection; resolves once it listens (publishing works before that too). */
  async start(): Promise<void> {
    const client = new Client(this.options.listenConfig);
    client.on('notification', (notification) => this.receive(notification));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
    this.reconnectDelayMs = 100;
  }

  override publish(topic: string, message: unknown): void {
    this.deliver(topic, message);
    if (this.closed) return;
    void this.send(topic, message).catch((error) => this.options.logger.warn({ err: error, topic }, 'could not publish to the other instances'));
  }

  override async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await super.close();
  }

  private async send(topic: string, message: unknown): Promise<void> {
    const envelope: Envelope = { o: this.options.instanceId, t: Date.now(), topic, m: message };
    let payload = JSON.stringify(envelope);
    if (Buffer.byteLength(payload) > MAX_INLINE_BYTES) {
      const row = await this.options.db.get<{ id: number }>('INSERT INTO bus_messages (payload) VALUES (?) RETURNING id', [JSON.stringify(message)]);
      payload = JSON.stringify({ ...envelope, m: undefined, ref: row!.id } satisfies Envelope);
    }
    await this.options.db.get('SELECT pg_notify(?, ?)', [CHANNEL, payload]);
  }

  private receive(notification: Notification): void {
    if (notification.channel !== CHANNEL || !notification.payload) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(notification.payload) as Envelope;
    } catch {
      return;
    }
    if (envelope.o === this.options.instanceId) return;
    if (envelope.ref === undefined) return this.arrived(envelope, envelope.m);
    this.options.db
      .get<{ payload: string }>('SELECT payload FROM bus_messages WHERE id = ?', [envelope.ref])
      .then((row) => row && this.arrived(envelope, JSON.parse(row.payload)))
      .catch((error) => this.options.logger.warn({ err: error, topic: envelope.topic }, 'could not read a large bus message'));
  }

  private arrived(envelope: Envelope, message: unknown): void {
    this.options.observeLag?.(Math.max(0, Date.now() - envelope.t) / 1000);
    this.deliver(envelope.topic, message);
  }

  /** The LISTEN connection broke: open a new one (backing off), then tell subscribers to resync. */
  private lost(client: Client, error?: Error): void {
    if (this.listener !== client || this.closed) return;
    this.listener = undefined;
    this.options.logger.warn({ err: error }, 'lost the PostgreSQL LISTEN connection; reconnecting');
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    const retry = () => {
      if (this.closed) return;
      this.start()
        .then(() => {
          this.options.logger.info('PostgreSQL LISTEN connection back');
          this.resync();
        })
        .catch(() => {
          this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 5_000);
          setTimeout(retry, this.reconnectDelayMs).unref();
        });
    };
    setTimeout(retry, this.reconnectDelayMs).unref();
  }
}
