import { z } from 'zod';
import { containsMask } from '../privacy/masking';
import { Language } from '../nlu/language';
import { NONE_INTENT } from '../nlu/nluEngine';
import { normalizeText } from '../nlu/normalize';
import { ContentPack } from './contentPack';

/** An example utterance added on top of the content pack (from the analytics dashboard). */
export interface OverlayExample {
  readonly id: number;
  readonly intent: string;
  readonly language: Language;
  readonly text: string;
  readonly addedBy: string;
  readonly addedAt: string;
}

/** Where overlay examples are kept (a table in the service's database by default). */
export interface ContentOverlayStore {
  list(): Promise<OverlayExample[]>;
  /** Undefined when the same example is already there. */
  add(example: Omit<OverlayExample, 'id'>): Promise<OverlayExample | undefined>;
  remove(id: number): Promise<OverlayExample | undefined>;
}

export const newExampleSchema = z.strictObject({
  intent: z.string().min(1).max(100),
  language: z.enum(['nl', 'en']),
  text: z
    .string()
    .trim()
    .min(2, 'must be at least 2 characters')
    .max(500, 'is longer than 500 characters')
    .refine((text) => !containsMask(text), 'still holds a masked placeholder such as [order]: write the example without personal data'),
});

export type NewExample = z.infer<typeof newExampleSchema>;

export class ExampleRejectedError extends Error {
  constructor(
    readonly code: 'unknown_intent' | 'duplicate_example',
    message: string,
  ) {
    super(message);
  }
}

/** Checks a new example against the pack: a known intent (or `none` for out of scope), not already an example. */
export function checkNewExample(pack: ContentPack, overlay: readonly OverlayExample[], example: NewExample): void {
  const intent = pack.intents.get(example.intent);
  if (!intent && example.intent !== NONE_INTENT)
    throw new ExampleRejectedError('unknown_intent', `body.intent: "${example.intent}" is not an intent of the content pack`);
  const existing = [
    ...(intent ? intent.examples[example.language] : pack.outOfScopeExamples[example.language]),
    ...overlay.filter((o) => o.intent === example.intent && o.language === example.language).map((o) => o.text),
  ];
  const normalized = normalizeText(example.text);
  if (existing.some((text) => normalizeText(text) === normalized)) {
    throw new ExampleRejectedError('duplicate_example', `body.text: "${example.text}" is already an example of ${example.intent} (${example.language})`);
  }
}
