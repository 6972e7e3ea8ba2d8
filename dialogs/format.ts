import { Language } from '../nlu/language';
import { Order, OrderItem } from '../orders/orderBackend';

const LOCALES: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

// Building an Intl formatter costs far more than formatting with one: one per language.
const DATE_FORMATS = {
  nl: new Intl.DateTimeFormat(LOCALES.nl, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat(LOCALES.en, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
};
const AMOUNT_FORMATS = {
  nl: new Intl.NumberFormat(LOCALES.nl, { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat(LOCALES.en, { style: 'currency', currency: 'EUR' }),
};

/** "dinsdag 24 november" / "Tuesday 24 November" from YYYY-MM-DD. */
export function formatDate(isoDate: string, language: Language): string {
  return DATE_FORMATS[language].format(new Date(`${isoDate}T12:00:00Z`));
}

export function formatAmount(amount: number, language: Language): string {
  return AMOUNT_FORMATS[language].format(amount);
}

/** An item's name in the customer's language (shops that keep one name give it in every language). */
export function itemName(item: OrderItem, language: Language): string {
  return typeof item.name === 'string' ? item.name : item.name[language];
}

export function formatItems(order: Order, language: Language): string {
  return order.items.map((item) => `${item.quantity}× ${itemName(item, language)}`).join('; ');
}
