import { ParseResult } from '../nlu/nluEngine';
import { ConversationProfile } from './conversationProfile';
import { lookupOptions } from './orderContext';
import { OrderCancelDialog } from './orderCancelDialog';
import { ORDER_QUESTION_OF, OrderQuestionDialog, OrderQuestionOptions } from './orderQuestionDialog';
import { OrderStatusDialog } from './orderStatusDialog';
import { ReturnStartDialog } from './returnStartDialog';

/** Intents that start a guided flow rather than get an answer. */
export const FLOWS: Readonly<Record<string, string>> = {
  'order.status': OrderStatusDialog.id,
  'order.cancel': OrderCancelDialog.id,
  'returns.start': ReturnStartDialog.id,
};
export const FLOW_INTENTS: ReadonlySet<string> = new Set(Object.keys(FLOWS));
/** Intents that are about one order: a flow, or a question with an order-specific answer. */
export const ORDER_INTENTS: ReadonlySet<string> = new Set([...FLOW_INTENTS, ...Object.keys(ORDER_QUESTION_OF)]);
const FLOW_INTENT_OF: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(FLOWS).map(([intent, id]) => [id, intent]));

/** The intent of the flow that is running (the question about an order takes the intent it was started for). */
export function activeFlowIntent(dialogId: string | undefined, profile: ConversationProfile): string | undefined {
  if (dialogId === OrderQuestionDialog.id) return profile.lastIntent;
  return FLOW_INTENT_OF[dialogId ?? ''];
}

/** A flow to start for an intent: its dialog and options, or undefined when the intent gets an FAQ answer. */
export interface FlowStart {
  readonly dialogId: string;
  readonly options: object;
}

/**
 * The flow an intent starts here. A question with an order-specific answer (refund, delivery
 * date, invoice) becomes one when the message names an order or the conversation is about one;
 * the order in focus is then used without saying so (the answer names it).
 */
export function flowFor(intent: string, parse: ParseResult, profile: ConversationProfile): FlowStart | undefined {
  const flow = FLOWS[intent];
  if (flow) return { dialogId: flow, options: lookupOptions(parse, profile) };
  const question = ORDER_QUESTION_OF[intent];
  if (!question) return undefined;
  const named = parse.entities.some((e) => e.type === 'order_number');
  if (!named && !profile.focusOrder) return undefined;
  const options = lookupOptions(parse, profile);
  // The number is the message's or the focus's: either way not one to announce as remembered.
  const orderNumber = named ? options.orderNumber : profile.focusOrder;
  return {
    dialogId: OrderQuestionDialog.id,
    options: { ...options, orderNumber, question, fromMemory: { ...options.fromMemory, orderNumber: false } } satisfies OrderQuestionOptions,
  };
}
