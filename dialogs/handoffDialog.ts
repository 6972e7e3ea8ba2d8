import { assessFrustration } from '../handoff/frustration';
import { ComponentDialog, DialogTurnResult, PromptValidatorContext, TextPrompt, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { HandoffReason } from '../handoff/types';
import { waitValues } from '../handoff/waitEstimator';
import { describeTime } from '../handoff/desk/ticketDeliveries';
import { emailIdentity } from '../handoff/identities';
import { extractEntities, parseOrderNumber } from '../nlu/entities';
import { normalizeText } from '../nlu/normalize';
import { FlowDependencies, stepValues, turnTexts } from './flowDependencies';
import { ConversationProfile } from './conversationProfile';
import { HandoffGateway, HandoffStart } from './handoffGateway';
import { isYes, yesNoOptions, yesNoPrompt, YES_NO_PROMPT } from './yesNo';

export interface HandoffOptions {
  readonly reason: HandoffReason;
  readonly priority: number;
  /** Skip the queue and go straight to the ticket offer (after a queue timeout). */
  readonly ticketOnly?: boolean;
  /** What the customer already said about their problem: shown to the agent, and never asked for again. */
  readonly detail?: string;
}

/** Topics where an agent needs the order number to do anything. */
const ORDER_TOPICS = new Set([
  'order.status',
  'order.cancel',
  'order.change_address',
  'returns.start',
  'refund.status',
  'product.damaged',
  'product.wrong_item',
  'product.warranty',
  'invoice.request',
]);
const NO_ANSWER = new Set([
  'geen',
  'nee',
  'weet ik niet',
  'weet niet',
  'niet',
  'none',
  'no',
  'dont know',
  'i dont know',
  'n/a',
  'nvt',
  'heb ik niet',
  'skip',
  'overslaan',
]);

/** Channels where the customer reads an answer only when they come back to the chat. */
const WEB_CHAT_CHANNELS = new Set(['webchat', 'directline']);
/** Channels where a ticket's answer reaches the customer in the same conversation, whenever it comes: no email needed. */
const ANSWERED_IN_CONVERSATION = new Set(['msteams', 'slack']);

const ORDER_PROMPT = 'handoff.order';
const DETAIL_PROMPT = 'handoff.detail';
const EMAIL_PROMPT = 'handoff.email';

export interface HandoffDialogDependencies extends FlowDependencies {
  readonly handoffs: HandoffGateway;
}

/**
 * Hands the conversation to a person: asks only for what the agent will need and does
 * not have yet, then queues (telling position and expected wait) or, when nobody can
 * take it now, offers a ticket that carries the same context.
 */
export class HandoffDialog extends ComponentDialog {
  static readonly id = 'handoff';

  constructor(private readonly deps: HandoffDialogDependencies) {
    super(HandoffDialog.id);
    this.addDialog(
      new TextPrompt(ORDER_PROMPT, async (p: PromptValidatorContext<string>) => {
        const text = p.recognized.value ?? '';
        return parseOrderNumber(text) !== null || NO_ANSWER.has(normalizeText(text)) || p.attemptCount >= 2;
      }),
    );
    this.addDialog(new TextPrompt(DETAIL_PROMPT));
    // The email address is optional: an address, a no, or a second miss moves on.
    this.addDialog(
      new TextPrompt(EMAIL_PROMPT, async (p: PromptValidatorContext<string>) => {
        const text = p.recognized.value ?? '';
        return emailIn(text) !== undefined || NO_ANSWER.has(normalizeText(text)) || p.attemptCount >= 2;
      }),
    );
    this.addDialog(yesNoPrompt());
    this.addDialog(
      new WaterfallDialog('handoff.steps', [
        this.askOrderNumber.bind(this),
        this.askDetail.bind(this),
        this.queueOrOfferTicket.bind(this),
        this.askEmail.bind(this),
        this.createTicket.bind(this),
      ]),
    );
    this.initialDialogId = 'handoff.steps';
  }

  private async askOrderNumber(step: WaterfallStepContext<HandoffOptions>): Promise<DialogTurnResult> {
    const { say, profile } = await turnTexts(this.deps, step.context);
    const needsOrder = ORDER_TOPICS.has(profile.lastIntent ?? '') && !profile.memory.orderNumber;
    if (!needsOrder || step.options.ticketOnly) return step.next();
    return step.prompt(ORDER_PROMPT, { prompt: say('askOrderForAgent'), retryPrompt: say('askOrderForAgent') });
  }

  private async askDetail(step: WaterfallStepContext<HandoffOptions>): Promise<DialogTurnResult> {
    const { say, profile } = await turnTexts(this.deps, step.context);
    const orderNumber = parseOrderNumber(String(step.result ?? ''));
    if (orderNumber) profile.memory = { ...profile.memory, orderNumber };
    if (step.options.reason !== 'complaint' || step.options.ticketOnly || step.options.detail) return step.next();
    return step.prompt(DETAIL_PROMPT, { prompt: say('askComplaintDetail') });
  }

  private async queueOrOfferTicket(step: WaterfallStepContext<HandoffOptions>): Promise<DialogTurnResult> {
    const { say, language, profile } = await turnTexts(this.deps, step.context);
    if (typeof step.result === 'string' && step.options.reason === 'complaint') stepValues(step).detail = step.result;
    // The customer already said yes to a ticket (after a queue timeout).
    if (step.options.ticketOnly) return step.next({ value: 'yes', index: 0, score: 1 });
    const availability = await this.deps.handoffs.availability();
    if (availability === 'available') {
      const entry = await this.deps.handoffs.enqueue(step.context, this.start(step, profile));
      await step.context.sendActivity(say('queued', waitValues(entry.position, entry.expectedWaitMinutes, say)));
      return step.endDialog(entry.handoff);
    }
    const opening = this.deps.handoffs.nextOpening();
    await step.context.sendActivity(
      availability === 'closed' && opening
        ? say('unavailableClosed', { opening: describeTime(opening, language, this.deps.pack.businessHours.timezone) })
        : say('unavailableNoAgents'),
    );
    const when = describeTime(this.deps.handoffs.ticketDue(), language, this.deps.pack.businessHours.timezone);
    return step.prompt(YES_NO_PROMPT, yesNoOptions(this.deps.pack, language, say('offerTicket', { when })));
  }

  /** Outside Teams and Slack the answer waits until the customer comes back: an email address (optional) reaches them sooner. */
  private async askEmail(step: WaterfallStepContext<HandoffOptions>): Promise<DialogTurnResult> {
    const { say, answer, profile } = await turnTexts(this.deps, step.context);
    if (!isYes(step.result)) {
      await step.context.sendActivity(say('ticketDeclined'));
      await step.context.sendActivity(answer('contact.options'));
      return step.endDialog();
    }
    if (profile.memory.email || ANSWERED_IN_CONVERSATION.has(step.context.activity.channelId)) return step.next(profile.memory.email);
    return step.prompt(EMAIL_PROMPT, { prompt: say('askEmailOptional'), retryPrompt: say('invalidEmail') });
  }

  private async createTicket(step: WaterfallStepContext<HandoffOptions>): Promise<DialogTurnResult> {
    const { say, language, profile } = await turnTexts(this.deps, step.context);
    const email = emailIn(String(step.result ?? '')) ?? profile.memory.email;
    if (email) {
      profile.memory = { ...profile.memory, email };
      // The address links this conversation to the customer's others (and to a data request about them).
      await this.deps.identify?.(step.context, emailIdentity(email));
    }
    const ticket = await this.deps.handoffs.createTicket(step.context, this.start(step, profile));
    // The promise is the ticket's own due time: what the agents see is what the customer was told.
    const when = describeTime(new Date(ticket.dueAt ?? this.deps.handoffs.ticketDue()), language, this.deps.pack.businessHours.timezone);
    await step.context.sendActivity(say('ticketCreated', { reference: ticket.reference, email: email ?? '', when }));
    if (WEB_CHAT_CHANNELS.has(step.context.activity.channelId)) await step.context.sendActivity(say('ticketWebChatReturn'));
    return step.endDialog(ticket);
  }

  private start(step: WaterfallStepContext<HandoffOptions>, profile: ConversationProfile): HandoffStart {
    const detail = (stepValues(step).detail as string | undefined) ?? step.options.detail ?? profile.needsHuman;
    const { orderNumber, postcode, email } = profile.memory;
    return {
      language: profile.language,
      reason: step.options.reason,
      priority: step.options.priority,
      detail,
      facts: { order_number: orderNumber, postcode, email },
    };
  }
}

function emailIn(text: string): string | undefined {
  return extractEntities(text).find((e) => e.type === 'email')?.value;
}

/** Why a person is needed now, and how urgently. */
export function handoffOptionsFor(profile: ConversationProfile): HandoffOptions {
  const frustrated = assessFrustration(profile.recent).level >= 2;
  if (profile.needsHuman) return { reason: 'needs_human', priority: frustrated ? 1 : 0 };
  return { reason: frustrated ? 'frustration' : 'customer_request', priority: frustrated ? 1 : 0 };
}
