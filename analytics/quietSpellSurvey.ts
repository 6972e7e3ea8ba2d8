import { Language } from '../nlu/language';

/** The effort question to ask a customer who went quiet after the bot helped them. */
export interface EffortPrompt {
  readonly conversationId: string;
  readonly channelId: string;
  /** The channel's conversation reference (opaque here): what a proactive message is sent on. */
  readonly reference: object;
  readonly language: Language;
  /** When the bot last helped; a customer message after it means they are not done yet. */
  readonly resolvedAt: string;
}

/** Where prompts wait for their quiet spell: one per conversation, shared by the instances. */
export interface EffortPromptStore {
  /** Asks later: the conversation's prompt, due at `dueAt`, replacing one still waiting. */
  schedule(prompt: EffortPrompt, dueAt: string): Promise<void>;
  /** Takes the prompts due by `now`, oldest first: each is handed to one caller once, and gone. */
  takeDue(now: string, limit: number): Promise<EffortPrompt[]>;
}

/** What asks (in the conversation, if it is still quiet and nothing else was asked): the bot layer. */
export interface QuietSpellAsker {
  askIfQuiet(prompt: EffortPrompt): Promise<'asked' | 'not_quiet'>;
}

interface Logger {
  warn(details: object, message: string): void;
}

/** Prompts handled per round; the rest wait for the next. */
const ROUND_SIZE = 50;

/**
 * The effort question after a quiet spell: when the bot has done what the customer came for and
 * they say nothing more for `quietMs`, it is asked once (the store hands each prompt to one
 * instance), proactively, in its own message. A customer who says thanks or goodbye first is
 * asked right then instead; one who goes on is not asked until they are done again.
 */
export class QuietSpellSurvey {
  constructor(
    private readonly store: EffortPromptStore,
    private readonly asker: QuietSpellAsker,
    private readonly quietMs: number,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.quietMs > 0;
  }

  async schedule(prompt: Omit<EffortPrompt, 'resolvedAt'>): Promise<void> {
    if (!this.enabled) return;
    const at = this.now();
    await this.store.schedule({ ...prompt, resolvedAt: at.toISOString() }, new Date(at.getTime() + this.quietMs).toISOString());
  }

  /** Asks every prompt that is due; returns how many were asked. A failed one is not tried again (a survey is no promise). */
  async run(): Promise<number> {
    let asked = 0;
    for (;;) {
      const due = await this.store.takeDue(this.now().toISOString(), ROUND_SIZE);
      for (const prompt of due) {
        try {
          if ((await this.asker.askIfQuiet(prompt)) === 'asked') asked++;
        } catch (error) {
          this.logger.warn(
            { err: error, conversationId: prompt.conversationId, channelId: prompt.channelId },
            'could not ask the effort question after a quiet spell',
          );
        }
      }
      if (due.length < ROUND_SIZE) return asked;
    }
  }
}
