import { TurnContext } from 'botbuilder';
import { Handoff } from '../handoff/types';

const OPEN_HANDOFF = Symbol('balie.openHandoff');

/**
 * The conversation's open handoff, read once per turn: who answers (the bot or an agent) and
 * whether the customer waits in the queue are asked several times in a turn, and each ask was
 * a database round trip. A change the turn makes itself (queued, a ticket, leaving the queue)
 * forgets it, so the rest of the turn reads it again.
 */
export function openHandoffInTurn(context: TurnContext, read: (conversationId: string) => Promise<Handoff | undefined>): Promise<Handoff | undefined> {
  const known = context.turnState.get<Promise<Handoff | undefined> | undefined>(OPEN_HANDOFF);
  if (known) return known;
  const reading = read(context.activity.conversation.id);
  context.turnState.set(OPEN_HANDOFF, reading);
  return reading;
}

export function forgetOpenHandoff(context: TurnContext): void {
  context.turnState.delete(OPEN_HANDOFF);
}
