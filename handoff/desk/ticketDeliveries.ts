import type { Logger } from 'pino';
import { ContentPack, Say, sayIn } from '../../content/contentPack';
import { escapeHtml } from '../../http/html';
import { Language } from '../../nlu/language';
import { EffortScoreStore } from '../effortScores';
import { HandoffService } from '../handoffService';
import { LiveEvents } from '../liveEvents';
import { Mailer, OutgoingMail } from '../ticketMail';
import { TicketDelivery, TicketMessage, TicketStore } from '../ticketStore';
import { Handoff } from '../types';
import { CustomerChannel, DeskMessage } from './customerChannel';
import { claimTimes, retryDelayMs, RetryRounds } from './retryRounds';

export interface TicketDeliveriesOptions {
  readonly tickets: TicketStore;
  readonly handoffs: HandoffService;
  readonly channel: CustomerChannel;
  readonly mailer: Mailer;
  readonly pack: ContentPack;
  /** Consoles showing the ticket hear of each outcome. */
  readonly events: LiveEvents;
  readonly agentName: (agentId: string) => Promise<string>;
  /** An effort question by email is not sent once the conversation has its score. */
  readonly effortScores: EffortScoreStore;
  /** Signed links for email: the ticket's conversation in web chat (web chat tickets only), and the effort answer (score 1–7). */
  readonly links: TicketLinks;
  /** This instance, as the holder of the deliveries it is making. */
  readonly instanceId: string;
  /** How long a claim holds a delivery before another instance may try it. */
  readonly claimSeconds: number;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Attempts before a delivery is given up as failed (the agent sees it, with the reason). */
  readonly maxAttempts?: number;
  /** The first retry's wait; each next one doubles, up to an hour. */
  readonly firstRetryMs?: number;
}

/** Channels where a message posted into the conversation waits for the customer to come back (so it is sent, not yet delivered). */
const WAITING_CHANNELS = new Set(['webchat', 'directline']);
const BATCH = 20;

export interface TicketLinks {
  chat(ticket: Handoff): Promise<string | undefined>;
  /** The page that records `score`; undefined when the service has no public URL. */
  effort(ticket: Handoff): Promise<((score: number) => string) | undefined>;
}

/**
 * Sends what tickets have to say to their customers, once per channel: claims due
 * deliveries (so no other instance sends them too), sends each on the customer's channel or
 * by email, and records the outcome; a failure is retried with growing waits, then given up
 * as failed with its reason.
 */
export class TicketDeliveries {
  private readonly rounds = new RetryRounds(async () => {
    const claimed = await this.options.tickets.claimDue(this.options.instanceId, claimTimes(this.options.clock(), this.options.claimSeconds), BATCH);
    for (const delivery of claimed) await this.deliver(delivery);
    return claimed.length === BATCH;
  });

  constructor(private readonly options: TicketDeliveriesOptions) {}

  get emailEnabled(): boolean {
    return this.options.mailer.enabled;
  }

  /** Runs a round soon, in the background (an answer was just written). */
  kick(): void {
    void this.run().catch((error) => this.options.logger.error({ err: error }, 'ticket deliveries failed'));
  }

  /** Delivers everything due; a round already running here runs once more instead of twice at once. */
  run(): Promise<void> {
    return this.rounds.run();
  }

  /** Waits up to `waitMs` for a round in progress. */
  stop(waitMs = 2_000): Promise<void> {
    return this.rounds.stop(waitMs);
  }

  private async deliver(delivery: TicketDelivery): Promise<void> {
    const handoff = await this.options.handoffs.get(delivery.handoffId);
    await this.attempt(delivery, handoff);
    if (handoff) {
      this.options.events.publish({ type: 'handoff_changed', conversationId: handoff.conversationId, handoffId: handoff.id, state: handoff.state });
    }
  }

  private async attempt(delivery: TicketDelivery, handoff: Handoff | undefined): Promise<void> {
    try {
      if (!handoff) throw new Error('the ticket no longer exists');
      const say = sayIn(this.options.pack, handoff.language);
      if (delivery.channel === 'email') {
        if (!delivery.recipient) throw new Error('no email address');
        if (delivery.subject === 'effort' && (await this.options.effortScores.forConversation(handoff.conversationId))) {
          await this.options.tickets.markSent(delivery.id, 'skipped', this.now());
          return;
        }
        await this.options.mailer.send(await this.mail(delivery, handoff, say, delivery.recipient));
        await this.options.tickets.markSent(delivery.id, 'sent', this.now());
      } else {
        // Asked once per conversation: the first attempt claims the question (a retry after a failed send must not skip it).
        if (delivery.subject === 'effort' && delivery.attempts === 0 && !(await this.options.channel.expectEffortScore(handoff))) {
          await this.options.tickets.markSent(delivery.id, 'skipped', this.now());
          return;
        }
        const { messages, answeredBy } = await this.conversationMessages(delivery, handoff, say);
        await this.options.channel.send(handoff, messages);
        // The customer's next message in that conversation is their reply to the ticket (ready before the delivery counts as made).
        if (answeredBy !== undefined) {
          await this.options.channel
            .expectTicketReply(handoff, answeredBy)
            .catch((error) => this.options.logger.warn({ err: error, handoffId: handoff.id }, 'could not prepare the conversation for a ticket reply'));
        }
        await this.options.tickets.markSent(delivery.id, WAITING_CHANNELS.has(delivery.channel) ? 'sent' : 'delivered', this.now());
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const attempts = delivery.attempts + 1;
      const giveUp = attempts >= (this.options.maxAttempts ?? 10);
      const wait = retryDelayMs(attempts, this.options.firstRetryMs ?? 30_000);
      this.options.logger.warn(
        { err: error, deliveryId: delivery.id, channel: delivery.channel, attempts },
        giveUp ? 'ticket delivery failed' : 'ticket delivery will be retried',
      );
      await this.options.tickets.markAttemptFailed(delivery.id, reason, giveUp ? undefined : new Date(this.options.clock().getTime() + wait).toISOString());
    }
  }

  private async conversationMessages(delivery: TicketDelivery, handoff: Handoff, say: Say): Promise<{ messages: DeskMessage[]; answeredBy?: string }> {
    if (delivery.subject === 'overdue') return { messages: [{ kind: 'text', text: say('ticketOverdue', this.overdueValues(handoff)) }] };
    if (delivery.subject === 'effort') return { messages: [{ kind: 'effortQuestion' }] };
    const { message, agentName } = await this.answer(delivery);
    return {
      answeredBy: agentName,
      messages: [
        ...ticketAnswerMessages(say, handoff, message, agentName),
        { kind: 'choices', text: say('ticketReplyHint', { agent: agentName, reference: handoff.reference }), choices: [say('ticketSolvedButton')] },
      ],
    };
  }

  private async mail(delivery: TicketDelivery, handoff: Handoff, say: Say, to: string): Promise<OutgoingMail> {
    const link = await this.options.links.chat(handoff);
    const base = { to, messageId: `<${delivery.id}@balie>`, language: handoff.language };
    if (delivery.subject === 'effort') return { ...base, ...(await this.effortMail(handoff, say)) };
    if (delivery.subject === 'overdue') {
      const body = say('ticketOverdue', this.overdueValues(handoff));
      return { ...base, subject: say('ticketMailOverdueSubject', { reference: handoff.reference }), ...mailBodies(handoff.language, [body], say, link) };
    }
    const { message, agentName } = await this.answer(delivery);
    const intro = say('ticketAnswerIntro', { reference: handoff.reference, agent: agentName });
    return {
      ...base,
      subject: say('ticketMailAnswerSubject', { reference: handoff.reference }),
      ...mailBodies(handoff.language, [intro, message.text, `— ${agentName}`], say, link),
    };
  }

  /** How easy was it, with a link per score: one click records it (the first answer counts). */
  private async effortMail(handoff: Handoff, say: Say): Promise<{ subject: string; text: string; html: string }> {
    const link = await this.options.links.effort(handoff);
    if (!link) throw new Error('BALIE_PUBLIC_URL is not set: the email cannot link to the effort page');
    const scores = [1, 2, 3, 4, 5, 6, 7];
    const intro = say('ticketMailEffortQuestion', { reference: handoff.reference });
    const footer = say('ticketMailFooter');
    const label = (score: number) => (score === 1 ? `1 – ${say('effortVeryDifficult')}` : score === 7 ? `7 – ${say('effortVeryEasy')}` : String(score));
    const text = [intro, scores.map((score) => `${label(score)}: ${link(score)}`).join('\n'), footer].join('\n\n');
    const buttons = scores.map(
      (score) =>
        `<a href="${escapeHtml(link(score))}" style="display: inline-block; margin: 0 0.3em 0.3em 0; padding: 0.4em 0.8em; border: 1px solid #1f5fbf; border-radius: 6px; color: #1f5fbf; text-decoration: none">${escapeHtml(label(score))}</a>`,
    );
    const html = htmlMail(handoff.language, [`<p>${escapeHtml(intro)}</p>`, `<p>${buttons.join('\n')}</p>`], footer);
    return { subject: say('ticketMailEffortSubject', { reference: handoff.reference }), text, html };
  }

  private async answer(delivery: TicketDelivery): Promise<{ message: TicketMessage; agentName: string }> {
    const message = await this.options.tickets.getMessage(delivery.subject.slice('answer:'.length));
    if (!message) throw new Error('the answer no longer exists');
    return { message, agentName: message.agentId ? await this.options.agentName(message.agentId) : '' };
  }

  /** The honest new promise: an answer by the time a ticket filed now would be due. */
  private overdueValues(handoff: Handoff): Record<string, string> {
    return {
      reference: handoff.reference,
      when: describeTime(this.options.handoffs.ticketDueFrom(), handoff.language, this.options.pack.businessHours.timezone),
    };
  }

  private now(): string {
    return this.options.clock().toISOString();
  }
}

/** A ticket's answer as the customer sees it in a chat: who answered which ticket (a small line), then the agent's message. */
export function ticketAnswerMessages(say: Say, ticket: Handoff, message: TicketMessage, agentName: string): DeskMessage[] {
  return [
    { kind: 'system', text: say('ticketAnswerIntro', { reference: ticket.reference, agent: agentName }) },
    { kind: 'agent', text: message.text, agentId: message.agentId ?? '', agentName, messageId: message.id },
  ];
}

/** "woensdag 3 december 12:00" in the shop's time zone. */
export function describeTime(at: Date, language: Language, timezone: string): string {
  return new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
    timeZone: timezone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** The plain-text and HTML bodies of a customer email: paragraphs, the link back to the chat, the no-reply footer. */
function mailBodies(language: Language, paragraphs: readonly string[], say: Say, link: string | undefined): { text: string; html: string } {
  const linkLine = say('ticketMailLink');
  const footer = say('ticketMailFooter');
  const text = [...paragraphs, ...(link ? [`${linkLine}\n${link}`] : []), footer].join('\n\n');
  const blocks = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    ...(link ? [`<p><a href="${escapeHtml(link)}">${escapeHtml(linkLine)}</a></p>`] : []),
  ];
  const html = htmlMail(language, blocks, footer);
  return { text, html };
}

/** An HTML mail: the blocks (HTML already escaped), then the no-reply footer in small print. */
function htmlMail(language: Language, blocks: readonly string[], footer: string): string {
  return [
    '<!doctype html>',
    `<html lang="${language}"><body style="font-family: sans-serif; line-height: 1.5; color: #1b1b1b">`,
    ...blocks,
    `<p style="color: #555; font-size: 0.9em">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
}
