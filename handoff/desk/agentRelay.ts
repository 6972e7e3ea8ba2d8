import { randomUUID } from 'crypto';
import type { Logger } from 'pino';
import { setTimeout as sleep } from 'timers/promises';
import { ContentPack, Say, sayIn } from '../../content/contentPack';
import { HandoffService } from '../handoffService';
import { LiveEvents } from '../liveEvents';
import { Outbox, OutboxMessage } from '../outbox';
import { Handoff } from '../types';
import { waitValues } from '../waitEstimator';
import { AgentIdentity, CustomerChannel, DeskMessage } from './customerChannel';

export interface AgentRelayOptions {
  readonly channel: CustomerChannel;
  readonly pack: ContentPack;
  readonly handoffs: HandoffService;
  readonly outbox: Outbox;
  readonly events: LiveEvents;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** The display name of an agent, for the transcript and the customer's channel. */
  readonly agentName: (agentId: string) => Promise<string>;
  /** This instance, as the holder of the agent messages it is delivering. */
  readonly instanceId: string;
  /** How long a delivery holds a message before another instance may try it. */
  readonly claimSeconds: number;
}

/**
 * How long a customer's turn waits for this instance's own delivery of an agent message in
 * progress before taking the message over (a refused connection keeps the connector
 * client retrying for 5 to 10 s).
 */
const FLUSH_WAIT_MS = 5_000;

/**
 * Everything that reaches a customer without them writing first: the agent's messages
 * (stored in the outbox before they are acknowledged, delivered on the customer's own
 * channel), the agent joining and leaving, queue positions and timeouts.
 */
export class AgentRelay {
  private readonly deliveries = new Set<Promise<unknown>>();
  /** Deliveries this instance is making, by conversation: a customer's turn waits for them instead of racing them. */
  private readonly delivering = new Map<string, Set<Promise<unknown>>>();

  constructor(private readonly options: AgentRelayOptions) {}

  /** The agent took the conversation: tell the customer who is there now. */
  async accepted(handoff: Handoff, agent: AgentIdentity): Promise<void> {
    this.options.events.publish({ type: 'handoff_changed', conversationId: handoff.conversationId, handoffId: handoff.id, state: handoff.state });
    this.options.events.publish({ type: 'queue_changed' });
    await this.tell(handoff, 'could not tell the customer an agent joined', [
      { kind: 'system', text: this.sayTo(handoff)('agentJoined', { agent: agent.name }) },
      { kind: 'status', state: 'accepted' },
    ]);
    await this.tellPositions();
  }

  /** The agent put the conversation back in the queue: the customer hears where they are now (once). */
  async requeued(handoff: Handoff): Promise<void> {
    this.options.events.publish({ type: 'handoff_changed', conversationId: handoff.conversationId, handoffId: handoff.id, state: handoff.state });
    this.options.events.publish({ type: 'queue_changed' });
    const entry = await this.options.handoffs.queueEntry(handoff.conversationId);
    if (entry) {
      const say = this.sayTo(handoff);
      await this.options.handoffs.markPositionTold(handoff.id, entry.position);
      await this.tell(handoff, 'could not tell the customer they are back in the queue', [
        { kind: 'system', text: say('backInQueue', waitValues(entry.position, entry.expectedWaitMinutes, say)) },
      ]);
    }
    await this.tellPositions();
  }

  /**
   * Stores the agent's message (claimed by this instance), then tries to deliver it. The
   * answer waits for the channel at most `waitMs`; a slow or failed delivery goes on (and is
   * retried, here or on another instance) in the background.
   */
  async sendFromAgent(handoff: Handoff, agent: AgentIdentity, text: string, waitMs = 2_000): Promise<OutboxMessage & { delivered: boolean }> {
    const stored = await this.options.outbox.add(
      { id: randomUUID(), conversationId: handoff.conversationId, handoffId: handoff.id, agentId: agent.id, text, createdAt: this.now() },
      this.options.instanceId,
      this.claimUntil(),
    );
    this.publishAgentMessage(stored, false);
    const delivery = this.track(this.deliver(stored, handoff), stored.conversationId);
    const delivered = await Promise.race([delivery, sleep(waitMs, false, { ref: false })]);
    return { ...stored, delivered };
  }

  /** The agent is typing: the customer sees it where their channel shows typing (best effort, nothing is stored). */
  async typing(handoff: Handoff, agent: AgentIdentity): Promise<void> {
    await this.options.channel
      .send(handoff, [{ kind: 'typing', agentId: agent.id, agentName: agent.name }])
      .catch((error) => this.options.logger.debug({ err: error, handoffId: handoff.id }, 'could not show the agent typing'));
  }

  /** The agent resolved: the bot has the conversation again and asks, once, how easy it was. */
  async resolved(handoff: Handoff, agent: AgentIdentity): Promise<void> {
    this.options.events.publish({ type: 'handoff_changed', conversationId: handoff.conversationId, handoffId: handoff.id, state: handoff.state });
    const { askEffort } = await this.options.channel.handBackToBot(handoff).catch((error) => {
      this.options.logger.error({ err: error, handoffId: handoff.id }, 'could not hand the conversation back to the bot');
      return { askEffort: false };
    });
    await this.tell(handoff, 'could not tell the customer the conversation was resolved', [
      { kind: 'system', text: this.sayTo(handoff)('agentResolved', { agent: agent.name }) },
      ...(askEffort ? [{ kind: 'effortQuestion' } as const] : []),
      { kind: 'status', state: 'completed' },
    ]);
  }

  /** Tells queued customers whose position changed where they are now (each change once, on one instance). */
  async tellPositions(): Promise<void> {
    for (const entry of await this.options.handoffs.positionChanges()) {
      const say = this.sayTo(entry.handoff);
      const text = say('queuePosition', waitValues(entry.position, entry.expectedWaitMinutes, say));
      await this.tell(entry.handoff, 'could not send a queue position', [{ kind: 'text', text }]);
    }
  }

  /** Customers who waited past the limit are told, and offered a ticket instead. */
  async expireQueue(): Promise<void> {
    const expired = await this.options.handoffs.expireWaiting();
    for (const handoff of expired) {
      this.options.events.publish({ type: 'handoff_changed', conversationId: handoff.conversationId, handoffId: handoff.id, state: handoff.state });
      await this.options.channel
        .offerTicket(handoff)
        .catch((error) => this.options.logger.error({ err: error, handoffId: handoff.id }, 'could not record the ticket offer'));
      await this.tell(handoff, 'could not tell the customer the queue timed out', [
        { kind: 'yesNo', text: this.sayTo(handoff)('queueTimeout') },
        { kind: 'status', state: 'failed' },
      ]);
    }
    if (expired.length > 0) this.options.events.publish({ type: 'queue_changed' });
  }

  /** Delivers every undelivered agent message no other instance is delivering (after a restart, a crash or a channel outage). */
  async deliverPending(): Promise<void> {
    const claimed = await this.options.outbox.claimPending(this.options.instanceId, new Date().toISOString(), this.claimUntil());
    for (const pending of claimed) await this.track(this.deliver(pending), pending.conversationId);
  }

  /** The periodic round: retries, queue timeouts, position updates. */
  async sweep(): Promise<void> {
    await this.deliverPending();
    await this.expireQueue();
    await this.tellPositions();
  }

  /**
   * Delivers the conversation's undelivered agent messages inside the customer's own turn
   * (expectReplies callers get them in the response), through `send`.
   */
  async flushInTurn(conversationId: string, send: (message: DeskMessage) => Promise<void>): Promise<void> {
    // A delivery of this instance still trying (a slow channel) either lands or releases its
    // claim first. One still retrying after the wait is overtaken: the customer's own turn
    // shows their channel works, so the message goes out in it (at worst twice, never not).
    const inProgress = [...(this.delivering.get(conversationId) ?? [])];
    const stuck = inProgress.length > 0 && (await Promise.race([Promise.all(inProgress).then(() => false), sleep(FLUSH_WAIT_MS, true, { ref: false })]));
    const claimed = await this.options.outbox.claimPending(
      this.options.instanceId,
      new Date().toISOString(),
      this.claimUntil(),
      conversationId,
      undefined,
      stuck,
    );
    for (const pending of claimed) {
      await send(await this.agentMessage(pending));
      await this.markDelivered(pending);
    }
  }

  /** Waits up to `waitMs` for deliveries in progress; one still retrying is left in the outbox for the next round. */
  async stop(waitMs = 2_000): Promise<void> {
    await Promise.race([Promise.all([...this.deliveries]), sleep(waitMs, undefined, { ref: false })]);
  }

  private track<T>(work: Promise<T>, conversationId: string): Promise<T> {
    this.deliveries.add(work);
    const ofConversation = this.delivering.get(conversationId) ?? new Set();
    this.delivering.set(conversationId, ofConversation.add(work));
    void work
      .finally(() => {
        this.deliveries.delete(work);
        ofConversation.delete(work);
        if (ofConversation.size === 0 && this.delivering.get(conversationId) === ofConversation) this.delivering.delete(conversationId);
      })
      .catch(() => undefined);
    return work;
  }

  private async deliver(pending: OutboxMessage, known?: Handoff): Promise<boolean> {
    try {
      const handoff = known ?? (await this.options.handoffs.get(pending.handoffId));
      if (!handoff) return false;
      await this.options.channel.send(handoff, [await this.agentMessage(pending)]);
      await this.markDelivered(pending);
      return true;
    } catch (error) {
      this.options.logger.warn({ err: error, messageId: pending.id }, 'agent message not delivered yet; will retry');
      await this.options.outbox
        .markAttempt(pending.id)
        .catch((markError) => this.options.logger.error({ err: markError, messageId: pending.id }, 'could not record a failed delivery'));
      return false;
    }
  }

  private async markDelivered(pending: OutboxMessage): Promise<void> {
    await this.options.outbox.markDelivered(pending.id, this.now());
    this.publishAgentMessage(pending, true);
  }

  private publishAgentMessage(message: OutboxMessage, delivered: boolean): void {
    const { conversationId, text, createdAt: at, agentId } = message;
    this.options.events.publish({ type: 'agent_message', conversationId, text, at, agentId, delivered });
  }

  private async agentMessage(pending: OutboxMessage): Promise<DeskMessage> {
    return { kind: 'agent', text: pending.text, agentId: pending.agentId, agentName: await this.options.agentName(pending.agentId), messageId: pending.id };
  }

  /** Sends what the desk has to say; a channel that fails is logged, not retried (these are notices, not agent messages). */
  private async tell(handoff: Handoff, failure: string, messages: readonly DeskMessage[]): Promise<void> {
    await this.options.channel.send(handoff, messages).catch((error) => this.options.logger.warn({ err: error, handoffId: handoff.id }, failure));
  }

  private sayTo(handoff: Handoff): Say {
    return sayIn(this.options.pack, handoff.language);
  }

  /** Claims are leases between instances: they run on the real clock, whatever clock the business rules use. */
  private claimUntil(): string {
    return new Date(Date.now() + this.options.claimSeconds * 1000).toISOString();
  }

  private now(): string {
    return this.options.clock().toISOString();
  }
}
