import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import pino from 'pino';
import { Config, loadConfig } from '../../app/config';
import { ContentPack } from '../../content/contentPack';
import { loadContentPack } from '../../content/loader';
import { trainingSetOf } from '../../content/trainingSet';
import { NluEngine } from '../../nlu/nluEngine';
import { migrate } from '../../store/migrations/migrate';
import { openSqliteFile } from '../../store/sql/sqliteDatabase';
import { SqlSampleOrderBackend } from '../../store/sqlSampleOrderBackend';

export const SAMPLE_CONTENT_DIR = resolve(__dirname, '../../../content/webshop');

let pack: ContentPack | undefined;
let engine: NluEngine | undefined;

/** The sample pack, loaded once per test run. */
export function samplePack(): ContentPack {
  return (pack ??= loadContentPack(SAMPLE_CONTENT_DIR));
}

/** The NLU trained on the sample pack, once per test run (training takes about a second). */
export function sampleEngine(): NluEngine {
  return (engine ??= NluEngine.train(trainingSetOf(samplePack())));
}

/** The sample orders in a migrated in-memory SQLite database: a real order backend for tests that replace the service's. */
export async function sampleOrderBackend(now: () => Date = () => new Date()): Promise<SqlSampleOrderBackend> {
  const db = openSqliteFile(':memory:');
  await migrate(db);
  const orders = new SqlSampleOrderBackend(db, now);
  await orders.seed(samplePack().sampleOrders);
  return orders;
}

export const silentLogger = pino({ level: 'silent' });

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'balie-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export const TEST_MODEL_CACHE = join(tmpdir(), 'balie-test-model-cache');

/** A configuration for a test service: random port, its own data directory, quiet logs. */
export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    BALIE_DATA_DIR: dataDir,
    BALIE_CONTENT_DIR: SAMPLE_CONTENT_DIR,
    // One model cache for every test service: the sample content is trained once per code change.
    BALIE_MODEL_CACHE_DIR: TEST_MODEL_CACHE,
    ...env,
  });
}

/**
 * The real service on a random port, for integration tests: on an SQLite file in `database`
 * (a directory), or on the test database's store (SQLite or PostgreSQL).
 */
export async function startTestService(
  database: string | { readonly dataDir: string; readonly env: Record<string, string> },
  env: Record<string, string> = {},
  options: Omit<import('../../app/service').ServiceOptions, 'config' | 'logger'> = {},
): Promise<{ service: import('../../app/service').BalieService; base: string }> {
  const { createService } = await import('../../app/service');
  const { dataDir, env: storeEnv } = typeof database === 'string' ? { dataDir: database, env: {} } : database;
  const service = await createService({ config: testConfig(dataDir, { ...storeEnv, ...env }), logger: silentLogger, ...options });
  try {
    const { port } = await service.listen();
    return { service, base: `http://127.0.0.1:${port}` };
  } catch (error) {
    await service.close();
    throw error;
  }
}
