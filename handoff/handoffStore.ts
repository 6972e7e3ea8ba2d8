import { HandoffEventType, HandoffState } from './stateMachine';
import { Handoff, HandoffEvent } from './types';

export type NewHandoff = Omit<Handoff, 'state' | 'agentId' | 'acceptedAt' | 'closedAt' | 'note' | 'lastToldPosition'> & { readonly state: 'queued' | 'ticket' };

/** Thrown when another handoff already holds the conversation. */
export class HandoffExistsError extends Error {
  constructor(readonly conversationId: string) {
    super(`conversation ${conversationId} already has an open handoff`);
    this.name = 'HandoffExistsError';
  }
}

/** Thrown when a transition lost a race: the handoff was no longer in the expected state. */
export class StaleHandoffError extends Error {
  constructor(readonly handoffId: string, readonly expected: HandoffState, readonly actual: HandoffState | undefined) {
    super(`handoff ${handoffId} is ${actual ?? 'missing'}, not ${expected}`);
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
}

/** Durable handoff records; every transition is atomic and recorded with who caused it. */
export interface HandoffStore {
  create(handoff: NewHandoff, actor: string): Handoff;
  /** Applies a transition only if the handoff is still in the state the caller saw; else StaleHandoffError. */
  transition(request: TransitionRequest): Handoff;
  get(id: string): Handoff | undefined;
  /** The handoff that holds the conversation now (queued or with an agent), if any. */
  openFor(conversationId: string): Handoff | undefined;
  /** The most recent handoff of a conversation, whatever its state. */
  latestFor(conversationId: string): Handoff | undefined;
  /** Handoffs in a state, oldest first. */
  inState(state: HandoffState): Handoff[];
  events(handoffId: string): HandoffEvent[];
  /** Minutes from accept to resolve of the most recent resolved handoffs. */
  recentHandlingMinutes(limit: number): number[];
  setLastToldPosition(handoffId: string, position: number): void;
  /** Handoffs of one customer, newest first. */
  forCustomer(customerId: string, limit: number): Handoff[];
}
