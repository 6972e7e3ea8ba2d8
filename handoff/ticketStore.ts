/**
 * When claiming work that is due: `dueBy` on the business clock (what is due), `leaseNow` and
 * `leaseUntil` on the real clock (claims are leases between instances).
 */
export interface ClaimTimes {
  readonly dueBy: string;
  readonly leaseNow: string;
  readonly leaseUntil: string;
}

/** One message of a ticket's written thread. */
export interface TicketMessage {
  readonly id: string;
  readonly handoffId: string;
  readonly author: 'agent' | 'customer';
  readonly agentId?: string;
  readonly text: string;
  /** Where the customer wrote a reply (may be a later conversation than the ticket's). */
  readonly conversationId?: string;
  readonly createdAt: string;
}

/**
 * pending: not sent yet (or to be retried); sent: handed to the channel (an email accepted by
 * the SMTP server, an answer posted into a web chat the customer had left); delivered: in
 * front of the customer (Teams and Slack accepted it into the conversation; web chat showed
 * it when they came back); failed: given up, with the reason; skipped: no longer needed (the
 * customer had already been asked the effort question in that conversation).
 */
export type DeliveryStatus = 'pending' | 'sent' | 'delivered' | 'failed' | 'skipped';

/** What a delivery sends: an agent's answer, the overdue notice, the effort question. */
export type DeliverySubject = `answer:${string}` | 'overdue' | 'effort';

export interface TicketDelivery {
  readonly id: string;
  readonly handoffId: string;
  readonly subject: DeliverySubject;
  /** The customer's channel (webchat, msteams, slack, ...) or 'email'. */
  readonly channel: string;
  /** The email address, for email. */
  readonly recipient?: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError?: string;
  readonly nextAttemptAt: string;
  readonly createdAt: string;
  readonly sentAt?: string;
  readonly deliveredAt?: string;
}

export type NewDelivery = Pick<TicketDelivery, 'id' | 'handoffId' | 'subject' | 'channel' | 'recipient' | 'createdAt'>;

/**
 * A ticket's thread and what it sends the customer. Each delivery is made once: one per
 * ticket, subject and channel; an instance claims it for a while (a lease) before sending.
 */
export interface TicketStore {
  addMessage(message: TicketMessage): Promise<void>;
  messages(handoffId: string): Promise<TicketMessage[]>;
  getMessage(id: string): Promise<TicketMessage | undefined>;
  /** Schedules deliveries, due now; one that exists already (same ticket, subject, channel) is left as it is. */
  schedule(deliveries: readonly NewDelivery[]): Promise<void>;
  /** Pending deliveries that are due and that nobody holds, oldest first, now claimed by `claimant`. */
  claimDue(claimant: string, times: ClaimTimes, limit?: number): Promise<TicketDelivery[]>;
  /** The claimed delivery went out (`sent` or `delivered`), or was not needed after all (`skipped`). */
  markSent(id: string, status: 'sent' | 'delivered' | 'skipped', at: string): Promise<void>;
  /** A failed attempt: retried at `retryAt`, or given up (failed) without one. The claim ends either way. */
  markAttemptFailed(id: string, error: string, retryAt?: string): Promise<void>;
  /** A sent delivery reached the customer (web chat: shown when they came back). */
  markDelivered(id: string, at: string): Promise<void>;
  deliveries(handoffId: string): Promise<TicketDelivery[]>;
  /** Deliveries not out yet (pending), per channel: the backlog gauges. */
  backlog(): Promise<Record<string, number>>;
}
