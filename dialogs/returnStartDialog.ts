import { markFlowCompleted } from './feedbackRecorder';
import { Choice, ChoicePrompt, DialogTurnResult, FoundChoice, ListStyle, WaterfallStepContext } from 'botbuilder-dialogs';
import { addDays, isoDate, Order, OrderSystemUnavailableError } from '../orders/orderBackend';
import { itemName } from './format';
import { choiceNamedIn, patientChoiceValidator, UNRECOGNIZED_CHOICE } from './choiceMatching';
import { OfferHumanDialog, OfferHumanOptions } from './offerHumanDialog';
import { FlowDependencies, stepValues, turnTexts } from './flowDependencies';
import { Language } from '../nlu/language';
import { OrderFlowDialog } from './orderFlowDialog';
import { orderValues } from './orderStatusDialog';
import { intentButtons, textWithButtons } from './replies';

const ITEM_PROMPT = 'returnStart.item';
const REASON_PROMPT = 'returnStart.reason';
/** Index of "Damaged" in the pack's returnReasons: that answer gets the replacement hint. */
const DAMAGED_REASON_INDEX = 2;

/** Registers a return: which order, which item, why; then the label steps. */
export class ReturnStartDialog extends OrderFlowDialog {
  static readonly id = 'returnStart';

  constructor(deps: FlowDependencies) {
    super(ReturnStartDialog.id, deps);
    // An answer that matches no option is asked again with the options spelled out, twice; then a person is offered.
    const itemPrompt = new ChoicePrompt(ITEM_PROMPT, patientChoiceValidator);
    itemPrompt.style = ListStyle.suggestedAction;
    const reasonPrompt = new ChoicePrompt(REASON_PROMPT, patientChoiceValidator);
    reasonPrompt.style = ListStyle.suggestedAction;
    this.addDialog(itemPrompt);
    this.addDialog(reasonPrompt);
  }

  protected stepsAfterLookup() {
    return [this.chooseItem.bind(this), this.chooseReason.bind(this), this.register.bind(this)];
  }

  protected purpose(orderNumber: string): string {
    return `wants to return something from order ${orderNumber}`;
  }

  private async chooseItem(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const order = step.result as Order | null;
    if (!order) return step.endDialog();
    const { say, language } = await turnTexts(this.deps, step.context);
    const values = { ...orderValues(order, language), days: this.deps.pack.returnWindowDays };
    const refuse = async (text: string, next: string[]) => {
      await step.context.sendActivity(textWithButtons(text, intentButtons(this.deps.pack, next, language)));
      return step.endDialog();
    };
    if (order.status === 'processing' || order.status === 'shipped')
      return refuse(say('returnNotDelivered', values), order.status === 'processing' ? ['order.cancel'] : ['order.status']);
    if (order.status === 'returned') return refuse(say('returnAlreadyReturned', values), ['refund.status']);
    if (order.status === 'cancelled') return refuse(say('statusCancelled', values), ['refund.status']);
    const lastDay = order.deliveredOn ? isoDate(addDays(new Date(`${order.deliveredOn}T00:00:00Z`), this.deps.pack.returnWindowDays)) : undefined;
    if (lastDay && isoDate(this.deps.now()) > lastDay) {
      return refuse(say('returnWindowClosed', values), ['product.warranty']);
    }
    stepValues(step).order = order;
    if (order.items.length === 1) return step.next({ index: 0, value: order.items[0].sku, score: 1 } satisfies FoundChoice);
    const choices = this.itemChoices(order, language);
    // "Ik wil de stoel terugsturen": the item the customer already named is not asked for.
    const named = choiceNamedIn(this.saidSoFar(step).join(' \n '), choices, { partsOfWords: true });
    if (named) return step.next(named);
    const names = order.items.map((item) => itemName(item, language));
    return step.prompt(ITEM_PROMPT, {
      prompt: say('askReturnItem'),
      retryPrompt: say('choiceRetry', { question: say('askReturnItem'), options: spokenList(names, say('or')) }),
      choices,
    });
  }

  private itemChoices(order: Order, language: Language): Choice[] {
    return order.items.map((item) => ({
      value: item.sku,
      action: { type: 'imBack', title: itemName(item, language), value: itemName(item, language) },
      synonyms: [itemName(item, language), item.sku],
    }));
  }

  private async chooseReason(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.result as FoundChoice).value === UNRECOGNIZED_CHOICE) return this.offerColleague(step);
    stepValues(step).itemIndex = (step.result as FoundChoice).index;
    const { say, language } = await turnTexts(this.deps, step.context);
    const reasons = this.deps.pack.messages.returnReasons;
    const choices = this.reasonChoices(language);
    // "… hij is te klein": a reason already given is not asked for ("other" is no reason a sentence gives by the way).
    const named = choiceNamedIn(this.saidSoFar(step).join(' \n '), choices.slice(0, -1), { partsOfWords: false });
    if (named) return step.next(named);
    return step.prompt(REASON_PROMPT, {
      prompt: say('askReturnReason'),
      retryPrompt: say('choiceRetry', { question: say('askReturnReason'), options: spokenList(reasons[language], say('or')) }),
      choices,
    });
  }

  /** The pack's return reasons: both languages' wording is understood; the value is stored in English for reporting. */
  private reasonChoices(language: Language): Choice[] {
    const reasons = this.deps.pack.messages.returnReasons;
    const synonyms = this.deps.pack.messages.returnReasonSynonyms;
    return reasons[language].map((title, i) => ({
      value: reasons.en[i],
      action: { type: 'imBack', title, value: title },
      synonyms: [title, reasons.nl[i], reasons.en[i], ...(synonyms?.nl[i] ?? []), ...(synonyms?.en[i] ?? [])],
    }));
  }

  /** Three answers that matched no option: a colleague can sort it out (the return is in the context). */
  private async offerColleague(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { say } = await turnTexts(this.deps, step.context);
    await step.context.sendActivity(say('choiceGiveUp'));
    return step.replaceDialog(OfferHumanDialog.id, { reason: 'bot_failed', priority: 0 } satisfies OfferHumanOptions);
  }

  private async register(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.result as FoundChoice).value === UNRECOGNIZED_CHOICE) return this.offerColleague(step);
    const order = stepValues(step).order as Order;
    const item = order.items[stepValues(step).itemIndex as number];
    const reason = step.result as FoundChoice;
    const { say, language, profile } = await turnTexts(this.deps, step.context);
    let returnId: string;
    try {
      ({ returnId } = await this.deps.orders.registerReturn({
        orderNumber: order.orderNumber,
        sku: item.sku,
        reason: reason.value,
        conversationId: step.context.activity.conversation?.id,
      }));
    } catch (error) {
      if (!(error instanceof OrderSystemUnavailableError)) throw error;
      return this.orderSystemDown(
        step,
        order.orderNumber,
        `wants to return ${itemName(item, 'en')} (${item.sku}) from order ${order.orderNumber}, reason: ${reason.value}`,
      );
    }
    // Until the parcel arrives the order system may show no return: "where's my refund?" is answered from this.
    profile.registeredReturn = { orderNumber: order.orderNumber, returnId };
    const reasonText = this.deps.pack.messages.returnReasons[language][reason.index];
    const buttons = intentButtons(this.deps.pack, ['refund.status'], language);
    const registered = say('returnRegistered', { returnId, item: itemName(item, language), reason: reasonText });
    if (reason.index === DAMAGED_REASON_INDEX) {
      await step.context.sendActivity(registered);
      await step.context.sendActivity(textWithButtons(say('returnDamagedHint'), buttons));
    } else {
      await step.context.sendActivity(textWithButtons(registered, buttons));
    }
    markFlowCompleted(step.context, buttons);
    return step.endDialog({ returnId });
  }
}

/** "A, B or C": options as a sentence names them. */
function spokenList(items: readonly string[], or: string): string {
  const quoted = items.map((item) => `‘${item}’`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} ${or} ${quoted[quoted.length - 1]}`;
}
