import { RankedIntent } from '../nlu/intentClassifier';
import { NONE_INTENT, ParseResult } from '../nlu/nluEngine';

/**
 * How much likelier a question about an order is once the conversation is about one: right
 * after an order's status, "en wanneer komt het?" asks when *that order* comes, not when an
 * article is back in stock. A prior, not an override: a clear other question still wins.
 */
export const ORDER_FOCUS_WEIGHT = 4;

/**
 * The parse re-ranked for a conversation about an order: the order intents' confidences are
 * weighted up and the ranking renormalised over the same total. Out of scope stays out of
 * scope (the customer said nothing the bot knows).
 */
export function withOrderFocus(parse: ParseResult, orderIntents: ReadonlySet<string>, weight = ORDER_FOCUS_WEIGHT): ParseResult {
  if (parse.intent.name === NONE_INTENT) return parse;
  const ranked = [parse.intent, ...parse.alternatives];
  const total = ranked.reduce((sum, r) => sum + r.confidence, 0);
  const weighted = ranked.map((r) => ({ name: r.name, confidence: orderIntents.has(r.name) ? r.confidence * weight : r.confidence }));
  const weightedTotal = weighted.reduce((sum, r) => sum + r.confidence, 0);
  if (weightedTotal === 0) return parse;
  const rescaled: RankedIntent[] = weighted
    .map((r) => ({ name: r.name, confidence: Math.round(((r.confidence * total) / weightedTotal) * 1000) / 1000 }))
    .sort((a, b) => b.confidence - a.confidence);
  return { ...parse, intent: rescaled[0], alternatives: rescaled.slice(1) };
}
