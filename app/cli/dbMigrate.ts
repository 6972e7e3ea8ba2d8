import { DatabaseTooNewError, migrate, migrationFiles } from '../../store/migrations/migrate';
import { openDatabase, StoreUnavailableError } from '../../store/openStore';
import { ConfigError, loadConfig } from '../config';

/**
 * `npm run db:migrate`: brings the configured database (DATABASE_URL, else the SQLite file
 * in BALIE_DATA_DIR) to this version's schema without starting the service, e.g. as a
 * deploy step before the new instances start. Safe to run while other instances start:
 * migrations run under a lock, once.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config.store);
  try {
    const result = await migrate(db);
    const files = migrationFiles(db.dialect);
    if (result.applied.length === 0) console.log(`${db.description} is up to date (${files.length} migrations, newest ${result.current}).`);
    else console.log(`${db.description}: applied ${result.applied.join(', ')}; now at ${result.current}.`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  const known = error instanceof ConfigError || error instanceof StoreUnavailableError || error instanceof DatabaseTooNewError;
  console.error(`db:migrate: ${known ? error.message : (error as Error).stack}`);
  process.exit(1);
});
