import { extractEntities } from '../nlu/entities';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// IBAN: country code, check digits, then 11–30 letters/digits, often in groups of four.
const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/gi;
// Card numbers: 13–19 digits, in groups or not.
const CARD = /(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g;

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function isValidIban(candidate: string): boolean {
  const iban = candidate.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1;
}

/** The Luhn check card numbers carry. */
export function passesLuhn(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * What is masked once a conversation has ended: email addresses, phone numbers (Dutch 06 and
 * +31, international, with spaces or dashes), IBANs that pass mod-97 and card numbers that
 * pass Luhn. Order numbers and postcodes stay: the conversation's history needs them.
 */
export function maskAtRest(text: string): string {
  let masked = text.replace(EMAIL, '[email]');
  masked = masked.replace(IBAN, (match) => (isValidIban(match) ? '[iban]' : match));
  masked = masked.replace(CARD, (match) => (passesLuhn(match) ? '[card]' : match));
  let out = '';
  let position = 0;
  for (const entity of extractEntities(masked)) {
    if (entity.type !== 'phone') continue;
    out += masked.slice(position, entity.start) + '[phone]';
    position = entity.end;
  }
  return out + masked.slice(position);
}
