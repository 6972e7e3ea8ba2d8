import { ClaimTimes } from '../handoff/ticketStore';
import { SqlDatabase } from './sql/sqlDatabase';

/**
 * Claims up to `limit` pending rows of a work table (status, next_attempt_at, claimed_by,
 * claimed_until) that are due and that nobody holds, for `claimant`, in `order`. On
 * PostgreSQL rows another instance is claiming at this moment are skipped, not waited for.
 */
export async function claimDueRows<R>(
  db: SqlDatabase,
  work: { table: string; columns: string; order: string },
  claimant: string,
  times: ClaimTimes,
  limit: number,
): Promise<R[]> {
  const skipLocked = db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  return db.transaction(async (tx) => {
    const candidates = await tx.all<{ id: string }>(
      `SELECT id FROM ${work.table}
       WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
       ORDER BY ${work.order} LIMIT ? ${skipLocked}`,
      [times.dueBy, times.leaseNow, limit],
    );
    const claimed: R[] = [];
    for (const { id } of candidates) {
      const row = await tx.get<R>(`UPDATE ${work.table} SET claimed_by = ?, claimed_until = ? WHERE id = ? AND status = 'pending' RETURNING ${work.columns}`, [
        claimant,
        times.leaseUntil,
        id,
      ]);
      if (row) claimed.push(row);
    }
    return claimed;
  });
}
