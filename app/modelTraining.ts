import type { Logger } from 'pino';
import { ContentPack } from '../content/contentPack';
import { ContentOverlayStore, OverlayExample } from '../content/overlay';
import { trainingSetOf } from '../content/trainingSet';
import { Language } from '../nlu/language';
import { DEFAULT_CLASSIFIER_OPTIONS } from '../nlu/intentClassifier';
import { ModelCache, modelKey } from '../nlu/modelCache';
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
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    readonly engine: NluEngine,
    private readonly pack: ContentPack,
    private readonly overlay: ContentOverlayStore,
    private readonly logger: Logger,
    trainedWith: readonly OverlayExample[],
    private readonly cache?: ModelCache,
  ) {
    this.trainedWith = byId(trainedWith);
  }

  /**
   * The model for the pack plus the overlay: from the model cache when it holds one trained on
   * exactly these examples with this code, else trained now (and then cached).
   */
  static async start(pack: ContentPack, overlay: ContentOverlayStore, thresholds: NluThresholds, logger: Logger, cache?: ModelCache): Promise<ModelTraining> {
    const started = Date.now();
    const examples = await overlay.list();
    const training = trainingSetOf(pack, examples);
    const key = modelKey(training, DEFAULT_CLASSIFIER_OPTIONS);
    let engine: NluEngine | undefined;
    try {
      const learned = cache?.load(key);
      if (learned) engine = NluEngine.train(training, thresholds, DEFAULT_CLASSIFIER_OPTIONS, learned);
    } catch (error) {
      logger.warn({ err: error, cache: cache?.directory }, 'could not use the cached NLU model; training a new one');
    }
    const fromCache = engine !== undefined;
    engine ??= NluEngine.train(training, thresholds);
    logger.info(
      { intents: engine.intents.length, overlayExamples: examples.length, ms: Date.now() - started, cache: cache?.directory ?? 'off' },
      fromCache ? 'NLU model loaded from the model cache' : 'NLU model trained',
    );
    const modelTraining = new ModelTraining(engine, pack, overlay, logger, examples, cache);
    if (!fromCache) modelTraining.saveLater(key);
    return modelTraining;
  }

  /** Writes the current model to the cache after this turn of the event loop: never in anyone's way. */
  private saveLater(key: string): void {
    const cache = this.cache;
    if (!cache) return;
    const snapshot = this.engine.snapshot();
    this.saving = new Promise<void>((resolve) =>
      setImmediate(() => {
        try {
          cache.save(key, snapshot);
        } catch (error) {
          this.logger.warn({ err: error, cache: cache.directory }, 'could not write the NLU model cache (the next start trains again)');
        }
        resolve();
      }),
    );
  }

  /** Resolves once the model is in the cache (if it was to be written). */
  saved(): Promise<void> {
    return this.saving;
  }

  /**
   * Retrains the language whose examples changed and swaps the model in place: the next
   * message uses it, no restart. Training runs on the event loop (about half a second for one
   * language of the sample content), so it happens only when the overlay changes.
   */
  async retrain(language: Language): Promise<{ ms: number; examples: number }> {
    const started = Date.now();
    const overlay = await this.overlay.list();
    const training = trainingSetOf(this.pack, overlay);
    this.engine.retrain(training, language);
    this.trainedWith = byId(overlay);
    this.saveLater(modelKey(training, DEFAULT_CLASSIFIER_OPTIONS));
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
    const training = trainingSetOf(this.pack, current);
    for (const language of changed) {
      const started = Date.now();
      this.engine.retrain(training, language);
      this.logger.info(
        { language, examples: current.length, ms: Date.now() - started },
        'NLU model retrained: the content overlay changed on another instance',
      );
    }
    this.trainedWith = now;
    if (changed.size > 0) this.saveLater(modelKey(training, DEFAULT_CLASSIFIER_OPTIONS));
    return [...changed];
  }
}

function byId(examples: readonly OverlayExample[]): ReadonlyMap<number, OverlayExample> {
  return new Map(examples.map((example) => [example.id, example]));
}
