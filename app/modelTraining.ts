import type { Logger } from 'pino';
import { ContentPack } from '../content/contentPack';
import { ContentOverlayStore, OverlayExample } from '../content/overlay';
import { trainingSetOf } from '../content/trainingSet';
import { Language } from '../nlu/language';
import { NluEngine, NluThresholds } from '../nlu/nluEngine';

/**
 * Trains the NLU from the content pack plus the overlay, at start-up and again whenever the
 * overlay changes: here (a supervisor added an example on this instance) or on another
 * instance (then `sync()` notices and retrains the languages that changed).
 */
export class ModelTraining {
  /** The overlay examples the model was last trained with, by id. */
  private trainedWith: ReadonlyMap<number, OverlayExample>;
  private syncing: Promise<Language[]> = Promise.resolve([]);

  private constructor(
    readonly engine: NluEngine,
    private readonly pack: ContentPack,
    private readonly overlay: ContentOverlayStore,
    private readonly logger: Logger,
    trainedWith: readonly OverlayExample[],
  ) {
    this.trainedWith = byId(trainedWith);
  }

  static async start(pack: ContentPack, overlay: ContentOverlayStore, thresholds: NluThresholds, logger: Logger): Promise<ModelTraining> {
    const started = Date.now();
    const examples = await overlay.list();
    const engine = NluEngine.train(trainingSetOf(pack, examples), thresholds);
    logger.info({ intents: engine.intents.length, overlayExamples: examples.length, ms: Date.now() - started }, 'NLU model trained');
    return new ModelTraining(engine, pack, overlay, logger, examples);
  }

  /**
   * Retrains the language whose examples changed and swaps the model in place: the next
   * message uses it, no restart. Training runs on the event loop (about half a second for one
   * language of the sample content), so it happens only when the overlay changes.
   */
  async retrain(language: Language): Promise<{ ms: number; examples: number }> {
    const started = Date.now();
    const overlay = await this.overlay.list();
    this.engine.retrain(trainingSetOf(this.pack, overlay), language);
    this.trainedWith = byId(overlay);
    const result = { ms: Date.now() - started, examples: overlay.length };
    this.logger.info({ ...result, language }, 'NLU model retrained with the content overlay');
    return result;
  }

  /**
   * Compares the stored overlay with what the model was trained on and retrains the
   * languages whose examples differ (another instance changed them). Resolves with those
   * languages; calls that overlap share one comparison.
   */
  sync(): Promise<Language[]> {
    this.syncing = this.syncing
      .then(() => this.syncNow())
      .catch((error) => {
        this.logger.warn({ err: error }, 'could not check the content overlay for changes');
        return [];
      });
    return this.syncing;
  }

  private async syncNow(): Promise<Language[]> {
    const current = await this.overlay.list();
    const changed = new Set<Language>();
    const now = byId(current);
    for (const [id, example] of now) if (!this.trainedWith.has(id)) changed.add(example.language);
    for (const [id, example] of this.trainedWith) if (!now.has(id)) changed.add(example.language);
    for (const language of changed) {
      const started = Date.now();
      this.engine.retrain(trainingSetOf(this.pack, current), language);
      this.logger.info(
        { language, examples: current.length, ms: Date.now() - started },
        'NLU model retrained: the content overlay changed on another instance',
      );
    }
    this.trainedWith = now;
    return [...changed];
  }
}

function byId(examples: readonly OverlayExample[]): ReadonlyMap<number, OverlayExample> {
  return new Map(examples.map((example) => [example.id, example]));
}
