import { NONE_INTENT, ParseResult } from '../nlu/nluEngine';

export interface RoutingThresholds {
  /** Below this confidence the bot asks which of the top two was meant. */
  readonly clarifyBelow: number;
  /** Two candidates closer than this are ambiguous even at higher confidence. */
  readonly clarifyMargin: number;
}

export const DEFAULT_ROUTING: RoutingThresholds = { clarifyBelow: 0.55, clarifyMargin: 0.2 };

/** Closings whose answers differ only in words: choosing between them is no question to put to a customer. */
const CLOSINGS = new Set(['thanks', 'goodbye']);
/** Small talk is never the alternative worth asking about next to a real question ("did you mean: Hello?"). */
const SMALL_TALK = new Set(['greeting', 'thanks', 'goodbye']);
/** A question that far ahead of small talk is taken, even when the model is not very sure of it. */
const OVER_SMALL_TALK = 0.4;

export type Route =
  { readonly kind: 'intent'; readonly intent: string } | { readonly kind: 'clarify'; readonly candidates: [string, string] } | { readonly kind: 'none' };

/** Answer, ask which one, or admit it is out of scope. */
export function route(parse: ParseResult, thresholds: RoutingThresholds = DEFAULT_ROUTING): Route {
  if (parse.intent.name === NONE_INTENT) return { kind: 'none' };
  const runnerUp = parse.alternatives[0];
  const close = runnerUp !== undefined && parse.intent.confidence - runnerUp.confidence < thresholds.clarifyMargin;
  const bothClosings = runnerUp !== undefined && CLOSINGS.has(parse.intent.name) && CLOSINGS.has(runnerUp.name);
  const overSmallTalk = runnerUp !== undefined && SMALL_TALK.has(runnerUp.name) && !close && parse.intent.confidence >= OVER_SMALL_TALK;
  if (runnerUp && !bothClosings && !overSmallTalk && (close || parse.intent.confidence < thresholds.clarifyBelow)) {
    return { kind: 'clarify', candidates: [parse.intent.name, runnerUp.name] };
  }
  return { kind: 'intent', intent: parse.intent.name };
}
