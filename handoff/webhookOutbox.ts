import { ClaimTimes } from './ticketStore';

/** A ticket event on its way to the shop's helpdesk. */
export interface WebhookEvent {
  readonly id: string;
  readonly type: string;
  /** The ticket it is about (none for customer.erased). */
  readonly handoffId?: string;
  /** The JSON body, exactly as it is signed and sent. */
  readonly payload: string;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly lastError?: string;
  readonly nextAttemptAt: string;
  readonly createdAt: string;
  readonly deliveredAt?: string;
}

/** Events kept until the helpdesk accepted them; claimed by one instance at a time. */
export interface WebhookOutbox {
  add(event: Pick<WebhookEvent, 'id' | 'type' | 'handoffId' | 'payload' | 'createdAt'>): Promise<void>;
  /** Pending events that are due and that nobody holds, oldest first, now claimed by `claimant`. */
  claimDue(claimant: string, times: ClaimTimes, limit?: number): Promise<WebhookEvent[]>;
  markDelivered(id: string, at: string): Promise<void>;
  /** A failed attempt: retried at `retryAt`, or given up without one. */
  markAttemptFailed(id: string, error: string, retryAt?: string): Promise<void>;
  /** Events not accepted yet (a metric). */
  backlog(): Promise<number>;
  /** Delivered or failed events older than `cutoff`: removed (they hold customer data). */
  removeFinishedBefore(cutoff: string): Promise<number>;
}
