import type { Logger } from 'pino';
import { MessageBus } from '../../cluster/messageBus';
import { ContentPack } from '../../content/contentPack';
import { ContentOverlayStore, Training } from '../../content/overlay';
import { ContentRecognizer, SupportRecognizer } from '../../dialogs/supportRecognizer';
import { ServiceMetrics } from '../../http/metrics';
import { Language } from '../../nlu/language';
import { ModelCache } from '../../nlu/modelCache';
import { DEFAULT_THRESHOLDS, NluEngine } from '../../nlu/nluEngine';
import { Config } from '../config';
import { ModelTraining } from '../modelTraining';

const CONTENT_TOPIC = 'content';

export interface NluParts {
  readonly training: ModelTraining;
  readonly engine: NluEngine;
  readonly recognizer: SupportRecognizer;
  /** Retrains a language here after an overlay change, and tells the other instances to do the same. */
  retrain(language: Language): Promise<Training>;
  close(): void;
}

/** Counts recognised intents for /metrics without the dialogs knowing about metrics. */
function countingRecognizer(inner: SupportRecognizer, metrics: ServiceMetrics): SupportRecognizer {
  return {
    recognize(text, conversationLanguage) {
      const result = inner.recognize(text, conversationLanguage);
      if (text) metrics.intents.inc({ intent: result.intent.name, language: result.language });
      return result;
    },
  };
}

/** The NLU trained on the content pack plus the overlay, kept in step with the other instances. */
export async function wireNlu(parts: {
  config: Config;
  pack: ContentPack;
  overlay: ContentOverlayStore;
  bus: MessageBus;
  metrics: ServiceMetrics;
  logger: Logger;
}): Promise<NluParts> {
  const { config, pack, overlay, bus, metrics, logger } = parts;
  const cache = config.modelCacheDir ? new ModelCache(config.modelCacheDir) : undefined;
  const training = await ModelTraining.start(pack, overlay, { ...DEFAULT_THRESHOLDS, outOfScope: config.outOfScopeThreshold }, logger, cache);
  // Another instance changed the overlay (or may have, while the bus was cut off): compare and retrain what differs.
  const unsubscribe = [bus.subscribe(CONTENT_TOPIC, () => void training.sync()), bus.onResync(() => void training.sync())];
  return {
    training,
    engine: training.engine,
    recognizer: countingRecognizer(new ContentRecognizer(training.engine, pack), metrics),
    async retrain(language) {
      const result = await training.retrain(language);
      bus.publish(CONTENT_TOPIC, { language });
      return result;
    },
    close: () => unsubscribe.forEach((stop) => stop()),
  };
}
