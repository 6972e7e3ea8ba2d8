import type { Logger } from 'pino';
import { ContentPack } from '../content/contentPack';
import { ContentOverlayStore } from '../content/overlay';
import { trainingSetOf } from '../content/trainingSet';
import { Language } from '../nlu/language';
import { NluEngine, NluThresholds } from '../nlu/nluEngine';

/** Trains the NLU from the content pack plus the overlay, at start-up and again whenever the overlay changes. */
export class ModelTraining {
  readonly engine: NluEngine;

  constructor(
    private readonly pack: ContentPack,
    private readonly overlay: ContentOverlayStore,
    private readonly thresholds: NluThresholds,
    private readonly logger: Logger,
  ) {
    const started = Date.now();
    this.engine = this.train();
    logger.info({ intents: this.engine.intents.length, overlayExamples: this.overlay.list().length, ms: Date.now() - started }, 'NLU model trained');
  }

  /**
   * Retrains the language whose examples changed and swaps the model in place: the next
   * message uses it, no restart. Training runs on the event loop (about half a second for one
   * language of the sample content), so it happens only when a supervisor changes the overlay.
   */
  retrain(language: Language): { ms: number; examples: number } {
    const started = Date.now();
    const overlay = this.overlay.list();
    this.engine.retrain(trainingSetOf(this.pack, overlay), language);
    const result = { ms: Date.now() - started, examples: overlay.length };
    this.logger.info({ ...result }, 'NLU model retrained with the content overlay');
    return result;
  }

  private train(): NluEngine {
    return NluEngine.train(trainingSetOf(this.pack, this.overlay.list()), this.thresholds);
  }
}
