import { Agent, AgentDirectory, AgentStatus } from '../../agents/agentDirectory';
import { Availability, HandoffService, QueueEntry } from '../handoffService';
import { StaleHandoffError } from '../handoffStore';
import { LiveEvent, LiveEvents } from '../liveEvents';
import { Outbox, OutboxMessage } from '../outbox';
import { InvalidTransitionError } from '../stateMachine';
import { transcriptLines, TranscriptStore } from '../transcripts';
import { Handoff, HandoffEvent, TranscriptLine } from '../types';
import { AgentRelay } from './agentRelay';

/** Why the desk refused: a route turns it into 404, 409 or 403. */
export class DeskError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'forbidden' | 'limit',
    message: string,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

/** A colleague a conversation can be handed to. */
export interface Colleague {
  readonly id: string;
  readonly name: string;
  readonly online: boolean;
  /** Conversations they have now. */
  readonly conversations: number;
  /** Whether they may be handed one more (online and below the limit). */
  readonly available: boolean;
}

/** Where a conversation is handed: another agent, or back to the queue. */
export type TransferTarget = { readonly agentId: string } | { readonly queue: true };

export interface ConversationView {
  readonly handoff: Handoff;
  readonly transcript: TranscriptLine[];
  /** Agent messages still on their way to the customer. */
  readonly undelivered: OutboxMessage[];
  readonly events: HandoffEvent[];
}

export interface AgentDeskOptions {
  readonly agents: AgentDirectory;
  /** Most conversations one agent has at once (accepting or being handed one more is refused); 0: no limit. */
  readonly maxConversationsPerAgent?: number;
  readonly handoffs: HandoffService;
  readonly relay: AgentRelay;
  readonly transcripts: TranscriptStore;
  readonly outbox: Outbox;
  readonly events: LiveEvents;
}

/**
 * What agents do, whatever the transport: see the queue and their conversations, take one,
 * write, resolve, close tickets, and be present. The agent API calls it; it keeps the rules
 * (only the agent who has a conversation writes in it; the first to accept wins).
 */
export class AgentDesk {
  constructor(private readonly options: AgentDeskOptions) {}

  async queue(): Promise<{ entries: QueueEntry[]; agentsOnline: number; availability: Availability }> {
    return {
      entries: await this.options.handoffs.queue(),
      agentsOnline: await this.options.agents.onlineCount(),
      availability: await this.options.handoffs.availability(),
    };
  }

  assignedTo(agentId: string): Promise<Handoff[]> {
    return this.options.handoffs.assignedTo(agentId);
  }

  async conversation(conversationId: string): Promise<ConversationView> {
    const handoff = await this.latest(conversationId);
    const transcript = await transcriptLines(this.options.transcripts, handoff.conversationId);
    const undelivered = (await this.options.outbox.forHandoff(handoff.id)).filter((m) => !m.deliveredAt);
    return { handoff, transcript, undelivered, events: await this.options.handoffs.events(handoff.id) };
  }

  /** Takes a queued conversation; a second agent (on any instance) gets a conflict, an agent at their limit a refusal. */
  async accept(conversationId: string, agent: Agent): Promise<Handoff> {
    const handoff = await this.latest(conversationId);
    await this.belowLimit(agent.id, 'you have');
    const accepted = await conflicts(() => this.options.handoffs.accept(handoff.id, agent.id));
    await this.options.relay.accepted(accepted, agent);
    return accepted;
  }

  async send(conversationId: string, agent: Agent, text: string): Promise<OutboxMessage & { delivered: boolean }> {
    const handoff = await this.latest(conversationId);
    if (handoff.state !== 'agent') throw new DeskError('conflict', `the conversation is ${handoff.state}, not with an agent`);
    if (handoff.agentId !== agent.id) throw new DeskError('forbidden', 'another agent is handling this conversation');
    return this.options.relay.sendFromAgent(handoff, agent, text);
  }

  /** The agent who has the conversation is typing a reply. */
  async typing(conversationId: string, agent: Agent): Promise<void> {
    const handoff = await this.latest(conversationId);
    if (handoff.state !== 'agent') throw new DeskError('conflict', `the conversation is ${handoff.state}, not with an agent`);
    if (handoff.agentId !== agent.id) throw new DeskError('forbidden', 'another agent is handling this conversation');
    await this.options.relay.typing(handoff, agent);
  }

  /**
   * Hands a conversation the agent has to a colleague who is online and below the limit, or
   * back to the queue (where it keeps its place), with a note that shows in the timeline.
   */
  async transfer(conversationId: string, agent: Agent, target: TransferTarget, note?: string): Promise<Handoff> {
    const handoff = await this.latest(conversationId);
    if (handoff.state !== 'agent') throw new DeskError('conflict', `the conversation is ${handoff.state}, not with an agent`);
    if (handoff.agentId !== agent.id) throw new DeskError('forbidden', 'another agent is handling this conversation');
    if ('queue' in target) {
      const requeued = await conflicts(() => this.options.handoffs.requeue(handoff.id, agent.id, note));
      await this.options.relay.requeued(requeued);
      return requeued;
    }
    if (target.agentId === agent.id) throw new DeskError('conflict', 'the conversation is yours already');
    const colleague = await this.options.agents.get(target.agentId);
    if (!colleague || colleague.disabledAt) throw new DeskError('not_found', 'no such colleague');
    if (!this.options.agents.isOnline(colleague)) throw new DeskError('conflict', `${colleague.name} is not online`);
    await this.belowLimit(colleague.id, `${colleague.name} has`);
    const transferred = await conflicts(() => this.options.handoffs.transfer(handoff.id, agent.id, colleague.id, note));
    await this.options.relay.accepted(transferred, colleague);
    return transferred;
  }

  /** Everyone a conversation could be handed to, the ones who can take it first. */
  async colleagues(): Promise<Colleague[]> {
    const counts = await this.options.handoffs.conversationsPerAgent();
    const limit = this.options.maxConversationsPerAgent ?? 0;
    return (await this.options.agents.list())
      .filter((agent) => !agent.disabledAt)
      .map((agent) => {
        const online = this.options.agents.isOnline(agent);
        const conversations = counts.get(agent.id) ?? 0;
        return { id: agent.id, name: agent.name, online, conversations, available: online && (limit === 0 || conversations < limit) };
      })
      .sort((a, b) => Number(b.available) - Number(a.available) || a.conversations - b.conversations || a.name.localeCompare(b.name));
  }

  /** Refuses one more conversation for an agent at the limit (BALIE_MAX_CONVERSATIONS_PER_AGENT). */
  private async belowLimit(agentId: string, whoHas: string): Promise<void> {
    const limit = this.options.maxConversationsPerAgent ?? 0;
    if (limit === 0) return;
    const current = (await this.options.handoffs.conversationsPerAgent()).get(agentId) ?? 0;
    if (current >= limit) throw new DeskError('limit', `${whoHas} ${current} conversations, the most one agent takes at once`);
  }

  /** Gives a conversation back to the bot (which asks the effort question), or closes a ticket. */
  async resolve(conversationId: string, agent: Agent, note?: string): Promise<Handoff> {
    const handoff = await this.latest(conversationId);
    if (handoff.state === 'agent' && handoff.agentId !== agent.id) throw new DeskError('forbidden', 'another agent is handling this conversation');
    if (handoff.state === 'ticket' || handoff.state === 'answered') {
      const closed = await conflicts(() => this.options.handoffs.closeTicket(handoff.id, `agent:${agent.id}`, note));
      this.options.events.publish({ type: 'queue_changed' });
      return closed;
    }
    const resolved = await conflicts(() => this.options.handoffs.resolve(handoff.id, agent.id, note));
    await this.options.relay.resolved(resolved, agent);
    return resolved;
  }

  async setStatus(agentId: string, status: AgentStatus): Promise<Agent> {
    const agent = await this.options.agents.setStatus(agentId, status);
    if (!agent) throw new DeskError('not_found', 'no such agent');
    this.options.events.publish({ type: 'queue_changed' });
    return agent;
  }

  /** An agent's console opened its live stream: they are at work (unless away), and everything changes for the others. */
  async consoleOpened(agent: Agent): Promise<string> {
    const streamId = await this.options.agents.streamOpened(agent);
    this.options.events.publish({ type: 'queue_changed' });
    return streamId;
  }

  consoleAlive(agentId: string, streamId: string): Promise<void> {
    return this.options.agents.streamHeartbeat(agentId, streamId);
  }

  /** A console closed: the agent goes offline when it was their last one, on any instance. */
  async consoleClosed(agentId: string, streamId: string): Promise<void> {
    if (await this.options.agents.streamClosed(agentId, streamId)) this.options.events.publish({ type: 'queue_changed' });
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    return this.options.events.subscribe(listener);
  }

  private async latest(conversationId: string): Promise<Handoff> {
    const handoff = await this.options.handoffs.latestFor(conversationId);
    if (!handoff) throw new DeskError('not_found', 'no handoff for this conversation');
    return handoff;
  }
}

/** A transition that lost a race (another agent, another instance) or does not apply is a conflict. */
export async function conflicts<T>(transition: () => Promise<T>): Promise<T> {
  try {
    return await transition();
  } catch (error) {
    if (error instanceof StaleHandoffError) {
      const message =
        error.actual === 'agent'
          ? 'another agent has already accepted this conversation'
          : error.actual === error.expected
            ? 'another agent has already taken this ticket'
            : error.message;
      throw new DeskError('conflict', message);
    }
    if (error instanceof InvalidTransitionError) throw new DeskError('conflict', error.message);
    throw error;
  }
}
