import { NON_TOPIC_INTENTS } from '../analytics/types';
import { Language } from '../nlu/language';
import { ParseResult } from '../nlu/nluEngine';
import { candidateSplits } from '../nlu/requestSplit';
import { SupportRecognizer } from './supportRecognizer';

/** How sure the classifier must be of each part for a message to count as two requests. */
export const PART_CONFIDENCE = 0.6;

/** A message that holds two requests: the first is handled now, the second right after it. */
export interface TwoRequests {
  readonly first: { readonly text: string; readonly parse: ParseResult };
  readonly second: { readonly text: string; readonly intent: string };
}

function confident(parse: ParseResult, margin: number): boolean {
  const runnerUp = parse.alternatives[0]?.confidence ?? 0;
  const intent = parse.intent.name;
  return (
    parse.intent.confidence >= PART_CONFIDENCE && parse.intent.confidence - runnerUp >= margin && !NON_TOPIC_INTENTS.has(intent) && intent !== 'human.request'
  );
}

/**
 * Two requests in one message: a split (nlu/requestSplit.ts) whose parts the classifier
 * places confidently in two different intents, neither small talk nor "none". The first
 * such split wins. Undefined for a single request, also one that contains "en"/"and".
 */
export function twoRequestsIn(text: string, language: Language, recognizer: SupportRecognizer, clarifyMargin: number): TwoRequests | undefined {
  for (const split of candidateSplits(text)) {
    const first = recognizer.recognize(split.first, language);
    if (!confident(first, clarifyMargin)) continue;
    const second = recognizer.recognize(split.second, language);
    if (!confident(second, clarifyMargin) || second.intent.name === first.intent.name) continue;
    return { first: { text: split.first, parse: first }, second: { text: split.second, intent: second.intent.name } };
  }
  return undefined;
}
