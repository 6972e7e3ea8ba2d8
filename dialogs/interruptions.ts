import { ParseResult } from '../nlu/nluEngine';
import { normalizeText } from '../nlu/normalize';

export type Interruption = 'help' | 'cancel' | 'restart' | 'human';

// Control words work in both languages whatever the conversation's language; they are
// matched on the whole (normalised) message so "stop mijn bestelling" stays an intent.
const CANCEL = new Set([
  'stop',
  'stoppen',
  'stop maar',
  'cancel',
  'laat maar',
  'laat maar zitten',
  'never mind',
  'nevermind',
  'forget it',
  'quit',
  'exit',
  'afbreken',
  'annuleer dit',
  'stop dit',
]);
const RESTART = new Set(['restart', 'reset', 'opnieuw', 'opnieuw beginnen', 'begin opnieuw', 'start opnieuw', 'start over', 'begin again', 'from the start']);
const HELP = new Set(['help', 'hulp', 'help me', 'help mij', 'wat kun je', 'what can you do', 'menu', '?']);
const HUMAN_WORDS = /\b(medewerker|mederwerker|mens|persoon|agent|human|person|operator|representative|iemand spreken)\b/;

/** Whether the message interrupts whatever flow is running, and how. */
export function detectInterruption(text: string, parse: ParseResult, humanConfidence = 0.7): Interruption | null {
  const normalized = normalizeText(text);
  if (CANCEL.has(normalized)) return 'cancel';
  if (RESTART.has(normalized)) return 'restart';
  if (HELP.has(normalized) || text.trim() === '?') return 'help';
  if (parse.intent.name === 'human.request' && (parse.intent.confidence >= humanConfidence || HUMAN_WORDS.test(normalized))) return 'human';
  return null;
}
