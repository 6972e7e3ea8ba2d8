import { existsSync, readdirSync, readFileSync } from 'fs';
import { basename, join, relative } from 'path';
import { z } from 'zod';
import { ContentPack, IntentContent, REQUIRED_INTENTS } from './contentPack';
import { cannedRepliesFileSchema, intentFileSchema, messagesFileSchema, ordersFileSchema, outOfScopeFileSchema, packFileSchema } from './schema';

/** A content file that cannot be used; the message names the file, the intent and the field. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly intent?: string,
    readonly field?: string,
  ) {
    super(`${file}${intent ? `: intent "${intent}"` : ''}${field ? `, field "${field}"` : ''}: ${problem}`);
    this.name = 'ContentError';
  }
}

function readJson(file: string, shownAs: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ContentError(shownAs, 'file is missing or unreadable');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ContentError(shownAs, `is not valid JSON (${(error as Error).message})`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, data: unknown, shownAs: string, intentOf?: (data: unknown) => string | undefined): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.map(String).join('.') || undefined;
  throw new ContentError(shownAs, issue.message, intentOf?.(data), field);
}

const intentNameOf = (data: unknown): string | undefined =>
  typeof data === 'object' && data !== null && typeof (data as { intent?: unknown }).intent === 'string' ? (data as { intent: string }).intent : undefined;

/**
 * Loads and validates a content pack directory: pack.json, messages.json, orders.json,
 * out-of-scope.json, intents/*.json (one intent per file, named after the intent) and,
 * optionally, canned-replies.json.
 */
export function loadContentPack(directory: string): ContentPack {
  const shown = (file: string) => {
    const rel = relative(process.cwd(), file);
    return rel && !rel.startsWith('..') ? rel : file;
  };
  const path = (name: string) => join(directory, name);
  const pack = parseWith(packFileSchema, readJson(path('pack.json'), shown(path('pack.json'))), shown(path('pack.json')));
  const messages = parseWith(messagesFileSchema, readJson(path('messages.json'), shown(path('messages.json'))), shown(path('messages.json')));
  const orders = parseWith(ordersFileSchema, readJson(path('orders.json'), shown(path('orders.json'))), shown(path('orders.json')));
  const outOfScope = parseWith(outOfScopeFileSchema, readJson(path('out-of-scope.json'), shown(path('out-of-scope.json'))), shown(path('out-of-scope.json')));
  const cannedFile = path('canned-replies.json');
  const cannedReplies = existsSync(cannedFile)
    ? parseWith(cannedRepliesFileSchema, readJson(cannedFile, shown(cannedFile)), shown(cannedFile))
    : { nl: [], en: [] };

  const intentsDir = path('intents');
  let files: string[];
  try {
    files = readdirSync(intentsDir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    throw new ContentError(shown(intentsDir), 'directory is missing');
  }
  const intents = new Map<string, IntentContent>();
  for (const file of files) {
    const full = join(intentsDir, file);
    const parsed = parseWith(intentFileSchema, readJson(full, shown(full)), shown(full), intentNameOf);
    if (basename(file, '.json') !== parsed.intent) {
      throw new ContentError(shown(full), `file must be named ${parsed.intent}.json after its intent`, parsed.intent, 'intent');
    }
    intents.set(parsed.intent, { name: parsed.intent, label: parsed.label, examples: parsed.examples, answer: parsed.answer, followUps: parsed.followUps });
  }

  for (const required of REQUIRED_INTENTS) {
    if (!intents.has(required)) throw new ContentError(shown(intentsDir), `the bot needs an intent "${required}" (add ${required}.json)`);
  }
  for (const [name, intent] of intents) {
    const file = shown(join(intentsDir, `${name}.json`));
    intent.followUps.forEach((followUp, i) => {
      if (!intents.has(followUp)) throw new ContentError(file, `refers to unknown intent "${followUp}"`, name, `followUps.${i}`);
    });
  }
  for (const key of ['welcomeSuggestions', 'fallbackSuggestions'] as const) {
    pack[key].forEach((name, i) => {
      if (!intents.has(name)) throw new ContentError(shown(path('pack.json')), `refers to unknown intent "${name}"`, undefined, `${key}.${i}`);
    });
  }
  const numbers = new Set<string>();
  orders.orders.forEach((order, i) => {
    if (numbers.has(order.orderNumber))
      throw new ContentError(shown(path('orders.json')), `order number ${order.orderNumber} appears twice`, undefined, `orders.${i}.orderNumber`);
    numbers.add(order.orderNumber);
  });

  return {
    directory,
    name: pack.name,
    defaultLanguage: pack.defaultLanguage,
    businessHours: pack.businessHours,
    welcomeSuggestions: pack.welcomeSuggestions,
    fallbackSuggestions: pack.fallbackSuggestions,
    returnWindowDays: pack.returnWindowDays,
    ticketResponseTime: pack.ticketResponseTime,
    orderNumberPattern: pack.orderNumberPattern,
    privacyUrl: pack.privacyUrl,
    intents,
    outOfScopeExamples: outOfScope.examples,
    messages,
    sampleOrders: orders.orders,
    cannedReplies,
  };
}
