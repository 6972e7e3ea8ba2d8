import { existsSync } from 'fs';
import { resolve } from 'path';
import { parseArgs } from 'util';
import { z } from 'zod';
import { copyDatabase, TargetNotEmptyError } from '../../store/copyDatabase';
import { DatabaseTooNewError, migrate } from '../../store/migrations/migrate';
import { openDatabase, StoreLocation, StoreUnavailableError } from '../../store/openStore';

/**
 * `npm run db:copy -- --from sqlite:./data/balie.sqlite --to postgres://user@host/balie`
 * Moves an installation's data between stores (usually from the embedded SQLite file to the
 * PostgreSQL database that several instances will share). Stop the service first. Both
 * databases are migrated to this version; the target must be empty.
 */
const locationSchema = z.string().transform((value, ctx): StoreLocation => {
  if (value.startsWith('sqlite:')) return { kind: 'sqlite', file: resolve(value.slice('sqlite:'.length)) };
  if (/^postgres(ql)?:\/\/[^/]/.test(value)) return { kind: 'postgres', url: value, poolSize: 4, statementTimeoutMs: 600_000 };
  ctx.addIssue({ code: 'custom', message: 'must be sqlite:<path to balie.sqlite> or a postgres://… URL' });
  return z.NEVER;
});
const argsSchema = z.object({ from: locationSchema, to: locationSchema });

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  const { from, to } = parsed.data;
  if (from.kind === 'sqlite' && to.kind === 'sqlite' && from.file === to.file) throw new UsageError('--from and --to are the same file');
  if (from.kind === 'sqlite' && !existsSync(from.file)) throw new UsageError(`--from: there is no file ${from.file}`);
  const source = await openDatabase(from, '--from');
  try {
    const target = await openDatabase(to, '--to');
    try {
      for (const db of [source, target]) {
        const { applied } = await migrate(db);
        if (applied.length > 0) console.log(`migrated ${db.description}: ${applied.join(', ')}`);
      }
      console.log(`copying ${source.description} → ${target.description}`);
      const report = await copyDatabase(source, target, (table, rows) => console.log(`  ${table}: ${rows}`));
      console.log(`done: ${report.tables.reduce((sum, t) => sum + t.rows, 0)} rows in ${report.tables.length} tables, checked.`);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

class UsageError extends Error {}

main().catch((error) => {
  const known =
    error instanceof UsageError || error instanceof StoreUnavailableError || error instanceof DatabaseTooNewError || error instanceof TargetNotEmptyError;
  console.error(`db:copy: ${known ? error.message : (error as Error).stack}`);
  process.exit(1);
});
