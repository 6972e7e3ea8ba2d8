import { randomUUID } from 'crypto';
import { Agent } from '../../agents/agentDirectory';
import { HandoffService, TicketEntry } from '../handoffService';
import { StaleHandoffError } from '../handoffStore';
import { LiveEvents } from '../liveEvents';
import { isTicketState, OPEN_TICKET_STATES } from '../stateMachine';
import { DeliverySubject, NewDelivery, TicketDelivery, TicketMessage, TicketStore } from '../ticketStore';
import { transcriptLines, TranscriptStore } from '../transcripts';
import { Handoff, HandoffEvent, TranscriptLine } from '../types';
import { EffortScoreStore } from '../effortScores';
import { conflicts, DeskError } from './agentDesk';
import { TicketDeliveries } from './ticketDeliveries';
import { TicketWebhook } from './ticketWebhook';

export interface TicketView {
  readonly handoff: Handoff;
  readonly overdue: boolean;
  readonly transcript: TranscriptLine[];
  /** The written thread: answers and the customer's replies. */
  readonly thread: TicketMessage[];
  /** What was sent where, and how it went. */
  readonly deliveries: TicketDelivery[];
  readonly events: HandoffEvent[];
}

/** An agent's answer the customer has not seen yet, to show first when they come back to web chat. */
export interface WaitingAnswer {
  readonly handoff: Handoff;
  readonly message: TicketMessage;
  readonly agentName: string;
}

export interface TicketDeskOptions {
  readonly handoffs: HandoffService;
  readonly tickets: TicketStore;
  readonly transcripts: TranscriptStore;
  readonly deliveries: TicketDeliveries;
  /** The shop's helpdesk hears of every ticket event. */
  readonly webhook: TicketWebhook;
  /** A conversation's effort score, asked once: a closed ticket asks only where none was given. */
  readonly effortScores: EffortScoreStore;
  readonly events: LiveEvents;
  readonly clock: () => Date;
  readonly agentName: (agentId: string) => Promise<string>;
}

/** Web chat: what is posted into a conversation the customer left is in front of them only when they come back. */
const WEB_CHAT = 'webchat';

/**
 * Tickets, worked in writing: agents list, take, answer and close them; the customer's
 * replies reopen them; answers and notices go out through the deliveries (the customer's
 * own conversation, and email when they gave an address).
 */
export class TicketDesk {
  constructor(private readonly options: TicketDeskOptions) {}

  /** A ticket the bot filed: the helpdesk hears of it. */
  async filed(ticket: Handoff): Promise<void> {
    await this.options.webhook.ticketEvent('ticket.created', ticket);
  }

  /** Open tickets: a supervisor sees everyone's, an agent the unowned ones and their own. */
  async list(agent: Pick<Agent, 'id' | 'role'>): Promise<TicketEntry[]> {
    const all = await this.options.handoffs.tickets();
    return agent.role === 'supervisor' ? all : all.filter((e) => !e.handoff.agentId || e.handoff.agentId === agent.id);
  }

  async view(handoffId: string): Promise<TicketView> {
    const handoff = await this.ticket(handoffId);
    const now = this.options.clock().getTime();
    return {
      handoff,
      overdue: handoff.state === 'ticket' && !!handoff.dueAt && Date.parse(handoff.dueAt) < now,
      transcript: await transcriptLines(this.options.transcripts, handoff.conversationId),
      thread: await this.options.tickets.messages(handoff.id),
      deliveries: await this.options.tickets.deliveries(handoff.id),
      events: await this.options.handoffs.events(handoff.id),
    };
  }

  /** Takes an unowned ticket; a supervisor may take one over from its owner. */
  async take(handoffId: string, agent: Pick<Agent, 'id' | 'role'>): Promise<Handoff> {
    const handoff = await this.ticket(handoffId);
    if (handoff.agentId === agent.id) return handoff;
    if (handoff.agentId && agent.role !== 'supervisor') throw new DeskError('conflict', 'another agent has already taken this ticket');
    const taken = await conflicts(() => this.options.handoffs.takeTicket(handoff.id, agent.id, handoff.agentId));
    this.changed(taken);
    return taken;
  }

  /**
   * The owner's written answer (an unowned ticket is taken with it): stored in the thread,
   * then sent to the customer's conversation and, when they gave one, their email address.
   */
  async answer(handoffId: string, agent: Pick<Agent, 'id' | 'role'>, text: string): Promise<{ message: TicketMessage; handoff: Handoff }> {
    let handoff = await this.ticket(handoffId);
    if (!OPEN_TICKET_STATES.includes(handoff.state)) throw new DeskError('conflict', `the ticket is ${handoff.state}`);
    if (handoff.agentId !== agent.id) {
      if (handoff.agentId && agent.role !== 'supervisor') throw new DeskError('forbidden', 'another agent owns this ticket');
      handoff = await this.take(handoff.id, agent);
    }
    const answered = await conflicts(() => this.options.handoffs.answerTicket(handoff.id, agent.id));
    const message: TicketMessage = { id: randomUUID(), handoffId: handoff.id, author: 'agent', agentId: agent.id, text, createdAt: this.now() };
    await this.options.tickets.addMessage(message);
    await this.options.tickets.schedule(this.routes(answered, `answer:${message.id}`));
    await this.options.webhook.ticketEvent('ticket.answered', answered, message);
    this.changed(answered);
    this.options.deliveries.kick();
    return { message, handoff: answered };
  }

  /**
   * Closes a ticket (an agent, or the customer saying it is solved). Closed by an agent, the
   * customer is asked how easy it was, on their channel and by email (the customer who said
   * "solved" was asked in the chat already).
   */
  async close(handoffId: string, actor: string, note?: string): Promise<Handoff> {
    const handoff = await this.ticket(handoffId);
    const closed = await conflicts(() => this.options.handoffs.closeTicket(handoff.id, actor, note));
    await this.options.webhook.ticketEvent('ticket.closed', closed);
    if (actor !== 'customer' && !(await this.options.effortScores.forConversation(closed.conversationId))) {
      await this.options.tickets.schedule(this.routes(closed, 'effort'));
      this.options.deliveries.kick();
    }
    this.changed(closed);
    return closed;
  }

  /** The customer wrote back on an answered ticket: into the thread, and the ticket is open again. */
  async customerReply(handoffId: string, text: string, conversationId: string): Promise<Handoff> {
    const handoff = await this.ticket(handoffId);
    if (!OPEN_TICKET_STATES.includes(handoff.state)) throw new DeskError('conflict', `the ticket is ${handoff.state}`);
    const reply: TicketMessage = { id: randomUUID(), handoffId: handoff.id, author: 'customer', text, conversationId, createdAt: this.now() };
    await this.options.tickets.addMessage(reply);
    let current = handoff;
    if (handoff.state === 'answered') {
      try {
        current = await this.options.handoffs.reopenTicket(handoff.id);
        await this.options.webhook.ticketEvent('ticket.reopened', current, reply);
      } catch (error) {
        if (!(error instanceof StaleHandoffError)) throw error; // reopened or closed in the meantime: the reply is kept either way
        current = (await this.options.handoffs.get(handoff.id)) ?? handoff;
      }
    }
    this.changed(current);
    return current;
  }

  /**
   * Answers a returning web chat customer has not seen (newest ticket first), marked
   * delivered now: shown before the welcome of their new conversation.
   */
  async answersWaitingFor(customerId: string, conversationId: string): Promise<WaitingAnswer[]> {
    const waiting: WaitingAnswer[] = [];
    for (const handoff of await this.options.handoffs.history(customerId, 10)) {
      if (handoff.state !== 'answered' || handoff.conversationId === conversationId) continue;
      const unseen = (await this.options.tickets.deliveries(handoff.id)).filter(
        (d) => d.channel === WEB_CHAT && d.subject.startsWith('answer:') && d.status !== 'delivered' && d.status !== 'failed',
      );
      for (const delivery of unseen) {
        const message = await this.options.tickets.getMessage(delivery.subject.slice('answer:'.length));
        if (!message) continue;
        await this.options.tickets.markDelivered(delivery.id, this.now());
        waiting.push({ handoff, message, agentName: message.agentId ? await this.options.agentName(message.agentId) : '' });
      }
    }
    return waiting;
  }

  /** The customer opened the ticket's own conversation from its email: the answers posted there are in front of them. */
  async answersSeen(handoffId: string): Promise<void> {
    for (const delivery of await this.options.tickets.deliveries(handoffId)) {
      if (delivery.channel === WEB_CHAT && delivery.status === 'sent') await this.options.tickets.markDelivered(delivery.id, this.now());
    }
  }

  /** Tickets past their due time: marked overdue for agents, and each customer told once. */
  async markOverdue(): Promise<Handoff[]> {
    const overdue = await this.options.handoffs.markOverdueTickets();
    for (const handoff of overdue) {
      await this.options.tickets.schedule(this.routes(handoff, 'overdue'));
      this.changed(handoff);
    }
    if (overdue.length > 0) this.options.deliveries.kick();
    return overdue;
  }

  /** Where a ticket's messages go: the customer's own conversation, and email when they gave an address. */
  private routes(handoff: Handoff, subject: DeliverySubject): NewDelivery[] {
    const at = this.now();
    const routes: NewDelivery[] = [{ id: randomUUID(), handoffId: handoff.id, subject, channel: handoff.channelId, createdAt: at }];
    const email = handoff.context.entities.email;
    if (email && this.options.deliveries.emailEnabled)
      routes.push({ id: randomUUID(), handoffId: handoff.id, subject, channel: 'email', recipient: email, createdAt: at });
    return routes;
  }

  private async ticket(handoffId: string): Promise<Handoff> {
    const handoff = await this.options.handoffs.get(handoffId);
    if (!handoff || !isTicketState(handoff.state)) throw new DeskError('not_found', 'no such ticket');
    return handoff;
  }

  private changed(handoff: Handoff): void {
    this.options.events.publish({ type: 'handoff_changed', conversationId: handoff.conversationId, handoffId: handoff.id, state: handoff.state });
    this.options.events.publish({ type: 'queue_changed' });
  }

  private now(): string {
    return this.options.clock().toISOString();
  }
}
