import { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { Language } from '../nlu/language';
import { Order } from '../orders/orderBackend';
import { MessageKey } from '../content/schema';
import { FlowDependencies, turnTexts } from './flowDependencies';
import { formatAmount, formatDate, formatItems } from './format';
import { OrderFlowDialog } from './orderFlowDialog';

/** The text fields of an order in the customer's language, for message templates. */
export function orderValues(order: Order, language: Language): Record<string, string> {
  return {
    orderNumber: order.orderNumber,
    items: formatItems(order, language),
    carrier: order.carrier ?? '',
    trackingCode: order.trackingCode ?? '',
    trackingUrl: order.trackingUrl ?? '',
    expectedDelivery: order.expectedDelivery ? formatDate(order.expectedDelivery, language) : '',
    deliveredOn: order.deliveredOn ? formatDate(order.deliveredOn, language) : '',
    refundAmount: order.refund ? formatAmount(order.refund.amount, language) : '',
    refundExpected: order.refund ? formatDate(order.refund.expectedOn, language) : '',
  };
}

const STATUS_MESSAGE: Record<Order['status'], MessageKey> = {
  processing: 'statusProcessing',
  shipped: 'statusShipped',
  delivered: 'statusDelivered',
  returned: 'statusReturned',
  cancelled: 'statusCancelled',
};

/** What a customer most likely wants next, given where the order is. */
const NEXT_QUESTIONS: Record<Order['status'], string[]> = {
  processing: ['order.cancel', 'order.change_address'],
  shipped: ['order.change_address', 'delivery.time'],
  delivered: ['returns.start', 'product.damaged'],
  returned: ['refund.status'],
  cancelled: ['refund.status'],
};

/** Order status: carrier, track and trace and expected delivery from the order backend. */
export class OrderStatusDialog extends OrderFlowDialog {
  static readonly id = 'orderStatus';

  constructor(deps: FlowDependencies) {
    super(OrderStatusDialog.id, deps);
  }

  protected stepsAfterLookup() {
    return [this.report.bind(this)];
  }

  protected purpose(orderNumber: string): string {
    return `wants to know where order ${orderNumber} is`;
  }

  private async report(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const order = step.result as Order | null;
    if (!order) return step.endDialog();
    const { say, language } = await turnTexts(this.deps, step.context);
    return this.finishWith(step, order, say(STATUS_MESSAGE[order.status], orderValues(order, language)), NEXT_QUESTIONS[order.status]);
  }
}
