import { Language } from '../nlu/language';
import { Order } from '../orders/orderBackend';

const LOCALES: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

/** "dinsdag 24 november" / "Tuesday 24 November" from YYYY-MM-DD. */
export function formatDate(isoDate: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T12:00:00Z`),
  );
}

export function formatAmount(amount: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency: 'EUR' }).format(amount);
}

export function formatItems(order: Order, language: Language): string {
  return order.items.map((item) => `${item.quantity}× ${item.name[language]}`).join('; ');
}
