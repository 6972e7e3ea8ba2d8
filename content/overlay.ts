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

/** What a change to the overlay cost in retraining. */
export interface Training {
  readonly ms: number;
  readonly examples: number;
}

/**
 * Supervisors' changes to the overlay: an example is checked against the pack, stored, and
 * its language retrained at once (and the other instances told, by `retrain`).
 */
export class OverlayEditor {
  constructor(
    private readonly pack: ContentPack,
    private readonly store: ContentOverlayStore,
    private readonly retrain: (language: Language) => Promise<Training>,
    private readonly clock: () => Date,
  ) {}

  list(): Promise<OverlayExample[]> {
    return this.store.list();
  }

  /** Adds an example; an ExampleRejectedError says why not. */
  async add(example: NewExample, addedBy: string): Promise<{ example: OverlayExample; training: Training }> {
    checkNewExample(this.pack, await this.store.list(), example);
    const added = await this.store.add({ ...example, addedBy, addedAt: this.clock().toISOString() });
    // Another supervisor (perhaps on another instance) added the same one a moment ago.
    if (!added) throw new ExampleRejectedError('duplicate_example', `body.text: "${example.text}" is already an example of ${example.intent}`);
    return { example: added, training: await this.retrain(added.language) };
  }

  /** Removes an example; undefined when there is none with that id. */
  async remove(id: number): Promise<{ example: OverlayExample; training: Training } | undefined> {
    const removed = await this.store.remove(id);
    return removed && { example: removed, training: await this.retrain(removed.language) };
  }
}
