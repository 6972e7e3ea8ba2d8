import { HandoffEventType, HandoffState } from './stateMachine';
import { Handoff, HandoffEvent } from './types';

export type NewHandoff = Omit<Handoff, 'state' | 'agentId' | 'acceptedAt' | 'closedAt' | 'note' | 'lastToldPosition' | 'answeredAt' | 'overdueAt'> & {
  readonly state: 'queued' | 'ticket';
};

/** Thrown when another handoff already holds the conversation. */
export class HandoffExistsError extends Error {
  constructor(readonly conversationId: string) {
    super(`conversation ${conversationId} already has an open handoff`);
    this.name = 'HandoffExistsError';
  }
}

/** Thrown when a transition lost a race: the handoff was no longer in the expected state. */
export class StaleHandoffError extends Error {
  constructor(
    readonly handoffId: string,
    readonly expected: HandoffState,
    readonly actual: HandoffState | undefined,
    /** Who owns it now, when the race was over its owner (two agents taking one ticket). */
    readonly actualOwner?: string,
  ) {
    super(actual === expected ? `handoff ${handoffId} was taken by another agent` : `handoff ${handoffId} is ${actual ?? 'missing'}, not ${expected}`);
    this.name = 'StaleHandoffError';
  }
}

export interface TransitionRequest {
  readonly handoffId: string;
  readonly event: HandoffEventType;
  readonly actor: string;
  readonly at: string;
  readonly agentId?: string;
  readonly note?: string;
  /** A ticket's (new) due time: when it is filed from the queue, or reopened by the customer. */
  readonly dueAt?: string;
  /**
   * Applies only while the handoff's owner is still this one ('' = nobody): two agents
   * taking the same ticket at once, only one gets it.
   */
  readonly expectedOwner?: string;
}

/** Durable handoff records; every transition is atomic and recorded with who caused it. */
export interface HandoffStore {
  create(handoff: NewHandoff, actor: string): Promise<Handoff>;
  /** Applies a transition only if the handoff is still in the state the caller saw; else StaleHandoffError. */
  transition(request: TransitionRequest): Promise<Handoff>;
  get(id: string): Promise<Handoff | undefined>;
  /** The handoff that holds the conversation now (queued or with an agent), if any. */
  openFor(conversationId: string): Promise<Handoff | undefined>;
  /** The most recent handoff of a conversation, whatever its state. */
  latestFor(conversationId: string): Promise<Handoff | undefined>;
  /** Handoffs in a state, oldest first. */
  inState(state: HandoffState): Promise<Handoff[]>;
  /** How many conversations (state `agent`) each agent has now; agents without any are left out. */
  conversationsPerAgent(): Promise<Map<string, number>>;
  /**
   * Marks an open, unanswered ticket overdue; false when it is not one any more or was
   * already marked (by this or another instance), so the customer is told once.
   */
  markOverdue(handoffId: string, at: string): Promise<boolean>;
  events(handoffId: string): Promise<HandoffEvent[]>;
  /** Minutes from accept to resolve of the most recent resolved handoffs. */
  recentHandlingMinutes(limit: number): Promise<number[]>;
  /**
   * Records the queue position told to the customer; false when it was already recorded (by
   * this or another instance), so each change is told once.
   */
  setLastToldPosition(handoffId: string, position: number): Promise<boolean>;
  /** Handoffs of one customer, newest first. */
  forCustomer(customerId: string, limit: number): Promise<Handoff[]>;
}
