import { PostgresDatabase } from './sql/postgresDatabase';
import { SqlDatabase, SqlExecutor } from './sql/sqlDatabase';

/**
 * The tables a copy carries, parents before children (foreign keys). Left out: the
 * migration record (each side has its own), console streams and large bus messages
 * (they only mean something to running instances).
 */
export const COPIED_TABLES = [
  'settings',
  'agents',
  'agent_tokens',
  'bot_state',
  'transcript',
  'orders',
  'order_returns',
  'handoffs',
  'handoff_events',
  'outbox',
  'ticket_messages',
  'ticket_deliveries',
  'webhook_events',
  'ces_responses',
  'effort_prompts',
  'directline_conversations',
  'directline_activities',
  'slack_events',
  'customer_identities',
  'analytics_conversations',
  'analytics_messages',
  'answer_feedback',
  'content_overlay_examples',
  'audit_log',
  'canned_replies',
  'attachments',
] as const;

/** The arrival order SQLite keeps implicitly and PostgreSQL in a column of that name. */
const ROWID = 'rowid';

export class TargetNotEmptyError extends Error {
  constructor(
    readonly table: string,
    readonly rows: number,
  ) {
    super(`the target database already holds data (${table}: ${rows} rows): copy into an empty one (created and migrated, but never started)`);
    this.name = 'TargetNotEmptyError';
  }
}

async function columnsOf(db: SqlExecutor, table: string): Promise<string[]> {
  if (db.dialect === 'sqlite') return (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)).map((r) => r.name);
  return (
    await db.all<{ column_name: string }>(
      'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position',
      [table],
    )
  ).map((r) => r.column_name);
}

async function count(db: SqlExecutor, table: string): Promise<number> {
  return Number((await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n);
}

export interface CopyReport {
  readonly tables: { table: string; rows: number }[];
}

/**
 * Copies every row of Balie's tables from one database to another (SQLite to PostgreSQL,
 * or back), in one transaction on the target: it has everything or nothing. Both must be
 * migrated to the same version; the target must be empty. Ids, arrival order and every
 * timestamp are kept, and PostgreSQL's id sequences continue after the copied ids.
 */
export async function copyDatabase(
  source: SqlDatabase,
  target: SqlDatabase,
  onTable: (table: string, rows: number) => void = () => undefined,
): Promise<CopyReport> {
  for (const table of COPIED_TABLES) {
    const rows = await count(target, table);
    if (rows > 0) throw new TargetNotEmptyError(table, rows);
  }
  const report: { table: string; rows: number }[] = [];
  await target.transaction(async (tx) => {
    for (const table of COPIED_TABLES) {
      const sourceColumns = await columnsOf(source, table);
      const targetColumns = new Set(await columnsOf(tx, table));
      const columns = sourceColumns.filter((c) => targetColumns.has(c));
      // Arrival order: SQLite's hidden rowid into PostgreSQL's column, and back.
      const keepsOrder = (source.dialect === 'sqlite' && targetColumns.has(ROWID)) || (target.dialect === 'sqlite' && sourceColumns.includes(ROWID));
      if (keepsOrder && !columns.includes(ROWID)) columns.push(ROWID);
      const order = source.dialect === 'sqlite' || sourceColumns.includes(ROWID) ? ROWID : sourceColumns[0];
      const batch = Math.max(1, Math.floor(30_000 / columns.length));
      let copied = 0;
      for (let offset = 0; ; offset += batch) {
        const rows = await source.all<Record<string, unknown>>(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${order} LIMIT ? OFFSET ?`, [
          batch,
          offset,
        ]);
        if (rows.length === 0) break;
        const placeholders = rows.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
        await tx.run(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders}`,
          rows.flatMap((row) => columns.map((c) => row[c])),
        );
        copied += rows.length;
        if (rows.length < batch) break;
      }
      report.push({ table, rows: copied });
      onTable(table, copied);
    }
    if (target instanceof PostgresDatabase) {
      // Identity columns continue after the largest copied value.
      const identities = await tx.all<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
      );
      for (const { table_name, column_name } of identities) {
        await tx.get(
          `SELECT setval(pg_get_serial_sequence('${table_name}', '${column_name}'), COALESCE(MAX(${column_name}), 0) + 1, false) FROM ${table_name}`,
        );
      }
    }
  });
  for (const { table, rows } of report) {
    const there = await count(target, table);
    if (there !== rows) throw new Error(`copy check failed: ${table} has ${there} rows in the target, ${rows} were copied`);
  }
  return { tables: report };
}
