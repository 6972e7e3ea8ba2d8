import { randomBytes, randomUUID } from 'crypto';
import { BusinessHours, TicketResponseTime } from './businessHours';
import { HandoffStore, StaleHandoffError } from './handoffStore';
import { OPEN_TICKET_STATES, Owner, ownerFor } from './stateMachine';
import { ContextPackage, Handoff, HandoffEvent, HandoffReason } from './types';
import { Language } from '../nlu/language';
import { expectedWaitMinutes } from './waitEstimator';

export interface HandoffRequest {
  readonly conversationId: string;
  readonly channelId: string;
  readonly customerId: string;
  readonly language: Language;
  readonly reason: HandoffReason;
  readonly priority: number;
  readonly context: ContextPackage;
  readonly conversationReference: unknown;
}

export interface QueueEntry {
  readonly handoff: Handoff;
  /** 1 = next in line. */
  readonly position: number;
  readonly waitingMinutes: number;
  readonly expectedWaitMinutes: number;
}

/** Whether a person can take over now, and if not, why. */
export type Availability = 'available' | 'closed' | 'no_agents';

export interface HandoffServiceOptions {
  readonly store: HandoffStore;
  readonly hours: BusinessHours;
  /** Agents who can take conversations right now. */
  readonly agentsOnline: () => Promise<number>;
  readonly clock: () => Date;
  /** A queued customer who waited longer than this is abandoned (and offered a ticket). */
  readonly maxQueueMinutes: number;
  /** How soon tickets are answered (the content pack's setting). */
  readonly ticketResponseTime: TicketResponseTime;
}

/** An open ticket as agents list it. */
export interface TicketEntry {
  readonly handoff: Handoff;
  /** Past its due time and not answered since. */
  readonly overdue: boolean;
}

/** Priority counts as this many minutes of extra waiting when the queue is ordered. */
const PRIORITY_MINUTES = 15;
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Queue, ownership and tickets: the plain-TypeScript heart of the handoff. */
export class HandoffService {
  constructor(private readonly options: HandoffServiceOptions) {}

  async availability(): Promise<Availability> {
    if (!this.options.hours.isOpen(this.options.clock())) return 'closed';
    return (await this.options.agentsOnline()) > 0 ? 'available' : 'no_agents';
  }

  async owner(conversationId: string): Promise<Owner> {
    return ownerFor((await this.openFor(conversationId))?.state);
  }

  /** The conversation's handoff that is not over yet (queued, with an agent, an open ticket), if any. */
  openFor(conversationId: string): Promise<Handoff | undefined> {
    return this.options.store.openFor(conversationId);
  }

  /** A customer's handoffs across conversations, newest first. */
  history(customerId: string, limit = 20): Promise<Handoff[]> {
    return this.options.store.forCustomer(customerId, limit);
  }

  get(handoffId: string): Promise<Handoff | undefined> {
    return this.options.store.get(handoffId);
  }

  latestFor(conversationId: string): Promise<Handoff | undefined> {
    return this.options.store.latestFor(conversationId);
  }

  /** Every transition of a handoff: from, to, who, when. */
  events(handoffId: string): Promise<HandoffEvent[]> {
    return this.options.store.events(handoffId);
  }

  /** Conversations an agent is handling now. */
  async assignedTo(agentId: string): Promise<Handoff[]> {
    return (await this.options.store.inState('agent')).filter((h) => h.agentId === agentId);
  }

  /**
   * Open tickets (waiting for an agent, or answered and waiting for the customer): overdue
   * ones first, then those waiting for an agent by due time, then the answered ones.
   */
  async tickets(): Promise<TicketEntry[]> {
    const now = this.options.clock().getTime();
    const open = (await Promise.all(OPEN_TICKET_STATES.map((state) => this.options.store.inState(state)))).flat();
    const entries = open.map((handoff) => ({ handoff, overdue: isOverdue(handoff, now) }));
    const rank = (e: TicketEntry) => (e.overdue ? 0 : e.handoff.state === 'ticket' ? 1 : 2);
    const due = (e: TicketEntry) => Date.parse(e.handoff.dueAt ?? e.handoff.createdAt);
    return entries.sort((a, b) => rank(a) - rank(b) || due(a) - due(b));
  }

  /** When a ticket filed now would be due: the time the bot promises. */
  ticketDueFrom(at: Date = this.options.clock()): Date {
    return this.options.hours.ticketDue(at, this.options.ticketResponseTime);
  }

  /**
   * Makes the agent the ticket's owner. Only an unowned ticket is taken, unless `takeOver`
   * names the owner the caller saw (a supervisor reassigning); a race is a StaleHandoffError.
   */
  takeTicket(handoffId: string, agentId: string, takeOver?: string): Promise<Handoff> {
    return this.options.store.transition({ handoffId, event: 'take', actor: `agent:${agentId}`, agentId, at: this.now(), expectedOwner: takeOver ?? '' });
  }

  /** The owner answered (in writing): the ticket waits for the customer now. */
  answerTicket(handoffId: string, agentId: string): Promise<Handoff> {
    return this.options.store.transition({ handoffId, event: 'answer', actor: `agent:${agentId}`, at: this.now(), expectedOwner: agentId });
  }

  /** The customer replied to an answer: the ticket is open again, due anew. */
  reopenTicket(handoffId: string): Promise<Handoff> {
    return this.options.store.transition({ handoffId, event: 'reopen', actor: 'customer', at: this.now(), dueAt: this.ticketDueFrom().toISOString() });
  }

  closeTicket(handoffId: string, actor: string, note?: string): Promise<Handoff> {
    return this.options.store.transition({ handoffId, event: 'close', actor, at: this.now(), note });
  }

  /** Tickets that passed their due time unanswered, now marked overdue: each returned by one call only, on any instance. */
  async markOverdueTickets(): Promise<Handoff[]> {
    const now = this.options.clock();
    const marked: Handoff[] = [];
    for (const handoff of await this.options.store.inState('ticket')) {
      if (handoff.overdueAt || !isOverdue(handoff, now.getTime())) continue;
      if (await this.options.store.markOverdue(handoff.id, now.toISOString())) marked.push({ ...handoff, overdueAt: now.toISOString() });
    }
    return marked;
  }

  /** Puts the conversation in the queue. */
  enqueue(request: HandoffRequest, actor: string): Promise<Handoff> {
    return this.options.store.create({ ...this.newRecord(request), state: 'queued' }, actor);
  }

  /** Records an offline ticket carrying the same context package, due as the content pack says. */
  createTicket(request: HandoffRequest, actor: string): Promise<Handoff> {
    return this.options.store.create({ ...this.newRecord(request), state: 'ticket', dueAt: this.ticketDueFrom().toISOString() }, actor);
  }

  /** The queued handoff becomes the agent's; a second agent racing for it (on any instance) gets a StaleHandoffError. */
  accept(handoffId: string, agentId: string): Promise<Handoff> {
    return this.options.store.transition({ handoffId, event: 'accept', actor: `agent:${agentId}`, agentId, at: this.now() });
  }

  /** The agent who has the conversation hands it to a colleague, with a note for them; a race is a StaleHandoffError. */
  transfer(handoffId: string, fromAgentId: string, toAgentId: string, note?: string): Promise<Handoff> {
    return this.options.store.transition({
      handoffId,
      event: 'transfer',
      actor: `agent:${fromAgentId}`,
      agentId: toAgentId,
      at: this.now(),
      note,
      expectedOwner: fromAgentId,
    });
  }

  /** The agent who has the conversation puts it back in the queue (in its old place), with a note for whoever takes it. */
  requeue(handoffId: string, agentId: string, note?: string): Promise<Handoff> {
    return this.options.store.transition({ handoffId, event: 'requeue', actor: `agent:${agentId}`, at: this.now(), note, expectedOwner: agentId });
  }

  /** How many conversations each agent has now (state agent), for the limit per agent. */
  conversationsPerAgent(): Promise<Map<string, number>> {
    return this.options.store.conversationsPerAgent();
  }

  resolve(handoffId: string, agentId: string, note?: string): Promise<Handoff> {
    return this.options.store.transition({ handoffId, event: 'resolve', actor: `agent:${agentId}`, at: this.now(), note });
  }

  /** The customer leaves the queue; the bot has the conversation again. */
  async leaveQueue(conversationId: string): Promise<Handoff | undefined> {
    const open = await this.options.store.openFor(conversationId);
    if (!open || open.state !== 'queued') return undefined;
    try {
      return await this.options.store.transition({ handoffId: open.id, event: 'leave', actor: 'customer', at: this.now() });
    } catch (error) {
      if (error instanceof StaleHandoffError) return undefined; // an agent accepted it in the meantime
      throw error;
    }
  }

  /** The queue in serving order, with positions and expected waits. */
  async queue(): Promise<QueueEntry[]> {
    const now = this.options.clock().getTime();
    const queued = (await this.options.store.inState('queued'))
      .map((handoff) => ({ handoff, key: Date.parse(handoff.createdAt) - handoff.priority * PRIORITY_MINUTES * 60_000 }))
      .sort((a, b) => a.key - b.key); // stable: equal keys keep arrival order
    const handling = await this.options.store.recentHandlingMinutes(20);
    const agents = await this.options.agentsOnline();
    return queued.map(({ handoff }, i) => ({
      handoff,
      position: i + 1,
      waitingMinutes: Math.floor((now - Date.parse(handoff.createdAt)) / 60_000),
      expectedWaitMinutes: expectedWaitMinutes(i + 1, handling, agents),
    }));
  }

  async queueEntry(conversationId: string): Promise<QueueEntry | undefined> {
    // Most conversations are not queued: one indexed look-up answers that without building the queue.
    if ((await this.options.store.openFor(conversationId))?.state !== 'queued') return undefined;
    return (await this.queue()).find((entry) => entry.handoff.conversationId === conversationId);
  }

  /**
   * Queued handoffs that waited past the limit become abandoned; returns the ones this call
   * abandoned, so their customers are told once (another instance may have been first).
   */
  async expireWaiting(): Promise<Handoff[]> {
    const limit = this.options.clock().getTime() - this.options.maxQueueMinutes * 60_000;
    const expired: Handoff[] = [];
    for (const handoff of await this.options.store.inState('queued')) {
      if (Date.parse(handoff.createdAt) >= limit) continue;
      try {
        expired.push(
          await this.options.store.transition({
            handoffId: handoff.id,
            event: 'timeout',
            actor: 'system',
            at: this.now(),
            note: `waited more than ${this.options.maxQueueMinutes} minutes`,
          }),
        );
      } catch (error) {
        if (!(error instanceof StaleHandoffError)) throw error; // accepted or left in the meantime
      }
    }
    return expired;
  }

  /** Records that the customer was told this position (so only a change is told again). */
  async markPositionTold(handoffId: string, position: number): Promise<void> {
    await this.options.store.setLastToldPosition(handoffId, position);
  }

  /**
   * Queue entries whose position changed since the customer was last told, marked as told.
   * Each change is returned by one call only, on whichever instance asks first.
   */
  async positionChanges(): Promise<QueueEntry[]> {
    const changed: QueueEntry[] = [];
    for (const entry of await this.queue()) {
      if (entry.handoff.lastToldPosition === entry.position) continue;
      if (await this.options.store.setLastToldPosition(entry.handoff.id, entry.position)) changed.push(entry);
    }
    return changed;
  }

  private newRecord(request: HandoffRequest) {
    return {
      id: randomUUID(),
      reference: newReference(),
      conversationId: request.conversationId,
      channelId: request.channelId,
      customerId: request.customerId,
      language: request.language,
      reason: request.reason,
      priority: request.priority,
      createdAt: this.now(),
      context: request.context,
      conversationReference: request.conversationReference,
    };
  }

  private now(): string {
    return this.options.clock().toISOString();
  }
}

function isOverdue(handoff: Handoff, now: number): boolean {
  return handoff.state === 'ticket' && handoff.dueAt !== undefined && Date.parse(handoff.dueAt) < now;
}

/** "BAL-7K3QX": short, unambiguous characters, easy to read out on the phone. */
function newReference(): string {
  const bytes = randomBytes(5);
  return `BAL-${Array.from(bytes, (b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]).join('')}`;
}
