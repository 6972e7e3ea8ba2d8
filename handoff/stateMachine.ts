/**
 * Who owns a conversation, as a lifecycle of one handoff:
 *
 *   (bot) ──request──▶ queued ──accept──▶ agent ──resolve──▶ resolved (bot owns it again)
 *                        ▲  │                  │ ▲
 *                        │  │                  └─┘ transfer (to another agent)
 *                        └──┼────requeue───────┘   (back to the queue, its place kept)
 *                           └──leave / timeout──▶ abandoned
 *                        └──to_ticket──▶ ticket
 *   (bot) ──ticket──▶ ticket ──answer──▶ answered ──close──▶ closed
 *                      ▲  └──────close───────┼──────────────▶ closed
 *                      └───────reopen────────┘  (the customer replied)
 *
 * `take` makes an agent a ticket's owner without changing its state. The conversation is
 * the bot's whenever it has no handoff in `queued` or `agent`: a ticket is worked in writing.
 */
export type HandoffState = 'queued' | 'agent' | 'ticket' | 'answered' | 'closed' | 'resolved' | 'abandoned';

export type Owner = 'bot' | 'queued' | 'agent';

export type HandoffEventType = 'accept' | 'resolve' | 'transfer' | 'requeue' | 'leave' | 'timeout' | 'to_ticket' | 'take' | 'answer' | 'reopen' | 'close';

/** The states of a ticket that is not closed: agents still have work on it, or may have. */
export const OPEN_TICKET_STATES: readonly HandoffState[] = ['ticket', 'answered'];

const TRANSITIONS: Record<HandoffState, Partial<Record<HandoffEventType, HandoffState>>> = {
  queued: { accept: 'agent', leave: 'abandoned', timeout: 'abandoned', to_ticket: 'ticket' },
  agent: { resolve: 'resolved', transfer: 'agent', requeue: 'queued' },
  ticket: { take: 'ticket', answer: 'answered', close: 'closed' },
  answered: { take: 'answered', answer: 'answered', reopen: 'ticket', close: 'closed' },
  closed: {},
  resolved: {},
  abandoned: {},
};

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: HandoffState,
    readonly event: HandoffEventType,
  ) {
    super(`a handoff in state "${from}" cannot "${event}"`);
    this.name = 'InvalidTransitionError';
  }
}

/** The state after `event`, or an InvalidTransitionError. */
export function nextState(from: HandoffState, event: HandoffEventType): HandoffState {
  const to = TRANSITIONS[from][event];
  if (!to) throw new InvalidTransitionError(from, event);
  return to;
}

/** Whether `event` applies to a handoff in state `from`. */
export function canApply(from: HandoffState, event: HandoffEventType): boolean {
  return TRANSITIONS[from][event] !== undefined;
}

/** The first state an event applies to (for messages about a lost race). */
export function sourceOf(event: HandoffEventType): HandoffState {
  return (Object.keys(TRANSITIONS) as HandoffState[]).find((state) => canApply(state, event))!;
}

export function ownerFor(state: HandoffState | undefined): Owner {
  return state === 'queued' ? 'queued' : state === 'agent' ? 'agent' : 'bot';
}

export function isTicketState(state: HandoffState): boolean {
  return state === 'ticket' || state === 'answered' || state === 'closed';
}
