import { ComponentDialog, WaterfallDialog, WaterfallStep, WaterfallStepContext } from 'botbuilder-dialogs';
import { FlowDependencies } from './flowDependencies';
import { OrderLookupDialog, OrderLookupOptions } from './orderLookupDialog';

/**
 * A flow about one order: it first finds the order (asking only for what is not known
 * yet), then runs its own steps, which receive the Order, or null if it was not found.
 */
export abstract class OrderFlowDialog extends ComponentDialog {
  protected constructor(
    id: string,
    protected readonly deps: FlowDependencies,
  ) {
    super(id);
    this.addDialog(new OrderLookupDialog(deps));
    const lookUp = (step: WaterfallStepContext<OrderLookupOptions>) => step.beginDialog(OrderLookupDialog.id, step.options);
    this.addDialog(new WaterfallDialog(`${id}.steps`, [lookUp, ...this.stepsAfterLookup()]));
    this.initialDialogId = `${id}.steps`;
  }

  /** The flow's own steps; the first gets the looked-up Order (or null) as `step.result`. */
  protected abstract stepsAfterLookup(): WaterfallStep[];
}
