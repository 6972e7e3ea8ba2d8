import { randomBytes, randomUUID } from 'crypto';
import { BusinessHours } from './businessHours';
import { HandoffStore } from './handoffStore';
import { Owner, ownerFor } from './stateMachine';
import { ContextPackage, Handoff, HandoffReason, Language } from './types';
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
  readonly agentsOnline: () => number;
  readonly clock: () => Date;
  /** A queued customer who waited longer than this is abandoned (and offered a ticket). */
  readonly maxQueueMinutes: number;
}

/** Priority counts as this many minutes of extra waiting when the queue is ordered. */
const PRIORITY_MINUTES = 15;
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Queue, ownership and tickets: the plain-TypeScript heart of the handoff. */
export class HandoffService {
  constructor(private readonly options: HandoffServiceOptions) {}

  availability(): Availability {
    if (!this.options.hours.isOpen(this.options.clock())) return 'closed';
    return this.options.agentsOnline() > 0 ? 'available' : 'no_agents';
  }

  owner(conversationId: string): Owner {
    return ownerFor(this.options.store.openFor(conversationId)?.state);
  }

  /** A customer's handoffs across conversations, newest first. */
  history(customerId: string, limit = 20): Handoff[] {
    return this.options.store.forCustomer(customerId, limit);
  }

  get(handoffId: string): Handoff | undefined {
    return this.options.store.get(handoffId);
  }

  latestFor(conversationId: string): Handoff | undefined {
    return this.options.store.latestFor(conversationId);
  }

  /** Every transition of a handoff: from, to, who, when. */
  events(handoffId: string) {
    return this.options.store.events(handoffId);
  }

  /** Conversations an agent is handling now. */
  assignedTo(agentId: string): Handoff[] {
    return this.options.store.inState('agent').filter((h) => h.agentId === agentId);
  }

  /** Open tickets, oldest first. */
  tickets(): Handoff[] {
    return this.options.store.inState('ticket');
  }

  /** Puts the conversation in the queue. */
  enqueue(request: HandoffRequest, actor: string): Handoff {
    return this.options.store.create({ ...this.newRecord(request), state: 'queued' }, actor);
  }

  /** Records an offline ticket carrying the same context package. */
  createTicket(request: HandoffRequest, actor: string): Handoff {
    return this.options.store.create({ ...this.newRecord(request), state: 'ticket' }, actor);
  }

  /** The queued handoff becomes the agent's; a second agent racing for it gets a StaleHandoffError. */
  accept(handoffId: string, agentId: string): Handoff {
    return this.options.store.transition({ handoffId, event: 'accept', actor: `agent:${agentId}`, agentId, at: this.now() });
  }

  resolve(handoffId: string, agentId: string, note?: string): Handoff {
    return this.options.store.transition({ handoffId, event: 'resolve', actor: `agent:${agentId}`, at: this.now(), note });
  }

  closeTicket(handoffId: string, agentId: string, note?: string): Handoff {
    return this.options.store.transition({ handoffId, event: 'close', actor: `agent:${agentId}`, agentId, at: this.now(), note });
  }

  /** The customer leaves the queue; the bot has the conversation again. */
  leaveQueue(conversationId: string): Handoff | undefined {
    const open = this.options.store.openFor(conversationId);
    if (!open || open.state !== 'queued') return undefined;
    return this.options.store.transition({ handoffId: open.id, event: 'leave', actor: 'customer', at: this.now() });
  }

  /** The queue in serving order, with positions and expected waits. */
  queue(): QueueEntry[] {
    const now = this.options.clock().getTime();
    const queued = this.options.store
      .inState('queued')
      .map((handoff) => ({ handoff, key: Date.parse(handoff.createdAt) - handoff.priority * PRIORITY_MINUTES * 60_000 }))
      .sort((a, b) => a.key - b.key); // stable: equal keys keep arrival order
    const handling = this.options.store.recentHandlingMinutes(20);
    const agents = this.options.agentsOnline();
    return queued.map(({ handoff }, i) => ({
      handoff,
      position: i + 1,
      waitingMinutes: Math.floor((now - Date.parse(handoff.createdAt)) / 60_000),
      expectedWaitMinutes: expectedWaitMinutes(i + 1, handling, agents),
    }));
  }

  queueEntry(conversationId: string): QueueEntry | undefined {
    // Most conversations are not queued: one indexed look-up answers that without building the queue.
    if (this.options.store.openFor(conversationId)?.state !== 'queued') return undefined;
    return this.queue().find((entry) => entry.handoff.conversationId === conversationId);
  }

  /** Queued handoffs that waited past the limit become abandoned; returns them so the customers can be told. */
  expireWaiting(): Handoff[] {
    const limit = this.options.clock().getTime() - this.options.maxQueueMinutes * 60_000;
    return this.options.store
      .inState('queued')
      .filter((handoff) => Date.parse(handoff.createdAt) < limit)
      .flatMap((handoff) => {
        try {
          return [this.options.store.transition({ handoffId: handoff.id, event: 'timeout', actor: 'system', at: this.now(), note: `waited more than ${this.options.maxQueueMinutes} minutes` })];
        } catch {
          return []; // accepted or left in the meantime
        }
      });
  }

  /** Records that the customer was told this position (so only a change is told again). */
  markPositionTold(handoffId: string, position: number): void {
    this.options.store.setLastToldPosition(handoffId, position);
  }

  /** Queue entries whose position changed since the customer was last told, marked as told. */
  positionChanges(): QueueEntry[] {
    const changed = this.queue().filter((entry) => entry.handoff.lastToldPosition !== entry.position);
    for (const entry of changed) this.options.store.setLastToldPosition(entry.handoff.id, entry.position);
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

/** "BAL-7K3QX": short, unambiguous characters, easy to read out on the phone. */
function newReference(): string {
  const bytes = randomBytes(5);
  return `BAL-${Array.from(bytes, (b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]).join('')}`;
}
