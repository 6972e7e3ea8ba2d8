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

export interface Outbox {
  add(message: Omit<OutboxMessage, 'deliveredAt' | 'attempts'>): OutboxMessage;
  markDelivered(id: string, at: string): void;
  markAttempt(id: string): void;
  /** Undelivered messages, oldest first (optionally of one conversation). */
  pending(conversationId?: string): OutboxMessage[];
  forHandoff(handoffId: string): OutboxMessage[];
}
