import { Language } from '../nlu/language';
import { CannedRepliesFile, Localized, MessageKey, MessagesFile, PackFile, SampleOrderFile } from './schema';

export interface IntentContent {
  readonly name: string;
  readonly label: Localized;
  readonly examples: Record<Language, readonly string[]>;
  readonly answer: Localized;
  readonly followUps: readonly string[];
}

/** The validated knowledge base the bot runs on. */
export interface ContentPack {
  readonly directory: string;
  readonly name: string;
  readonly defaultLanguage: Language;
  readonly businessHours: PackFile['businessHours'];
  readonly welcomeSuggestions: readonly string[];
  readonly fallbackSuggestions: readonly string[];
  readonly returnWindowDays: number;
  /** How soon a ticket is answered (its due time and the bot's promise). */
  readonly ticketResponseTime: PackFile['ticketResponseTime'];
  /** The shop's privacy statement, linked from the welcome. */
  readonly privacyUrl?: string;
  /** The shop's order number format (nlu/entities.ts); undefined: six digits, as the sample shop's. */
  readonly orderNumberPattern?: string;
  readonly intents: ReadonlyMap<string, IntentContent>;
  readonly outOfScopeExamples: Record<Language, readonly string[]>;
  readonly messages: MessagesFile;
  readonly sampleOrders: readonly SampleOrderFile[];
  /** The agents' canned replies to start with (canned-replies.json; empty without it). */
  readonly cannedReplies: CannedRepliesFile;
}

/** Intents the dialogs themselves depend on; a pack without them cannot run the bot. */
export const REQUIRED_INTENTS = ['help', 'human.request', 'contact.options', 'order.status', 'order.cancel', 'returns.start'] as const;

/** Fills `{name}` placeholders; unknown placeholders stay visible so a content mistake is noticed, not hidden. */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  // "[ Track & trace: {trackingCode}.]" is said only when every value in it is known (shops leave fields out).
  const known = (key: string) => key in values && String(values[key]) !== '';
  const withSections = template.replace(/\[([^[\]]*)\]/g, (_whole, inner: string) =>
    [...inner.matchAll(/\{(\w+)\}/g)].every((m) => known(m[1])) ? inner : '',
  );
  return withSections.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** Says one of the pack's messages in one language: `say('queued', { position: 2 })`. */
export type Say = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The one way to put a message in the customer's language. */
export function sayIn(pack: ContentPack, language: Language): Say {
  return (key, values = {}) => message(pack, key, language, values);
}

export function message(pack: ContentPack, key: MessageKey, language: Language, values: Record<string, string | number> = {}): string {
  return fillTemplate(pack.messages[key][language], values);
}
