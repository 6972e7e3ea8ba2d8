import { randomUUID } from 'crypto';
import { CannedRepliesFile } from '../../content/schema';
import { Language, LANGUAGES } from '../../nlu/language';
import { SettingsStore } from '../../cluster/sharedSettings';

/** A sentence an agent inserts with "/" in the console: per language, `{{name}}`, `{{order}}` and `{{agent}}` filled in there. */
export interface CannedReply {
  readonly id: string;
  readonly language: Language;
  readonly title: string;
  readonly text: string;
  readonly updatedAt: string;
  /** `agent:<id>` of who wrote or last changed it; undefined for the content pack's. */
  readonly updatedBy?: string;
}

export interface CannedReplyChanges {
  readonly language: Language;
  readonly title: string;
  readonly text: string;
}

/** Where canned replies are kept (the store implements it in SQL, shared by the instances). */
export interface CannedReplyStore {
  /** Every reply, or one language's, by title. */
  list(language?: Language): Promise<CannedReply[]>;
  insert(reply: CannedReply): Promise<void>;
  /** The reply after the change, or undefined when there is none with that id. */
  update(id: string, changes: CannedReplyChanges, updatedAt: string, updatedBy: string): Promise<CannedReply | undefined>;
  delete(id: string): Promise<boolean>;
}

/**
 * The desk's canned replies: the content pack's to start with (once, on the first start of the
 * first instance; after that supervisors own them, also when they delete them all), then
 * written, changed and deleted by supervisors in the console.
 */
export class CannedReplies {
  constructor(
    private readonly store: CannedReplyStore,
    private readonly now: () => Date,
  ) {}

  /** Puts the pack's replies in the store, unless any instance did so before. */
  async seed(settings: SettingsStore, fromPack: CannedRepliesFile): Promise<number> {
    const mine = randomUUID();
    if ((await settings.getOrCreate('canned_replies_seeded', () => mine)) !== mine) return 0;
    const at = this.now().toISOString();
    let count = 0;
    for (const language of LANGUAGES) {
      for (const reply of fromPack[language]) {
        await this.store.insert({ id: randomUUID(), language, title: reply.title, text: reply.text, updatedAt: at });
        count++;
      }
    }
    return count;
  }

  list(language?: Language): Promise<CannedReply[]> {
    return this.store.list(language);
  }

  async create(changes: CannedReplyChanges, actor: string): Promise<CannedReply> {
    const reply: CannedReply = { id: randomUUID(), ...changes, updatedAt: this.now().toISOString(), updatedBy: actor };
    await this.store.insert(reply);
    return reply;
  }

  update(id: string, changes: CannedReplyChanges, actor: string): Promise<CannedReply | undefined> {
    return this.store.update(id, changes, this.now().toISOString(), actor);
  }

  remove(id: string): Promise<boolean> {
    return this.store.delete(id);
  }
}
