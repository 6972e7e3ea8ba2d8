import pino from 'pino';
import { loadContentPack } from '../../content/loader';
import { ModelCache } from '../../nlu/modelCache';
import { DEFAULT_THRESHOLDS } from '../../nlu/nluEngine';
import { DatabaseTooNewError } from '../../store/migrations/migrate';
import { openStore, StoreUnavailableError } from '../../store/openStore';
import { ConfigError, loadConfig } from '../config';
import { ModelTraining } from '../modelTraining';

/**
 * `npm run model:train`: trains the NLU model for the configured content pack and content
 * overlay into the model cache (BALIE_MODEL_CACHE_DIR), so the next start loads it instead of
 * training. `npm install` runs it once after building; run it in a deploy step (or an image
 * build) after changing the content pack.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.modelCacheDir) {
    console.log('model:train: the model cache is off (BALIE_MODEL_CACHE_DIR=off): nothing to do');
    return;
  }
  const logger = pino({ level: 'warn' });
  const pack = loadContentPack(config.contentDir);
  const store = await openStore(config.store, { logger, instanceId: 'model-train' });
  try {
    const cache = new ModelCache(config.modelCacheDir);
    const started = Date.now();
    const training = await ModelTraining.start(pack, store.overlay, { ...DEFAULT_THRESHOLDS, outOfScope: config.outOfScopeThreshold }, logger, cache);
    await training.saved();
    console.log(`model:train: NLU model for ${pack.intents.size} intents in ${cache.directory} (${Date.now() - started} ms)`);
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  const known = error instanceof ConfigError || error instanceof StoreUnavailableError || error instanceof DatabaseTooNewError;
  console.error(`model:train: ${known ? error.message : (error as Error).stack}`);
  process.exit(1);
});
