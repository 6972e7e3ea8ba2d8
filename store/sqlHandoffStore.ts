import { Language } from '../nlu/language';
import { HandoffExistsError, HandoffStore, NewHandoff, StaleHandoffError, TransitionRequest } from '../handoff/handoffStore';
import { canApply, HandoffState, nextState, sourceOf } from '../handoff/stateMachine';
import { Handoff, HandoffEvent } from '../handoff/types';
import { Batcher } from './batcher';
import { isUniqueViolation, oneOf, SqlDatabase, SqlExecutor } from './sql/sqlDatabase';

interface Row {
  id: string;
  reference: string;
  conversation_id: string;
  channel_id: string;
  customer_id: string;
  language: Language;
  state: HandoffState;
  reason: Handoff['reason'];
  priority: number;
  agent_id: string | null;
  created_at: string;
  accepted_at: string | null;
  closed_at: string | null;
  note: string | null;
  context: string;
  conversation_reference: string;
  last_told_position: number | null;
  due_at: string | null;
  answered_at: string | null;
  overdue_at: string | null;
}

const COLUMNS = `id, reference, conversation_id, channel_id, customer_id, language, state, reason, priority, agent_id,
  created_at, accepted_at, closed_at, note, context, conversation_reference, last_told_position, due_at, answered_at, overdue_at`;

function fromRow(row: Row): Handoff {
  return {
    id: row.id,
    reference: row.reference,
    conversationId: row.conversation_id,
    channelId: row.channel_id,
    customerId: row.customer_id,
    language: row.language,
    state: row.state,
    reason: row.reason,
    priority: row.priority,
    agentId: row.agent_id ?? undefined,
    createdAt: row.created_at,
    acceptedAt: row.accepted_at ?? undefined,
    closedAt: row.closed_at ?? undefined,
    note: row.note ?? undefined,
    context: JSON.parse(row.context) as Handoff['context'],
    conversationReference: JSON.parse(row.conversation_reference),
    lastToldPosition: row.last_told_position ?? undefined,
    dueAt: row.due_at ?? undefined,
    answeredAt: row.answered_at ?? undefined,
    overdueAt: row.overdue_at ?? undefined,
  };
}

async function getHandoff(db: SqlExecutor, id: string): Promise<Handoff | undefined> {
  const row = await db.get<Row>(`SELECT ${COLUMNS} FROM handoffs WHERE id = ?`, [id]);
  return row ? fromRow(row) : undefined;
}

async function recordEvent(db: SqlExecutor, event: HandoffEvent): Promise<void> {
  await db.run('INSERT INTO handoff_events (handoff_id, from_state, to_state, actor, at, detail) VALUES (?, ?, ?, ?, ?, ?)', [
    event.handoffId,
    event.from,
    event.to,
    event.actor,
    event.at,
    event.detail ?? null,
  ]);
}

export class SqlHandoffStore implements HandoffStore {
  constructor(private readonly db: SqlDatabase) {}

  async create(handoff: NewHandoff, actor: string): Promise<Handoff> {
    try {
      return await this.db.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO handoffs (id, reference, conversation_id, channel_id, customer_id, language, state, reason, priority, created_at,
             context, conversation_reference, due_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            handoff.id,
            handoff.reference,
            handoff.conversationId,
            handoff.channelId,
            handoff.customerId,
            handoff.language,
            handoff.state,
            handoff.reason,
            handoff.priority,
            handoff.createdAt,
            JSON.stringify(handoff.context),
            JSON.stringify(handoff.conversationReference),
            handoff.dueAt ?? null,
          ],
        );
        await recordEvent(tx, { handoffId: handoff.id, from: 'bot', to: handoff.state, actor, at: handoff.createdAt });
        return (await getHandoff(tx, handoff.id))!;
      });
    } catch (error) {
      // The partial unique index allows one open (queued or agent) handoff per conversation.
      if (isUniqueViolation(error) && (await this.openFor(handoff.conversationId))) throw new HandoffExistsError(handoff.conversationId);
      throw error;
    }
  }

  async transition(request: TransitionRequest): Promise<Handoff> {
    return this.db.transaction(async (tx) => {
      const current = await getHandoff(tx, request.handoffId);
      if (!current) throw new StaleHandoffError(request.handoffId, sourceOf(request.event), undefined);
      // Someone (another agent, another instance's sweep) moved it on since the caller looked.
      if (!canApply(current.state, request.event)) throw new StaleHandoffError(request.handoffId, sourceOf(request.event), current.state);
      const to = nextState(current.state, request.event);
      const owner = current.agentId ?? '';
      if (request.expectedOwner !== undefined && owner !== request.expectedOwner) {
        throw new StaleHandoffError(request.handoffId, current.state, current.state, current.agentId);
      }
      const changed = await tx.run(
        `UPDATE handoffs SET state = ?,
           agent_id = CASE WHEN ? = 1 THEN NULL ELSE COALESCE(?, agent_id) END,
           accepted_at = CASE WHEN ? = 1 THEN ? ELSE accepted_at END,
           closed_at = CASE WHEN ? = 1 THEN ? ELSE closed_at END,
           answered_at = CASE WHEN ? = 1 THEN ? ELSE answered_at END,
           due_at = COALESCE(?, due_at),
           overdue_at = CASE WHEN ? = 1 THEN NULL ELSE overdue_at END,
           note = CASE WHEN ? = 1 THEN COALESCE(?, note) ELSE note END
         WHERE id = ? AND state = ? AND COALESCE(agent_id, '') = ?`,
        [
          to,
          // Back in the queue: nobody's any more.
          to === 'queued' ? 1 : 0,
          request.agentId ?? null,
          to === 'agent' ? 1 : 0,
          request.at,
          to === 'resolved' || to === 'abandoned' || to === 'closed' ? 1 : 0,
          request.at,
          request.event === 'answer' ? 1 : 0,
          request.at,
          request.dueAt ?? null,
          request.dueAt ? 1 : 0,
          // The handoff keeps the closing note; a transfer's note is the event's only.
          to === 'resolved' || to === 'closed' ? 1 : 0,
          request.note ?? null,
          request.handoffId,
          current.state,
          owner,
        ],
      );
      // Another writer (a second agent, another instance) changed it first: the caller lost the race.
      if (changed !== 1) {
        const now = await getHandoff(tx, request.handoffId);
        throw new StaleHandoffError(request.handoffId, current.state, now?.state, now?.agentId);
      }
      await recordEvent(tx, { handoffId: request.handoffId, from: current.state, to, actor: request.actor, at: request.at, detail: request.note });
      return (await getHandoff(tx, request.handoffId))!;
    });
  }

  get(id: string): Promise<Handoff | undefined> {
    return getHandoff(this.db, id);
  }

  /** Asked at the start of every turn: the asks of all turns made while one read is under way go together in the next (one round trip). */
  openFor(conversationId: string): Promise<Handoff | undefined> {
    return this.openReads.add(conversationId);
  }

  private readonly openReads = new Batcher<string, Handoff | undefined>(async (conversationIds) => {
    const ids = oneOf(this.db.dialect, [...new Set(conversationIds)]);
    const rows = await this.db.all<Row>(`SELECT ${COLUMNS} FROM handoffs WHERE conversation_id ${ids.sql} AND state IN ('queued', 'agent')`, [ids.param]);
    const open = new Map(rows.map((row) => [row.conversation_id, row]));
    // Each ask gets its own object: a caller may change what it was given.
    return conversationIds.map((id) => (open.has(id) ? fromRow(open.get(id)!) : undefined));
  }, 256);

  async latestFor(conversationId: string): Promise<Handoff | undefined> {
    const row = await this.db.get<Row>(`SELECT ${COLUMNS} FROM handoffs WHERE conversation_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`, [
      conversationId,
    ]);
    return row ? fromRow(row) : undefined;
  }

  async conversationsPerAgent(): Promise<Map<string, number>> {
    const rows = await this.db.all<{ agent_id: string; conversations: number }>(
      `SELECT agent_id, COUNT(*) AS conversations FROM handoffs WHERE state = 'agent' AND agent_id IS NOT NULL GROUP BY agent_id`,
    );
    return new Map(rows.map((r) => [r.agent_id, Number(r.conversations)]));
  }

  async inState(state: HandoffState): Promise<Handoff[]> {
    return (await this.db.all<Row>(`SELECT ${COLUMNS} FROM handoffs WHERE state = ? ORDER BY created_at, rowid`, [state])).map(fromRow);
  }

  async markOverdue(handoffId: string, at: string): Promise<boolean> {
    return (await this.db.run(`UPDATE handoffs SET overdue_at = ? WHERE id = ? AND state = 'ticket' AND overdue_at IS NULL`, [at, handoffId])) === 1;
  }

  async events(handoffId: string): Promise<HandoffEvent[]> {
    const rows = await this.db.all<{
      handoff_id: string;
      from_state: HandoffEvent['from'];
      to_state: HandoffState;
      actor: string;
      at: string;
      detail: string | null;
    }>('SELECT handoff_id, from_state, to_state, actor, at, detail FROM handoff_events WHERE handoff_id = ? ORDER BY id', [handoffId]);
    return rows.map((r) => ({ handoffId: r.handoff_id, from: r.from_state, to: r.to_state, actor: r.actor, at: r.at, detail: r.detail ?? undefined }));
  }

  async recentHandlingMinutes(limit: number): Promise<number[]> {
    const rows = await this.db.all<{ accepted_at: string; closed_at: string }>(
      `SELECT accepted_at, closed_at FROM handoffs
       WHERE state = 'resolved' AND accepted_at IS NOT NULL AND closed_at IS NOT NULL ORDER BY closed_at DESC LIMIT ?`,
      [limit],
    );
    return rows.map((r) => (Date.parse(r.closed_at) - Date.parse(r.accepted_at)) / 60_000);
  }

  async setLastToldPosition(handoffId: string, position: number): Promise<boolean> {
    const changed = await this.db.run('UPDATE handoffs SET last_told_position = ? WHERE id = ? AND (last_told_position IS NULL OR last_told_position <> ?)', [
      position,
      handoffId,
      position,
    ]);
    return changed === 1;
  }

  async forCustomer(customerId: string, limit: number): Promise<Handoff[]> {
    return (await this.db.all<Row>(`SELECT ${COLUMNS} FROM handoffs WHERE customer_id = ? ORDER BY created_at DESC LIMIT ?`, [customerId, limit])).map(fromRow);
  }
}
