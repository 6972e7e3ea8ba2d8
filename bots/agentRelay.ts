import {
  Activity,
  ActivityTypes,
  BotState,
  ConversationAccount,
  ConversationReference,
  EventFactory,
  MessageFactory,
  StatePropertyAccessor,
  TurnContext,
} from 'botbuilder';
import { randomUUID } from 'crypto';
import type { Logger } from 'pino';
import { ContentPack, message } from '../content/contentPack';
import { ConversationProfile, newConversationProfile } from '../dialogs/conversationProfile';
import { waitValues } from '../dialogs/handoffDialog';
import { yesNoChoices } from '../dialogs/yesNo';
import { effortQuestion } from '../dialogs/replies';
import { HandoffService } from '../handoff/handoffService';
import { LiveEvents } from '../handoff/liveEvents';
import { Outbox, OutboxMessage } from '../handoff/outbox';
import { Handoff } from '../handoff/types';

/** What can start a turn in an existing conversation on its channel (a CloudAdapter, or a channel's own). */
export interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

export interface AgentRelayOptions {
  /** The adapter, and the bot's app id on it (empty in anonymous mode), for a channel. */
  readonly adapterFor: (channelId: string) => { readonly adapter: ProactiveAdapter; readonly appId: string };
  readonly conversationState: BotState;
  readonly profile: StatePropertyAccessor<ConversationProfile>;
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
  /** Runs `work` while no turn of the conversation runs (on any instance): for changes to its state. */
  readonly withConversationLock: <T>(conversationId: string, work: () => Promise<T>) => Promise<T>;
}

export interface AgentIdentity {
  readonly id: string;
  readonly name: string;
}

/**
 * Marks an outgoing activity as written by an agent (the channel shows it as the bot; the
 * transcript knows better), with the message's outbox id, so a second delivery of the same
 * message is recognised and stored once.
 */
export interface AgentChannelData {
  readonly balie: { readonly agentId: string; readonly agentName: string; readonly messageId: string };
}

/** The outbox id of an agent message, if the activity is one. */
export function agentMessageId(activity: { channelData?: unknown }): string | undefined {
  return (activity.channelData as Partial<AgentChannelData> | undefined)?.balie?.messageId;
}

/** How long a customer's turn waits for this instance's own delivery of an agent message in progress (a refused connection takes about 5 s of the connector client's retries). */
const FLUSH_WAIT_MS = 10_000;

/** `handoff.status` (accepted / failed / completed), as an external agent hub expects it. */
function handoffStatus(handoff: Handoff, state: 'accepted' | 'failed' | 'completed'): Partial<Activity> {
  return EventFactory.createHandoffStatus({ id: handoff.conversationId } as ConversationAccount, state);
}

/**
 * Everything that reaches a customer without them writing first: the agent's messages
 * (stored in the outbox before they are acknowledged, delivered with the stored
 * conversation reference), the agent joining and leaving, queue positions and timeouts.
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
    await this.send(handoff, [MessageFactory.text(this.say(handoff, 'agentJoined', { agent: agent.name })), handoffStatus(handoff, 'accepted')]).catch(
      (error) => this.options.logger.warn({ err: error, handoffId: handoff.id }, 'could not tell the customer an agent joined'),
    );
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
    this.options.events.publish({
      type: 'agent_message',
      conversationId: stored.conversationId,
      text,
      at: stored.createdAt,
      agentId: agent.id,
      delivered: false,
    });
    const delivery = this.track(this.deliver(stored, handoff), stored.conversationId);
    const delivered = await Promise.race([delivery, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), waitMs).unref())]);
    return { ...stored, delivered };
  }

  /** The agent resolved: the bot has the conversation again and asks, once, how easy it was. */
  async resolved(handoff: Handoff, agent: AgentIdentity): Promise<void> {
    this.options.events.publish({ type: 'handoff_changed', conversationId: handoff.conversationId, handoffId: handoff.id, state: handoff.state });
    // Asked once per conversation, and never of a customer who has left.
    let askEffort = false;
    await this.updateProfile(handoff, (profile) => {
      askEffort = !profile.effortAsked && !profile.left;
      if (askEffort) {
        profile.pendingEffortScore = { handoffId: handoff.id, resolvedBy: 'agent' };
        profile.effortAsked = true;
      }
      profile.needsHuman = undefined;
      profile.consecutiveMisses = 0;
    });
    await this.send(handoff, [
      MessageFactory.text(this.say(handoff, 'agentResolved', { agent: agent.name })),
      ...(askEffort ? [effortQuestion(this.options.pack, handoff.language)] : []),
      handoffStatus(handoff, 'completed'),
    ]).catch((error) => this.options.logger.warn({ err: error, handoffId: handoff.id }, 'could not tell the customer the conversation was resolved'));
  }

  /** Tells queued customers whose position changed where they are now (each change once, on one instance). */
  async tellPositions(): Promise<void> {
    for (const entry of await this.options.handoffs.positionChanges()) {
      const say = (key: 'minute' | 'minutes') => this.say(entry.handoff, key);
      await this.send(entry.handoff, [
        MessageFactory.text(this.say(entry.handoff, 'queuePosition', waitValues(entry.position, entry.expectedWaitMinutes, say))),
      ]).catch((error) => this.options.logger.warn({ err: error, handoffId: entry.handoff.id }, 'could not send a queue position'));
    }
  }

  /** Customers who waited past the limit are told, and offered a ticket instead. */
  async expireQueue(): Promise<void> {
    const expired = await this.options.handoffs.expireWaiting();
    for (const handoff of expired) {
      this.options.events.publish({ type: 'handoff_changed', conversationId: handoff.conversationId, handoffId: handoff.id, state: handoff.state });
      await this.updateProfile(handoff, (profile) => (profile.pendingTicketOffer = { reason: handoff.reason }));
      const buttons = yesNoChoices(this.options.pack, handoff.language).map((c) => c.action!);
      await this.send(handoff, [MessageFactory.suggestedActions(buttons, this.say(handoff, 'queueTimeout')), handoffStatus(handoff, 'failed')]).catch((error) =>
        this.options.logger.warn({ err: error, handoffId: handoff.id }, 'could not tell the customer the queue timed out'),
      );
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

  /** Delivers undelivered agent messages inside a customer's own turn (expectReplies callers get them in the response). */
  async flushInTurn(context: TurnContext): Promise<void> {
    // A delivery of this instance still trying (a slow channel) either lands or releases its
    // claim first; one that hangs keeps its message, which then goes out in the background.
    const inProgress = [...(this.delivering.get(context.activity.conversation.id) ?? [])];
    if (inProgress.length > 0) await Promise.race([Promise.all(inProgress), new Promise((resolve) => setTimeout(resolve, FLUSH_WAIT_MS).unref())]);
    const claimed = await this.options.outbox.claimPending(
      this.options.instanceId,
      new Date().toISOString(),
      this.claimUntil(),
      context.activity.conversation.id,
    );
    for (const pending of claimed) {
      await context.sendActivity(await this.agentActivity(pending));
      await this.markDelivered(pending);
    }
  }

  /** Waits up to `waitMs` for deliveries in progress; one still retrying is left in the outbox for the next round. */
  async stop(waitMs = 2_000): Promise<void> {
    await Promise.race([Promise.all([...this.deliveries]), new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
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
      await this.send(handoff, [await this.agentActivity(pending)]);
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
    this.options.events.publish({
      type: 'agent_message',
      conversationId: pending.conversationId,
      text: pending.text,
      at: pending.createdAt,
      agentId: pending.agentId,
      delivered: true,
    });
  }

  private async agentActivity(pending: OutboxMessage): Promise<Partial<Activity>> {
    const channelData: AgentChannelData = {
      balie: { agentId: pending.agentId, agentName: await this.options.agentName(pending.agentId), messageId: pending.id },
    };
    return { type: ActivityTypes.Message, text: pending.text, channelData };
  }

  private async send(handoff: Handoff, activities: Partial<Activity>[]): Promise<void> {
    const { adapter, appId } = this.options.adapterFor(handoff.channelId);
    await adapter.continueConversationAsync(appId, handoff.conversationReference as Partial<ConversationReference>, async (context) => {
      await context.sendActivities(activities);
    });
  }

  /**
   * Changes the conversation's profile from outside a customer turn, while no turn of the
   * conversation runs (on any instance); retried once on an eTag conflict.
   */
  private async updateProfile(handoff: Handoff, mutate: (profile: ConversationProfile) => void): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const { adapter, appId } = this.options.adapterFor(handoff.channelId);
        await this.options.withConversationLock(handoff.conversationId, () =>
          adapter.continueConversationAsync(appId, handoff.conversationReference as Partial<ConversationReference>, async (context) => {
            await this.options.conversationState.load(context, true);
            mutate(await this.options.profile.get(context, newConversationProfile(handoff.language)));
            await this.options.conversationState.saveChanges(context, false);
          }),
        );
        return;
      } catch (error) {
        if (attempt === 1) this.options.logger.error({ err: error, handoffId: handoff.id }, 'could not update the conversation after a handoff change');
      }
    }
  }

  private say(handoff: Handoff, key: Parameters<typeof message>[1], values: Record<string, string | number> = {}): string {
    return message(this.options.pack, key, handoff.language, values);
  }

  /** Claims are leases between instances: they run on the real clock, whatever clock the business rules use. */
  private claimUntil(): string {
    return new Date(Date.now() + this.options.claimSeconds * 1000).toISOString();
  }

  private now(): string {
    return this.options.clock().toISOString();
  }
}
