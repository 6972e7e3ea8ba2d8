import { Language, pipelineFor } from '../nlu/language';
import { normalizeText, tokenize } from '../nlu/normalize';

// "I need a human", "can I talk to someone", "ik wil een medewerker spreken", "verbind me door met een collega":
// a request for a person, whatever else the message is about ("…, the lamp arrived broken"). "Someone" needs a verb of
// talking ("kan ik iemand bellen?" asks for the phone number, "ik wil iemand een cadeaubon geven" for no one).
const ASKS_FOR_PERSON = new RegExp(
  [
    '\\b(?:i (?:need|want|would like|wanna)|id like|get me|connect me (?:to|with)|put me through to|transfer me to|(?:speak|talk|chat) (?:to|with))' +
      ' (?:a |an |the |your |one of your )?(?:real |live |actual )?(?:human|agent|person|representative|operator|employee|colleague|staff member)\\b',
    '\\b(?:speak|talk|chat) (?:to|with) (?:someone|somebody|anyone)\\b',
    '\\b(?:ik wil|ik wil graag|ik zou graag|ik moet|mag ik|kan ik|graag|verbind me door met|verbind mij door met|doorverbinden met|spreken met|praten met)' +
      ' (?:een |de |met een )?(?:echte |echt )?(?:medewerker|mederwerker|mens|persoon|collega)\\b',
    '\\b(?:medewerker|mens|collega|iemand) (?:spreken|aan de lijn)\\b',
    '\\b(?:met|tegen) iemand (?:praten|chatten|spreken)\\b',
  ].join('|'),
);

const EVERY_PERSON_REQUEST = new RegExp(ASKS_FOR_PERSON.source, 'g');

/** Whether the customer explicitly asks for a person, whatever else they say in the same message. */
export function asksForPerson(text: string): boolean {
  return ASKS_FOR_PERSON.test(normalizeText(text));
}

/** The rest of a message that asks for a person ("the lamp arrived broken"), normalised; empty when it says nothing else. */
export function besidesPersonRequest(text: string): string {
  return normalizeText(text).replace(EVERY_PERSON_REQUEST, ' ').replace(/\s+/g, ' ').trim();
}

// Words of the request itself ("I want to file a complaint"), not of what went wrong.
const COMPLAINT_REQUEST = new Set([
  'klacht',
  'klachten',
  'klagen',
  'indienen',
  'melden',
  'officiele',
  'formele',
  'wil',
  'graag',
  'jullie',
  'complaint',
  'complain',
  'file',
  'make',
  'lodge',
  'submit',
  'formal',
  'official',
  'want',
  'would',
  'like',
  'id',
]);

/**
 * Whether a complaint message already says what went wrong ("ik heb de hele dag thuis gezeten
 * en er kwam niemand"), rather than only asking to complain: then nobody asks for it again.
 */
export function describesComplaint(text: string, language: Language): boolean {
  const tokens = tokenize(normalizeText(text));
  const stopWords = pipelineFor(language).stopWords;
  const content = tokens.filter((t) => !stopWords.has(t) && !COMPLAINT_REQUEST.has(t) && !/^\d+$/.test(t));
  return tokens.length >= 5 && content.length >= 2;
}
