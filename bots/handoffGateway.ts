import { Activity, EventFactory, TurnContext } from 'botbuilder';
import { HandoffGateway } from '../dialogs/handoffGateway';
import { CustomerAtHand, HandoffIntake, HandoffStart } from '../handoff/desk/handoffIntake';
import { TranscriptStore } from '../handoff/transcripts';
import { Handoff } from '../handoff/types';
import { QueueEntry } from '../handoff/handoffService';

/**
 * The dialogs' way to a person, over Bot Framework: the customer and their conversation
 * reference from the turn, the intake's queue or ticket, and a `handoff.initiate` event with
 * the context and the transcript for an external agent hub (Omnichannel-style).
 */
export class BotHandoffGateway implements HandoffGateway {
  constructor(
    private readonly intake: HandoffIntake,
    private readonly transcripts: TranscriptStore,
  ) {}

  availability() {
    return this.intake.availability();
  }

  nextOpening() {
    return this.intake.nextOpening();
  }

  queueEntry(conversationId: string) {
    return this.intake.queueEntry(conversationId);
  }

  async enqueue(context: TurnContext, start: HandoffStart): Promise<QueueEntry> {
    const entry = await this.intake.enqueue(customerOf(context), start);
    await this.announce(context, entry.handoff);
    return entry;
  }

  async createTicket(context: TurnContext, start: HandoffStart): Promise<Handoff> {
    const ticket = await this.intake.createTicket(customerOf(context), start);
    await this.announce(context, ticket);
    return ticket;
  }

  leaveQueue(context: TurnContext): Promise<Handoff | undefined> {
    return this.intake.leaveQueue(context.activity.conversation.id);
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
