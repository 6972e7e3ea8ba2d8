import { markFlowCompleted } from './feedbackRecorder';
import { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { Order, OrderNotCancellableError, OrderSystemUnavailableError } from '../orders/orderBackend';
import { FlowDependencies, stepValues, turnTexts } from './flowDependencies';
import { OrderFlowDialog } from './orderFlowDialog';
import { orderValues } from './orderStatusDialog';
import { intentButtons, textWithButtons } from './replies';
import { isYes, yesNoOptions, yesNoPrompt, YES_NO_PROMPT } from './yesNo';

/** Cancels an order that is still processing, after an explicit yes. */
export class OrderCancelDialog extends OrderFlowDialog {
  static readonly id = 'orderCancel';

  constructor(deps: FlowDependencies) {
    super(OrderCancelDialog.id, deps);
    this.addDialog(yesNoPrompt());
  }

  protected stepsAfterLookup() {
    return [this.confirm.bind(this), this.cancel.bind(this)];
  }

  protected purpose(orderNumber: string): string {
    return `wants to cancel order ${orderNumber}`;
  }

  private async confirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const order = step.result as Order | null;
    if (!order) return step.endDialog();
    const { say, language } = await turnTexts(this.deps, step.context);
    const values = orderValues(order, language);
    if (order.status === 'processing') {
      stepValues(step).order = order;
      return step.prompt(YES_NO_PROMPT, yesNoOptions(this.deps.pack, language, say('confirmCancel', values)));
    }
    if (order.status === 'shipped') {
      // Stopping a parcel in transit is something only a colleague can try.
      (await turnTexts(this.deps, step.context)).profile.needsHuman =
        `wants to cancel order ${order.orderNumber}, which has already shipped with ${order.carrier ?? 'the carrier'}`;
      await step.context.sendActivity(
        textWithButtons(say('cannotCancelShipped', values), intentButtons(this.deps.pack, ['human.request', 'returns.policy'], language)),
      );
    } else {
      await step.context.sendActivity(textWithButtons(say('cannotCancelDone', values), intentButtons(this.deps.pack, ['returns.start'], language)));
    }
    return step.endDialog();
  }

  private async cancel(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const order = stepValues(step).order as Order;
    const { say, language } = await turnTexts(this.deps, step.context);
    if (!isYes(step.result)) {
      await step.context.sendActivity(say('cancelKept', { orderNumber: order.orderNumber }));
      markFlowCompleted(step.context);
      return step.endDialog();
    }
    try {
      await this.deps.orders.cancelOrder(order.orderNumber);
      const next = intentButtons(this.deps.pack, ['refund.status'], language);
      await step.context.sendActivity(textWithButtons(say('orderCancelled', { orderNumber: order.orderNumber }), next));
      markFlowCompleted(step.context, next);
    } catch (error) {
      if (error instanceof OrderSystemUnavailableError) return this.orderSystemDown(step, order.orderNumber);
      // Shipped between the question and the answer: tell the truth, not a generic error.
      if (!(error instanceof OrderNotCancellableError)) throw error;
      await step.context.sendActivity(say('cannotCancelShipped', orderValues({ ...order, status: error.status }, language)));
    }
    return step.endDialog();
  }
}
