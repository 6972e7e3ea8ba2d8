import { randomUUID } from 'crypto';
import type { Logger } from 'pino';
import { signOrderRequest } from '../../orders/http/signature';
import { TicketMessage } from '../ticketStore';
import { Handoff } from '../types';
import { WebhookOutbox } from '../webhookOutbox';
import { claimTimes, retryDelayMs, RetryRounds } from './retryRounds';

export type TicketEventType = 'ticket.created' | 'ticket.answered' | 'ticket.reopened' | 'ticket.closed';

export interface TicketWebhookOptions {
  readonly outbox: WebhookOutbox;
  /** TICKETS_WEBHOOK_URL and TICKETS_WEBHOOK_SECRET; without them no events are kept or sent. */
  readonly target?: { readonly url: string; readonly secret: string };
  readonly clock: () => Date;
  readonly instanceId: string;
  readonly claimSeconds: number;
  readonly logger: Logger;
  /** Attempts before an event is given up (about a day with the default waits). */
  readonly maxAttempts?: number;
  readonly firstRetryMs?: number;
  /** How long one POST may take. */
  readonly timeoutMs?: number;
}

const BATCH = 20;

/**
 * Tells the shop's helpdesk about tickets (docs/TICKETS.md): every event is stored first,
 * then POSTed as JSON, signed like the order API (X-Balie-Timestamp, X-Balie-Signature) with
 * the event id as Idempotency-Key; at least once, retried with growing waits until a 2xx.
 */
export class TicketWebhook {
  private readonly rounds = new RetryRounds(async () => {
    const claimed = await this.options.outbox.claimDue(this.options.instanceId, claimTimes(this.options.clock(), this.options.claimSeconds), BATCH);
    for (const event of claimed) await this.send(event.id, event.type, event.payload, event.attempts);
    return claimed.length === BATCH;
  });

  constructor(private readonly options: TicketWebhookOptions) {}

  get enabled(): boolean {
    return this.options.target !== undefined;
  }

  /** Records a ticket event (with the context package, and the message it is about) and sends it soon. */
  async ticketEvent(type: TicketEventType, ticket: Handoff, message?: TicketMessage): Promise<void> {
    const { conversationReference: _reference, context, ...record } = ticket;
    await this.emit(type, ticket.id, {
      ticket: record,
      context,
      ...(message ? { message: { id: message.id, author: message.author, agentId: message.agentId, text: message.text, at: message.createdAt } } : {}),
    });
  }

  /** A customer's data was erased here: the helpdesk should erase its copies of these tickets too. */
  async customerErased(customerIds: readonly string[], tickets: readonly { id: string; reference: string }[]): Promise<void> {
    await this.emit('customer.erased', undefined, { customerIds, tickets });
  }

  kick(): void {
    if (this.enabled) void this.run().catch((error) => this.options.logger.error({ err: error }, 'ticket webhook round failed'));
  }

  run(): Promise<void> {
    return this.enabled ? this.rounds.run() : Promise.resolve();
  }

  stop(waitMs = 2_000): Promise<void> {
    return this.rounds.stop(waitMs);
  }

  private async emit(type: string, handoffId: string | undefined, data: Record<string, unknown>): Promise<void> {
    if (!this.enabled) return;
    const id = randomUUID();
    const createdAt = this.now();
    const payload = JSON.stringify({ id, type, occurredAt: createdAt, ...data });
    await this.options.outbox.add({ id, type, handoffId, payload, createdAt });
    this.kick();
  }

  private async send(id: string, type: string, payload: string, attemptsSoFar: number): Promise<void> {
    const { url, secret } = this.options.target!;
    const target = new URL(url);
    try {
      // Signed on the real clock: the helpdesk checks the timestamp against its own.
      const signature = signOrderRequest(secret, { method: 'POST', target: `${target.pathname}${target.search}`, body: payload }, new Date());
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': id, 'x-balie-event': type, 'user-agent': 'Balie', ...signature },
        body: payload,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the helpdesk answered ${response.status}`);
      await this.options.outbox.markDelivered(id, this.now());
    } catch (error) {
      const attempts = attemptsSoFar + 1;
      const giveUp = attempts >= (this.options.maxAttempts ?? 30);
      const reason = error instanceof Error ? error.message : String(error);
      this.options.logger.warn({ err: error, eventId: id, type, attempts }, giveUp ? 'ticket webhook event given up' : 'ticket webhook event will be retried');
      const retryAt = new Date(this.options.clock().getTime() + retryDelayMs(attempts, this.options.firstRetryMs ?? 30_000)).toISOString();
      await this.options.outbox.markAttemptFailed(id, reason, giveUp ? undefined : retryAt);
    }
  }

  private now(): string {
    return this.options.clock().toISOString();
  }
}
