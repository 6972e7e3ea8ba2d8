import { ParseResult } from '../nlu/nluEngine';
import { ConversationProfile } from './conversationProfile';
import { OrderLookupOptions } from './orderLookupDialog';
import { Route } from './routingPolicy';

/**
 * A message the NLU cannot place but that holds an order number ("100002", "and 100003?"),
 * or a postcode for an order number given earlier, is about an order: continue with the order flow or question the customer was
 * last in ("and for 100003?" after a refund question), or the status.
 */
export function withOrderNumberFallback(decision: Route, parse: ParseResult, profile: ConversationProfile, orderIntents: ReadonlySet<string>): Route {
  const hasOrderNumber = parse.entities.some((e) => e.type === 'order_number');
  const completesKnownOrder = parse.entities.some((e) => e.type === 'postcode') && profile.memory.orderNumber !== undefined;
  if (decision.kind !== 'none' || !(hasOrderNumber || completesKnownOrder)) return decision;
  const lastFlow = profile.lastIntent && orderIntents.has(profile.lastIntent) ? profile.lastIntent : 'order.status';
  return { kind: 'intent', intent: lastFlow };
}

/** Order facts for a flow: from this message, else from earlier in the conversation (and then said so). */
export function lookupOptions(parse: ParseResult, profile: ConversationProfile): OrderLookupOptions {
  const inMessage = (type: string) => parse.entities.find((e) => e.type === type)?.value;
  const orderNumber = inMessage('order_number') ?? profile.memory.orderNumber;
  const postcode = inMessage('postcode') ?? profile.memory.postcode;
  return {
    orderNumber,
    postcode: orderNumber ? postcode : undefined,
    fromMemory: { orderNumber: !inMessage('order_number') && !!orderNumber, postcode: !inMessage('postcode') && !!postcode },
    said: parse.text,
  };
}
