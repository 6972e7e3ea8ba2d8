import { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { MessageKey } from '../content/schema';
import { Order } from '../orders/orderBackend';
import { FlowDependencies, turnTexts } from './flowDependencies';
import { OrderFlowDialog } from './orderFlowDialog';
import { OrderLookupOptions } from './orderLookupDialog';
import { orderValues } from './orderStatusDialog';

/** A question whose general FAQ answer has an order-specific one once the order is known. */
export type OrderQuestion = 'refund' | 'delivery' | 'invoice';

/** The FAQ intents that become an order's own answer when the conversation is about an order. */
export const ORDER_QUESTION_OF: Readonly<Record<string, OrderQuestion>> = {
  'refund.status': 'refund',
  'delivery.time': 'delivery',
  'invoice.request': 'invoice',
};

export interface OrderQuestionOptions extends OrderLookupOptions {
  readonly question: OrderQuestion;
}

interface OrderAnswer {
  readonly key: MessageKey;
  /** What the customer most likely asks next about this order. */
  readonly next: readonly string[];
}

/** Which message answers the question for this order, by where the order is (and whether a return was just registered for it). */
export function orderAnswer(order: Order, question: OrderQuestion, returnRegisteredHere = false): OrderAnswer {
  switch (question) {
    case 'refund':
      if (order.refund) return { key: order.refund.status === 'paid' ? 'orderRefundPaid' : 'orderRefundPending', next: [] };
      if (returnRegisteredHere && order.status !== 'cancelled') return { key: 'orderRefundAfterReturn', next: [] };
      if (order.status === 'cancelled') return { key: 'statusCancelled', next: [] };
      if (order.status === 'returned') return { key: 'orderRefundReturnNoAmount', next: ['contact.options'] };
      return { key: 'orderNoRefund', next: order.status === 'processing' ? ['order.cancel'] : order.status === 'delivered' ? ['returns.start'] : [] };
    case 'delivery':
      if (order.status === 'delivered') return { key: 'statusDelivered', next: ['product.wrong_item', 'product.damaged'] };
      if ((order.status === 'processing' || order.status === 'shipped') && order.expectedDelivery) {
        return { key: 'orderExpectedDelivery', next: order.status === 'processing' ? ['order.change_address'] : [] };
      }
      if (order.status === 'shipped') return { key: 'statusShipped', next: [] };
      if (order.status === 'processing') return { key: 'statusProcessing', next: ['order.change_address'] };
      return { key: order.status === 'returned' ? 'statusReturned' : 'statusCancelled', next: [] };
    case 'invoice':
      if (order.status === 'processing') return { key: 'orderInvoiceNotYet', next: [] };
      if (order.status === 'cancelled') return { key: 'statusCancelled', next: [] };
      return { key: 'orderInvoiceReady', next: [] };
  }
}

/**
 * "Where is my refund?", "when does it come?", "my invoice?" about an order the
 * conversation knows (or the message names): answered from that order, not with the
 * general policy. Finds the order first like every order flow.
 */
export class OrderQuestionDialog extends OrderFlowDialog {
  static readonly id = 'orderQuestion';

  constructor(deps: FlowDependencies) {
    super(OrderQuestionDialog.id, deps);
  }

  protected stepsAfterLookup() {
    return [this.answer.bind(this)];
  }

  protected purpose(orderNumber: string): string {
    return `asks about order ${orderNumber}`;
  }

  private async answer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const order = step.result as Order | null;
    if (!order) return step.endDialog();
    const { say, language, profile } = await turnTexts(this.deps, step.context);
    const registered = profile.registeredReturn?.orderNumber === order.orderNumber ? profile.registeredReturn : undefined;
    const { key, next } = orderAnswer(order, (step.options as OrderQuestionOptions).question, registered !== undefined);
    return this.finishWith(step, order, say(key, { ...orderValues(order, language), returnId: registered?.returnId ?? '' }), next);
  }
}
