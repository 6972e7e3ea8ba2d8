import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { assertPortFree, PortUnavailableError } from './portCheck';

/** `npm start`: load the configuration, build the service, listen, and stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Balie cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  try {
    await assertPortFree(config.host, config.port);
  } catch (error) {
    if (!(error instanceof PortUnavailableError)) throw error;
    logger.fatal(error.message);
    console.error(`Balie cannot start: ${error.message}`);
    process.exit(1);
  }
  // The rest (botbuilder, the stores, the NLU) takes a second to load: only once the port is known to be free.
  const [{ createService }, { ContentError }, { DatabaseTooNewError }, { StoreUnavailableError }] = await Promise.all([
    import('./service'),
    import('../content/loader'),
    import('../store/migrations/migrate'),
    import('../store/openStore'),
  ]);
  let service;
  try {
    service = await createService({ config, logger });
  } catch (error) {
    if (error instanceof ContentError) {
      logger.fatal({ file: error.file, intent: error.intent, field: error.field }, `content error: ${error.message}`);
      console.error(`Balie cannot start: content error in ${error.message}`);
      process.exit(1);
    }
    if (error instanceof StoreUnavailableError || error instanceof DatabaseTooNewError) {
      logger.fatal(error.message);
      console.error(`Balie cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  await service.listen();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    service
      .close()
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  console.error('Balie failed to start:', error);
  process.exit(1);
});
