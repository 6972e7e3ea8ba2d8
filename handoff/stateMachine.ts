/**
 * Who owns a conversation, as a lifecycle of one handoff:
 *
 *   (bot) ──request──▶ queued ──accept──▶ agent ──resolve──▶ resolved (bot owns it again)
 *                        │  └──leave / timeout──▶ abandoned
 *                        └──to_ticket──▶ ticket ──close──▶ resolved
 *   (bot) ──ticket──▶ ticket
 *
 * The conversation is the bot's whenever it has no handoff in `queued` or `agent`.
 */
export type HandoffState = 'queued' | 'agent' | 'ticket' | 'resolved' | 'abandoned';

export type Owner = 'bot' | 'queued' | 'agent';

export type HandoffEventType = 'accept' | 'resolve' | 'leave' | 'timeout' | 'to_ticket' | 'close';

const TRANSITIONS: Record<HandoffState, Partial<Record<HandoffEventType, HandoffState>>> = {
  queued: { accept: 'agent', leave: 'abandoned', timeout: 'abandoned', to_ticket: 'ticket' },
  agent: { resolve: 'resolved' },
  ticket: { close: 'resolved' },
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

/** The state an event applies to (each event has exactly one). */
export function sourceOf(event: HandoffEventType): HandoffState {
  return (Object.keys(TRANSITIONS) as HandoffState[]).find((state) => canApply(state, event))!;
}

export function ownerFor(state: HandoffState | undefined): Owner {
  return state === 'queued' ? 'queued' : state === 'agent' ? 'agent' : 'bot';
}
