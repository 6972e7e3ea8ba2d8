import { Activity, EventFactory, TurnContext } from 'botbuilder';
import { HandoffGateway } from '../dialogs/handoffGateway';
import { CustomerAtHand, HandoffIntake, HandoffStart } from '../handoff/desk/handoffIntake';
import { TranscriptStore } from '../handoff/transcripts';
import { DeskError } from '../handoff/desk/agentDesk';
import { TicketDesk, WaitingAnswer } from '../handoff/desk/ticketDesk';
import { Handoff } from '../handoff/types';
import { QueueEntry } from '../handoff/handoffService';
import { forgetOpenHandoff, openHandoffInTurn } from './turnHandoff';

/**
 * The dialogs' way to a person, over Bot Framework: the customer and their conversation
 * reference from the turn, the intake's queue or ticket, and a `handoff.initiate` event with
 * the context and the transcript for an external agent hub (Omnichannel-style).
 */
export class BotHandoffGateway implements HandoffGateway {
  constructor(
    private readonly intake: HandoffIntake,
    private readonly transcripts: TranscriptStore,
    private readonly tickets: TicketDesk,
  ) {}

  availability() {
    return this.intake.availability();
  }

  nextOpening() {
    return this.intake.nextOpening();
  }

  ticketDue() {
    return this.intake.ticketDue();
  }

  async queueEntry(context: TurnContext): Promise<QueueEntry | undefined> {
    // The turn's view answers "not queued" (nearly every turn); only a queued customer's place is looked up.
    const open = await openHandoffInTurn(context, (id) => this.intake.openFor(id));
    return open?.state === 'queued' ? this.intake.queueEntry(open.conversationId) : undefined;
  }

  async enqueue(context: TurnContext, start: HandoffStart): Promise<QueueEntry> {
    forgetOpenHandoff(context);
    const entry = await this.intake.enqueue(customerOf(context), start);
    await this.announce(context, entry.handoff);
    return entry;
  }

  async createTicket(context: TurnContext, start: HandoffStart): Promise<Handoff> {
    forgetOpenHandoff(context);
    const ticket = await this.intake.createTicket(customerOf(context), start);
    await this.tickets.filed(ticket);
    await this.announce(context, ticket);
    return ticket;
  }

  leaveQueue(context: TurnContext): Promise<Handoff | undefined> {
    forgetOpenHandoff(context);
    return this.intake.leaveQueue(context.activity.conversation.id);
  }

  async replyToTicket(context: TurnContext, handoffId: string, text: string): Promise<Handoff | undefined> {
    forgetOpenHandoff(context);
    try {
      return await this.tickets.customerReply(handoffId, text, context.activity.conversation.id);
    } catch (error) {
      if (error instanceof DeskError) return undefined; // closed (or gone) in the meantime: the message is an ordinary one
      throw error;
    }
  }

  async closeTicket(context: TurnContext, handoffId: string): Promise<boolean> {
    forgetOpenHandoff(context);
    try {
      await this.tickets.close(handoffId, 'customer');
      return true;
    } catch (error) {
      if (error instanceof DeskError) return false;
      throw error;
    }
  }

  ticketAnswersWaiting(context: TurnContext): Promise<WaitingAnswer[]> {
    return this.tickets.answersWaitingFor(context.activity.from.id, context.activity.conversation.id);
  }

  private async announce(context: TurnContext, handoff: Handoff): Promise<void> {
    const activities = (await this.transcripts.list(handoff.conversationId)).map((entry) => entry.activity as Activity).filter((a) => a.type === 'message');
    const event = EventFactory.createHandoffInitiation(
      context,
      { handoffId: handoff.id, reference: handoff.reference, state: handoff.state, context: handoff.context },
      { activities },
    );
    await context.sendActivity(event);
  }
}

function customerOf(context: TurnContext): CustomerAtHand {
  const activity = context.activity;
  return {
    conversationId: activity.conversation.id,
    channelId: activity.channelId,
    customerId: activity.from.id,
    customerName: activity.from.name || undefined,
    conversationReference: TurnContext.getConversationReference(activity),
  };
}
