import { extractEntities, EntityType } from '../nlu/entities';

const PLACEHOLDERS: Partial<Record<EntityType, string>> = {
  email: '[email]',
  phone: '[phone]',
  postcode: '[postcode]',
  order_number: '[order]',
};

// IBAN: country code, check digits, then 11–30 letters/digits, often written in groups of four.
const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/gi;
// Long digit runs that are none of the above (account or card numbers, a phone number written oddly).
const LONG_NUMBER = /(?<![\w[])\d(?:[ .-]?\d){7,}(?![\w\]])/g;

/** The text with personal data (emails, phone numbers, IBANs, postcodes, order numbers) replaced by placeholders. */
export function maskPersonalData(text: string): string {
  const withoutIbans = text.replace(IBAN, (match) => (/\d{6}/.test(match.replace(/\s/g, '')) ? '[iban]' : match));
  let masked = '';
  let position = 0;
  for (const entity of extractEntities(withoutIbans)) {
    const placeholder = PLACEHOLDERS[entity.type];
    if (!placeholder) continue;
    masked += withoutIbans.slice(position, entity.start) + placeholder;
    position = entity.end;
  }
  masked += withoutIbans.slice(position);
  return masked.replace(LONG_NUMBER, '[number]');
}

/** Whether a text still holds a placeholder from maskPersonalData (not fit to train on as is). */
export function containsMask(text: string): boolean {
  return /\[(?:email|phone|postcode|order|iban|number)\]/.test(text);
}
