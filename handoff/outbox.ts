/** An agent's message, stored before it is acknowledged and kept until the customer's channel accepted it. */
export interface OutboxMessage {
  readonly id: string;
  readonly conversationId: string;
  readonly handoffId: string;
  readonly agentId: string;
  readonly text: string;
  readonly createdAt: string;
  readonly deliveredAt?: string;
  readonly attempts: number;
}

/**
 * Agent messages on their way to the customer. An instance that delivers a message first
 * claims it for a while (a lease), so no other instance sends it at the same time; a claim
 * of an instance that died runs out and the message is delivered by another.
 */
export interface Outbox {
  /** Stores a message, claimed by `claimant` until `claimedUntil` (it is about to be delivered). */
  add(message: Omit<OutboxMessage, 'deliveredAt' | 'attempts'>, claimant: string, claimedUntil: string): Promise<OutboxMessage>;
  /**
   * Undelivered messages nobody else holds, oldest first (optionally of one conversation), now
   * claimed by `claimant`; with `takeOwnClaims` also those `claimant` itself still holds.
   */
  claimPending(claimant: string, now: string, claimedUntil: string, conversationId?: string, limit?: number, takeOwnClaims?: boolean): Promise<OutboxMessage[]>;
  markDelivered(id: string, at: string): Promise<void>;
  /** A failed delivery: counted, and the claim given up so the next attempt may come from anyone. */
  markAttempt(id: string): Promise<void>;
  /** Undelivered messages, oldest first (optionally of one conversation), claimed or not. */
  pending(conversationId?: string): Promise<OutboxMessage[]>;
  forHandoff(handoffId: string): Promise<OutboxMessage[]>;
  /** How many messages wait for delivery (a metric). */
  backlog(): Promise<number>;
}
