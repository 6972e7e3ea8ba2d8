import { ComponentDialog, DialogTurnResult, PromptValidatorContext, TextPrompt, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { parseOrderNumber, parsePostcode } from '../nlu/entities';
import { Order, OrderSystemUnavailableError } from '../orders/orderBackend';
import { orderIdentity } from '../handoff/identities';
import { FlowDependencies, stepValues, turnTexts } from './flowDependencies';

export interface OrderLookupOptions {
  /** Known before the flow started: from this message or, if `fromMemory`, from earlier in the conversation. */
  readonly orderNumber?: string;
  readonly postcode?: string;
  readonly fromMemory?: { orderNumber?: boolean; postcode?: boolean };
  readonly attempt?: number;
  /** The message that started the flow: what it says (an item, a reason) is not asked again. */
  readonly said?: string;
}

/** The lookup's result when the order system could not be reached (as opposed to null: not found, or given up). */
export const ORDER_SYSTEM_DOWN = 'orderSystemDown';

const ORDER_NUMBER_PROMPT = 'orderLookup.orderNumber';
const POSTCODE_PROMPT = 'orderLookup.postcode';
const MAX_INVALID_ANSWERS = 3;
const MAX_LOOKUPS = 2;

/** A prompt validator that accepts parseable answers, and gives up after a few tries so the flow can hand over. */
function acceptWhen(parse: (text: string) => string | null) {
  return async (prompt: PromptValidatorContext<string>) =>
    (prompt.recognized.succeeded && parse(prompt.recognized.value ?? '') !== null) || prompt.attemptCount >= MAX_INVALID_ANSWERS;
}

/**
 * Asks for what it does not know yet (order number, then postcode), validates both, and
 * looks the order up. Ends with the Order, with null when the customer could not be helped,
 * or with ORDER_SYSTEM_DOWN when the order system did not answer.
 */
export class OrderLookupDialog extends ComponentDialog {
  static readonly id = 'orderLookup';

  constructor(private readonly deps: FlowDependencies) {
    super(OrderLookupDialog.id);
    this.addDialog(new TextPrompt(ORDER_NUMBER_PROMPT, acceptWhen(parseOrderNumber)));
    this.addDialog(new TextPrompt(POSTCODE_PROMPT, acceptWhen(parsePostcode)));
    this.addDialog(new WaterfallDialog('orderLookup.steps', [this.askOrderNumber.bind(this), this.askPostcode.bind(this), this.lookUp.bind(this)]));
    this.initialDialogId = 'orderLookup.steps';
  }

  private async askOrderNumber(step: WaterfallStepContext<OrderLookupOptions>): Promise<DialogTurnResult> {
    const { say } = await turnTexts(this.deps, step.context);
    const options = step.options ?? {};
    if (options.orderNumber) {
      if (options.fromMemory?.orderNumber) await step.context.sendActivity(say('usingKnownOrderNumber', { orderNumber: options.orderNumber }));
      return step.next(options.orderNumber);
    }
    return step.prompt(ORDER_NUMBER_PROMPT, { prompt: say('askOrderNumber'), retryPrompt: say('invalidOrderNumber') });
  }

  private async askPostcode(step: WaterfallStepContext<OrderLookupOptions>): Promise<DialogTurnResult> {
    const texts = await turnTexts(this.deps, step.context);
    const orderNumber = parseOrderNumber(String(step.result ?? ''));
    if (!orderNumber) return this.giveUp(step);
    stepValues(step).orderNumber = orderNumber;
    const options = step.options ?? {};
    if (options.postcode) return step.next(options.postcode);
    return step.prompt(POSTCODE_PROMPT, { prompt: texts.say('askPostcode'), retryPrompt: texts.say('invalidPostcode') });
  }

  private async lookUp(step: WaterfallStepContext<OrderLookupOptions>): Promise<DialogTurnResult> {
    const { say, profile } = await turnTexts(this.deps, step.context);
    const postcode = parsePostcode(String(step.result ?? ''));
    if (!postcode) return this.giveUp(step);
    const orderNumber = stepValues(step).orderNumber as string;
    let order: Order | null;
    try {
      order = await this.deps.orders.findOrder(orderNumber, postcode);
    } catch (error) {
      if (!(error instanceof OrderSystemUnavailableError)) throw error;
      // Kept unverified, so the customer need not repeat them to the agent or when the system is back.
      profile.memory = { ...profile.memory, orderNumber, postcode };
      return step.endDialog(ORDER_SYSTEM_DOWN);
    }
    if (order) {
      profile.memory = { ...profile.memory, orderNumber, postcode };
      profile.focusOrder = orderNumber;
      // Number and postcode together prove the order is theirs: it links their conversations across channels.
      await this.deps.identify?.(step.context, orderIdentity(orderNumber));
      return step.endDialog(order);
    }
    const options = step.options ?? {};
    const attempt = (options.attempt ?? 1) + 1;
    if (options.fromMemory?.postcode) {
      // The remembered postcode belongs to another order: ask for this one's, keep the number.
      return step.replaceDialog(OrderLookupDialog.id, { orderNumber, attempt: attempt - 1 } satisfies OrderLookupOptions);
    }
    profile.memory = {};
    profile.focusOrder = undefined;
    if (attempt > MAX_LOOKUPS) return this.giveUp(step);
    await step.context.sendActivity(say('orderNotFound', { orderNumber }));
    return step.replaceDialog(OrderLookupDialog.id, { attempt } satisfies OrderLookupOptions);
  }

  private async giveUp(step: WaterfallStepContext<OrderLookupOptions>): Promise<DialogTurnResult> {
    const { say, answer } = await turnTexts(this.deps, step.context);
    await step.context.sendActivity(say('tooManyAttempts'));
    await step.context.sendActivity(answer('human.request'));
    return step.endDialog(null);
  }
}
