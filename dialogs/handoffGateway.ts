import { TurnContext } from 'botbuilder';
import { Availability, QueueEntry } from '../handoff/handoffService';
import { Handoff, HandoffReason } from '../handoff/types';
import { Language } from '../nlu/language';

export interface HandoffStart {
  readonly language: Language;
  readonly reason: HandoffReason;
  readonly priority: number;
  /** The customer's own words about the problem, when the bot asked for them. */
  readonly detail?: string;
  /** Facts gathered for the agent (order number, email, ...). */
  readonly facts: Readonly<Record<string, string | undefined>>;
}

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
