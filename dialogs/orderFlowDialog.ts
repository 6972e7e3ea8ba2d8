import { ComponentDialog, DialogContext, DialogTurnResult, WaterfallDialog, WaterfallStep, WaterfallStepContext } from 'botbuilder-dialogs';
import { FlowDependencies, turnTexts } from './flowDependencies';
import { OfferHumanDialog, OfferHumanOptions } from './offerHumanDialog';
import { ORDER_SYSTEM_DOWN, OrderLookupDialog, OrderLookupOptions } from './orderLookupDialog';
import { Order } from '../orders/orderBackend';
import { markFlowCompleted } from './feedbackRecorder';
import { intentButtons, textWithButtons } from './replies';

/**
 * A flow about one order: it first finds the order (asking only for what is not known
 * yet), then runs its own steps, which receive the Order, or null if it was not found.
 * When the shop's order system cannot be reached, the flow says so and offers a person.
 */
export abstract class OrderFlowDialog extends ComponentDialog {
  protected constructor(
    id: string,
    protected readonly deps: FlowDependencies,
  ) {
    super(id);
    this.addDialog(new OrderLookupDialog(deps));
    const lookUp = (step: WaterfallStepContext<OrderLookupOptions>) => step.beginDialog(OrderLookupDialog.id, step.options);
    const found = async (step: WaterfallStepContext<OrderLookupOptions>) =>
      // The lookup has put the number it tried in the conversation's memory.
      step.result === ORDER_SYSTEM_DOWN ? this.orderSystemDown(step) : step.next(step.result);
    this.addDialog(new WaterfallDialog(`${id}.steps`, [lookUp, found, ...this.stepsAfterLookup()]));
    this.initialDialogId = `${id}.steps`;
  }

  override beginDialog(outerDc: DialogContext, options?: OrderLookupOptions): Promise<DialogTurnResult> {
    (outerDc.activeDialog!.state as SaidState).said = [options?.said ?? ''];
    return super.beginDialog(outerDc, options);
  }

  override continueDialog(outerDc: DialogContext): Promise<DialogTurnResult> {
    const state = outerDc.activeDialog!.state as SaidState;
    state.said = [...(state.said ?? []), outerDc.context.activity.text ?? ''];
    return super.continueDialog(outerDc);
  }

  /**
   * What the customer said since the flow began: the message that started it and every answer
   * since (the order number, the postcode, ...). A step uses it not to ask for what is in there.
   */
  protected saidSoFar(step: WaterfallStepContext): readonly string[] {
    // The step's parent is the context this flow runs in; its active dialog is this flow.
    return (step.parent?.activeDialog?.state as SaidState | undefined)?.said ?? [];
  }

  /** The flow's own steps; the first gets the looked-up Order (or null) as `step.result`. */
  protected abstract stepsAfterLookup(): WaterfallStep[];

  /** What the customer wanted, for the agent who takes over ("wants to cancel order 100003"). */
  protected abstract purpose(orderNumber: string): string;

  /** Tells the customer what they came for, with the next steps as buttons; the flow is done. */
  protected async finishWith(step: WaterfallStepContext, order: Order, text: string, nextIntents: readonly string[]): Promise<DialogTurnResult> {
    const { language } = await turnTexts(this.deps, step.context);
    const buttons = intentButtons(this.deps.pack, nextIntents, language);
    await step.context.sendActivity(textWithButtons(text, buttons));
    markFlowCompleted(step.context, buttons);
    return step.endDialog(order);
  }

  /**
   * The order system did not answer: say so in the customer's language and offer a person
   * (or a ticket out of hours), with the order number and the purpose already in the
   * context package. The flow ends here; the conversation goes on normally after the offer.
   */
  protected async orderSystemDown(step: WaterfallStepContext, orderNumber?: string, purpose?: string): Promise<DialogTurnResult> {
    const { say, profile } = await turnTexts(this.deps, step.context);
    if (orderNumber) profile.memory = { ...profile.memory, orderNumber };
    const known = profile.memory.orderNumber ?? '';
    profile.needsHuman = `${purpose ?? this.purpose(known)}; the order system could not be reached, so the bot could not check or change it`;
    await step.context.sendActivity(say('orderSystemDown', { orderNumber: known }));
    return step.replaceDialog(OfferHumanDialog.id, { reason: 'needs_human', priority: 0 } satisfies OfferHumanOptions);
  }
}

/** The flow's own state beside its steps: the customer's messages since it began. */
interface SaidState {
  said?: string[];
}
