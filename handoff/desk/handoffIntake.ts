import { ContentPack } from '../../content/contentPack';
import { Language } from '../../nlu/language';
import { NluEngine } from '../../nlu/nluEngine';
import { BusinessHours } from '../businessHours';
import { buildContextPackage, MessageAnalysis } from '../contextPackage';
import { EffortScoreStore } from '../effortScores';
import { Availability, HandoffRequest, HandoffService, QueueEntry } from '../handoffService';
import { CustomerIdentities } from '../identities';
import { LiveEvents } from '../liveEvents';
import { isTicketState } from '../stateMachine';
import { transcriptLines, TranscriptStore } from '../transcripts';
import { ContextPackage, Handoff, HandoffReason } from '../types';

/** Why and how a conversation goes to a person, as the dialogs know it. */
export interface HandoffStart {
  readonly language: Language;
  readonly reason: HandoffReason;
  readonly priority: number;
  /** The customer's own words about the problem, when the bot asked for them. */
  readonly detail?: string;
  /** Facts gathered for the agent (order number, email, ...). */
  readonly facts: Readonly<Record<string, string | undefined>>;
}

/** The customer whose conversation is handed over, with what their channel needs to reach them later. */
export interface CustomerAtHand {
  readonly conversationId: string;
  readonly channelId: string;
  readonly customerId: string;
  readonly customerName?: string;
  /** The channel's conversation reference, opaque here, for proactive messages. */
  readonly conversationReference: unknown;
}

export interface HandoffIntakeOptions {
  readonly handoffs: HandoffService;
  readonly hours: BusinessHours;
  readonly transcripts: TranscriptStore;
  readonly effortScores: EffortScoreStore;
  readonly identities: CustomerIdentities;
  readonly engine: NluEngine;
  readonly pack: ContentPack;
  readonly events: LiveEvents;
  readonly clock: () => Date;
}

/**
 * Where the bot hands a conversation over: builds the context package from the transcript
 * and the customer's history, then queues it or files a ticket, and tells the consoles.
 */
export class HandoffIntake {
  constructor(private readonly options: HandoffIntakeOptions) {}

  availability(): Promise<Availability> {
    return this.options.handoffs.availability();
  }

  nextOpening(): Date | undefined {
    return this.options.hours.nextOpening(this.options.clock());
  }

  ticketDue(): Date {
    return this.options.handoffs.ticketDueFrom();
  }

  queueEntry(conversationId: string): Promise<QueueEntry | undefined> {
    return this.options.handoffs.queueEntry(conversationId);
  }

  openFor(conversationId: string): Promise<Handoff | undefined> {
    return this.options.handoffs.openFor(conversationId);
  }

  async enqueue(customer: CustomerAtHand, start: HandoffStart): Promise<QueueEntry> {
    const handoff = await this.options.handoffs.enqueue(await this.request(customer, start), 'bot');
    const entry = (await this.options.handoffs.queueEntry(handoff.conversationId))!;
    // The dialog tells this customer their position now; others who moved are told by the relay.
    await this.options.handoffs.markPositionTold(handoff.id, entry.position);
    this.options.events.publish({ type: 'queue_changed' });
    return entry;
  }

  async createTicket(customer: CustomerAtHand, start: HandoffStart): Promise<Handoff> {
    const ticket = await this.options.handoffs.createTicket(await this.request(customer, start), 'bot');
    this.options.events.publish({ type: 'queue_changed' });
    return ticket;
  }

  async leaveQueue(conversationId: string): Promise<Handoff | undefined> {
    const left = await this.options.handoffs.leaveQueue(conversationId);
    if (left) this.options.events.publish({ type: 'queue_changed' });
    return left;
  }

  /** The context package of a conversation as it stands now. */
  async contextPackage(customer: CustomerAtHand, start: HandoffStart): Promise<ContextPackage> {
    const transcript = await transcriptLines(this.options.transcripts, customer.conversationId);
    const analyses: MessageAnalysis[] = transcript
      .filter((line) => line.from === 'customer' && line.text)
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
    const pastHandoffs = await this.options.handoffs.history(customer.customerId);
    // The same person on this channel, and on other channels where they proved the same order or email.
    const sameSender = await this.options.transcripts.conversationsOf(customer.customerId, customer.conversationId);
    const linkedIds = (await this.options.identities.linkedTo(customer.conversationId)).filter(
      (l) => !sameSender.some((c) => c.conversationId === l.conversationId),
    );
    const linked = (await Promise.all(linkedIds.map((l) => this.options.transcripts.conversationSummary(l.conversationId)))).filter((c) => c !== undefined);
    const linkedHandoffs = (await Promise.all(linked.map((c) => this.options.handoffs.latestFor(c.conversationId)))).filter((h) => h !== undefined);
    const earlier = await Promise.all(
      [...sameSender, ...linked].map(async (c) => {
        const handoff = [...pastHandoffs, ...linkedHandoffs].find((h) => h.conversationId === c.conversationId);
        const ticket = handoff && isTicketState(handoff.state) ? { id: handoff.id, reference: handoff.reference, state: handoff.state } : undefined;
        return {
          conversationId: c.conversationId,
          channel: c.channelId,
          startedAt: c.startedAt,
          firstMessage: c.firstMessage,
          handoffReason: handoff?.reason,
          ces: (await this.options.effortScores.forConversation(c.conversationId))?.score,
          ...(ticket ? { ticket } : {}),
        };
      }),
    );
    return buildContextPackage({
      customer: { id: customer.customerId, name: customer.customerName, channel: customer.channelId, language: start.language },
      reason: start.reason,
      reasonDetail: start.detail ?? '',
      transcript,
      analyses,
      facts: start.facts,
      earlierConversations: earlier,
      describeIntent: (name) => this.options.pack.intents.get(name)?.label.en ?? name,
    });
  }

  private async request(customer: CustomerAtHand, start: HandoffStart): Promise<HandoffRequest> {
    return {
      conversationId: customer.conversationId,
      channelId: customer.channelId,
      customerId: customer.customerId,
      language: start.language,
      reason: start.reason,
      priority: start.priority,
      context: await this.contextPackage(customer, start),
      conversationReference: customer.conversationReference,
    };
  }
}
