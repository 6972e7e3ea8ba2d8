import type { Logger } from 'pino';
import { ContentPack } from '../content/contentPack';
import { ContentOverlayStore } from '../content/overlay';
import { trainingSetOf } from '../content/trainingSet';
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
   * Retrains and swaps the model in place: the next message uses it, no restart. Training
   * runs on the event loop (about a second for the sample content), so it is done on request only.
   */
  retrain(): { ms: number; examples: number } {
    const started = Date.now();
    this.engine.adopt(this.train());
    const result = { ms: Date.now() - started, examples: this.overlay.list().length };
    this.logger.info({ ...result }, 'NLU model retrained with the content overlay');
    return result;
  }

  private train(): NluEngine {
    return NluEngine.train(trainingSetOf(this.pack, this.overlay.list()), this.thresholds);
  }
}
