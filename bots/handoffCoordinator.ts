import { Activity, ActivityTypes, EventFactory, TurnContext } from 'botbuilder';
import { ContentPack } from '../content/contentPack';
import { HandoffGateway, HandoffStart } from '../dialogs/handoffGateway';
import { BusinessHours } from '../handoff/businessHours';
import { buildContextPackage, MessageAnalysis } from '../handoff/contextPackage';
import { EffortScoreStore } from '../handoff/effortScores';
import { CustomerIdentities } from '../handoff/identities';
import { HandoffRequest, HandoffService, QueueEntry } from '../handoff/handoffService';
import { LiveEvents } from '../handoff/liveEvents';
import { AGENT_ID_PREFIX, ContextPackage, Handoff, TranscriptLine } from '../handoff/types';
import { NluEngine } from '../nlu/nluEngine';
import { TranscriptEntry, TranscriptStore } from '../handoff/transcripts';

export interface HandoffCoordinatorOptions {
  readonly handoffs: HandoffService;
  readonly hours: BusinessHours;
  readonly transcripts: TranscriptStore;
  readonly effortScores: EffortScoreStore;
  readonly engine: NluEngine;
  readonly pack: ContentPack;
  readonly events: LiveEvents;
  readonly clock: () => Date;
  readonly identities: CustomerIdentities;
}

/**
 * The bot side of a handoff: builds the context package from the transcript, queues or
 * files a ticket, and announces it with a Bot Framework `handoff.initiate` event.
 */
export class HandoffCoordinator implements HandoffGateway {
  constructor(private readonly options: HandoffCoordinatorOptions) {}

  availability() {
    return this.options.handoffs.availability();
  }

  nextOpening() {
    return this.options.hours.nextOpening(this.options.clock());
  }

  queueEntry(conversationId: string) {
    return this.options.handoffs.queueEntry(conversationId);
  }

  async enqueue(context: TurnContext, start: HandoffStart): Promise<QueueEntry> {
    const handoff = await this.options.handoffs.enqueue(await this.request(context, start), 'bot');
    const entry = (await this.options.handoffs.queueEntry(handoff.conversationId))!;
    // The dialog tells this customer their position now; others who moved are told by the relay.
    await this.options.handoffs.markPositionTold(handoff.id, entry.position);
    this.options.events.publish({ type: 'queue_changed' });
    await this.announce(context, handoff);
    return entry;
  }

  async createTicket(context: TurnContext, start: HandoffStart): Promise<Handoff> {
    const ticket = await this.options.handoffs.createTicket(await this.request(context, start), 'bot');
    this.options.events.publish({ type: 'queue_changed' });
    await this.announce(context, ticket);
    return ticket;
  }

  async leaveQueue(context: TurnContext): Promise<Handoff | undefined> {
    const left = await this.options.handoffs.leaveQueue(context.activity.conversation.id);
    if (left) this.options.events.publish({ type: 'queue_changed' });
    return left;
  }

  /** The context package of a conversation as it stands now. */
  async contextPackage(context: TurnContext, start: HandoffStart): Promise<ContextPackage> {
    const activity = context.activity;
    const entries = await this.options.transcripts.list(activity.conversation.id);
    const transcript = entries.map(toTranscriptLine).filter((line): line is TranscriptLine => line !== undefined);
    const analyses: MessageAnalysis[] = transcript
      .filter((line) => line.from === 'customer')
      .map((line) => {
        const parsed = this.options.engine.parse(line.text, { fallbackLanguage: start.language });
        return {
          at: line.at,
          text: line.text,
          intent: parsed.intent.name,
          confidence: parsed.intent.confidence,
          sentiment: parsed.sentiment.score,
          entities: parsed.entities,
        };
      });
    const pastHandoffs = await this.options.handoffs.history(activity.from.id);
    // The same person on this channel, and on other channels where they proved the same order or email.
    const sameSender = await this.options.transcripts.conversationsOf(activity.from.id, activity.conversation.id);
    const linkedIds = (await this.options.identities.linkedTo(activity.conversation.id)).filter(
      (l) => !sameSender.some((c) => c.conversationId === l.conversationId),
    );
    const linked = (await Promise.all(linkedIds.map((l) => this.options.transcripts.conversationSummary(l.conversationId)))).filter((c) => c !== undefined);
    const linkedHandoffs = (await Promise.all(linked.map((c) => this.options.handoffs.latestFor(c.conversationId)))).filter((h) => h !== undefined);
    const earlier = await Promise.all(
      [...sameSender, ...linked].map(async (c) => ({
        conversationId: c.conversationId,
        channel: c.channelId,
        startedAt: c.startedAt,
        firstMessage: c.firstMessage,
        handoffReason: [...pastHandoffs, ...linkedHandoffs].find((h) => h.conversationId === c.conversationId)?.reason,
        ces: (await this.options.effortScores.forConversation(c.conversationId))?.score,
      })),
    );
    return buildContextPackage({
      customer: { id: activity.from.id, name: activity.from.name || undefined, channel: activity.channelId, language: start.language },
      reason: start.reason,
      reasonDetail: start.detail ?? '',
      transcript,
      analyses,
      facts: start.facts,
      earlierConversations: earlier,
      describeIntent: (name) => this.options.pack.intents.get(name)?.label.en ?? name,
    });
  }

  private async request(context: TurnContext, start: HandoffStart): Promise<HandoffRequest> {
    const activity = context.activity;
    return {
      conversationId: activity.conversation.id,
      channelId: activity.channelId,
      customerId: activity.from.id,
      language: start.language,
      reason: start.reason,
      priority: start.priority,
      context: await this.contextPackage(context, start),
      conversationReference: TurnContext.getConversationReference(activity),
    };
  }

  /** `handoff.initiate` with the context and the transcript, for an external agent hub (Omnichannel-style). */
  private async announce(context: TurnContext, handoff: Handoff): Promise<void> {
    const activities = (await this.options.transcripts.list(handoff.conversationId))
      .map((entry) => entry.activity as Activity)
      .filter((a) => a.type === ActivityTypes.Message);
    const event = EventFactory.createHandoffInitiation(
      context,
      { handoffId: handoff.id, reference: handoff.reference, state: handoff.state, context: handoff.context },
      { activities },
    );
    await context.sendActivity(event);
  }
}

/** A transcript entry as the agent reads it: who (customer, bot or agent), when, what; undefined for non-messages. */
export function toTranscriptLine(entry: TranscriptEntry): TranscriptLine | undefined {
  if (entry.type !== ActivityTypes.Message || !entry.text) return undefined;
  const from = entry.direction === 'in' ? 'customer' : entry.fromId?.startsWith(AGENT_ID_PREFIX) ? 'agent' : 'bot';
  return { at: entry.timestamp, from, text: entry.text };
}
