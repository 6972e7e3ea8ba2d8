import { TurnContext } from 'botbuilder';
import { Availability, QueueEntry } from '../handoff/handoffService';
import { HandoffStart } from '../handoff/desk/handoffIntake';
import { Handoff } from '../handoff/types';

export type { HandoffStart } from '../handoff/desk/handoffIntake';

/** What the dialogs need from the handoff machinery; the bot layer implements it, tests fake it. */
export interface HandoffGateway {
  availability(): Promise<Availability>;
  /** When the desk opens next (for "we're open again on ..."). */
  nextOpening(): Date | undefined;
  queueEntry(conversationId: string): Promise<QueueEntry | undefined>;
  /** Queues the conversation with its context package and emits handoff.initiate. */
  enqueue(context: TurnContext, start: HandoffStart): Promise<QueueEntry>;
  createTicket(context: TurnContext, start: HandoffStart): Promise<Handoff>;
  leaveQueue(context: TurnContext): Promise<Handoff | undefined>;
}
