import { TurnContext } from 'botbuilder';
import { Availability, QueueEntry } from '../handoff/handoffService';
import { HandoffStart } from '../handoff/desk/handoffIntake';
import { Handoff } from '../handoff/types';
import { WaitingAnswer } from '../handoff/desk/ticketDesk';

export type { HandoffStart } from '../handoff/desk/handoffIntake';

/** What the dialogs need from the handoff machinery; the bot layer implements it, tests fake it. */
export interface HandoffGateway {
  availability(): Promise<Availability>;
  /** When the desk opens next (for "we're open again on ..."). */
  nextOpening(): Date | undefined;
  /** When a ticket filed now would be answered: the time the bot promises. */
  ticketDue(): Date;
  /** The conversation's place in the queue, if it waits there (as the turn began, or since the turn queued it). */
  queueEntry(context: TurnContext): Promise<QueueEntry | undefined>;
  /** Queues the conversation with its context package and emits handoff.initiate. */
  enqueue(context: TurnContext, start: HandoffStart): Promise<QueueEntry>;
  createTicket(context: TurnContext, start: HandoffStart): Promise<Handoff>;
  leaveQueue(context: TurnContext): Promise<Handoff | undefined>;
  /** The customer's reply to an answered ticket: kept in its thread, and the ticket is open again (undefined: it is closed by now). */
  replyToTicket(context: TurnContext, handoffId: string, text: string): Promise<Handoff | undefined>;
  /** The customer says the ticket's answer solved it: closed (false: it was closed already). */
  closeTicket(context: TurnContext, handoffId: string): Promise<boolean>;
  /** Ticket answers a returning web chat customer has not seen yet, now marked seen. */
  ticketAnswersWaiting(context: TurnContext): Promise<WaitingAnswer[]>;
}
