import { SqlExecutor } from './sqlDatabase';

/**
 * Multi-row INSERTs, in chunks whose sizes are powers of two (at most 256 rows): few distinct
 * statements, so each is prepared once, however the batches vary in size. `insert` ends with
 * VALUES; `tail` follows the rows (ON CONFLICT …, RETURNING …). Resolves with every returned row.
 */
export async function insertRows<R = never>(tx: SqlExecutor, insert: string, tail: string, rows: readonly (readonly unknown[])[]): Promise<R[]> {
  const returned: R[] = [];
  for (let at = 0; at < rows.length;) {
    const size = Math.min(256, 2 ** Math.floor(Math.log2(rows.length - at)));
    const chunk = rows.slice(at, at + size);
    const placeholders = `(${chunk[0].map(() => '?').join(', ')})`;
    const sql = `${insert} ${Array.from({ length: size }, () => placeholders).join(', ')} ${tail}`;
    if (/\bRETURNING\b/i.test(tail)) returned.push(...(await tx.all<R>(sql, chunk.flat())));
    else await tx.run(sql, chunk.flat());
    at += size;
  }
  return returned;
}
