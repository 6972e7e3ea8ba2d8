import { HandoffExistsError, HandoffStore, NewHandoff, StaleHandoffError, TransitionRequest } from '../handoff/handoffStore';
import { HandoffState, nextState } from '../handoff/stateMachine';
import { Handoff, HandoffEvent } from '../handoff/types';
import { SqliteDatabase, prepared } from './sqliteDatabase';

interface Row {
  id: string;
  reference: string;
  conversation_id: string;
  channel_id: string;
  customer_id: string;
  language: 'nl' | 'en';
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
}

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
    context: JSON.parse(row.context),
    conversationReference: JSON.parse(row.conversation_reference),
    lastToldPosition: row.last_told_position ?? undefined,
  };
}

export class SqliteHandoffStore implements HandoffStore {
  constructor(private readonly db: SqliteDatabase) {}

  create(handoff: NewHandoff, actor: string): Handoff {
    return this.db.transaction(() => {
      if (this.openFor(handoff.conversationId)) throw new HandoffExistsError(handoff.conversationId);
      prepared(this.db, 
          `INSERT INTO handoffs (id, reference, conversation_id, channel_id, customer_id, language, state, reason, priority, created_at, context, conversation_reference)
           VALUES (@id, @reference, @conversationId, @channelId, @customerId, @language, @state, @reason, @priority, @createdAt, @context, @conversationReference)`,
        )
        .run({ ...handoff, context: JSON.stringify(handoff.context), conversationReference: JSON.stringify(handoff.conversationReference) });
      this.recordEvent({ handoffId: handoff.id, from: 'bot', to: handoff.state, actor, at: handoff.createdAt });
      return this.get(handoff.id)!;
    })();
  }

  transition(request: TransitionRequest): Handoff {
    return this.db.transaction(() => {
      const current = this.get(request.handoffId);
      if (!current) throw new StaleHandoffError(request.handoffId, 'queued', undefined);
      const to = nextState(current.state, request.event);
      const result = prepared(this.db, 
          `UPDATE handoffs SET state = @to,
             agent_id = COALESCE(@agentId, agent_id),
             accepted_at = CASE WHEN @to = 'agent' THEN @at ELSE accepted_at END,
             closed_at = CASE WHEN @to IN ('resolved', 'abandoned') THEN @at ELSE closed_at END,
             note = COALESCE(@note, note)
           WHERE id = @id AND state = @from`,
        )
        .run({ to, from: current.state, id: request.handoffId, at: request.at, agentId: request.agentId ?? null, note: request.note ?? null });
      // Another writer (a second agent, another instance) changed it first: the caller lost the race.
      if (result.changes !== 1) throw new StaleHandoffError(request.handoffId, current.state, this.get(request.handoffId)?.state);
      this.recordEvent({ handoffId: request.handoffId, from: current.state, to, actor: request.actor, at: request.at, detail: request.note });
      return this.get(request.handoffId)!;
    })();
  }

  get(id: string): Handoff | undefined {
    const row = prepared<[string], Row>(this.db, 'SELECT * FROM handoffs WHERE id = ?').get(id);
    return row ? fromRow(row) : undefined;
  }

  openFor(conversationId: string): Handoff | undefined {
    const row = prepared<[string], Row>(this.db, "SELECT * FROM handoffs WHERE conversation_id = ? AND state IN ('queued', 'agent')").get(conversationId);
    return row ? fromRow(row) : undefined;
  }

  latestFor(conversationId: string): Handoff | undefined {
    const row = prepared<[string], Row>(this.db, 'SELECT * FROM handoffs WHERE conversation_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(conversationId);
    return row ? fromRow(row) : undefined;
  }

  inState(state: HandoffState): Handoff[] {
    return prepared<[string], Row>(this.db, 'SELECT * FROM handoffs WHERE state = ? ORDER BY created_at, rowid').all(state).map(fromRow);
  }

  events(handoffId: string): HandoffEvent[] {
    return prepared<[string], { handoff_id: string; from_state: HandoffEvent['from']; to_state: HandoffState; actor: string; at: string; detail: string | null }>(this.db, 
        'SELECT * FROM handoff_events WHERE handoff_id = ? ORDER BY id',
      )
      .all(handoffId)
      .map((r) => ({ handoffId: r.handoff_id, from: r.from_state, to: r.to_state, actor: r.actor, at: r.at, detail: r.detail ?? undefined }));
  }

  recentHandlingMinutes(limit: number): number[] {
    return prepared<[number], { minutes: number }>(this.db, 
        `SELECT (julianday(closed_at) - julianday(accepted_at)) * 1440 AS minutes FROM handoffs
         WHERE state = 'resolved' AND accepted_at IS NOT NULL ORDER BY closed_at DESC LIMIT ?`,
      )
      .all(limit)
      .map((r) => r.minutes);
  }

  setLastToldPosition(handoffId: string, position: number): void {
    prepared(this.db, 'UPDATE handoffs SET last_told_position = ? WHERE id = ?').run(position, handoffId);
  }

  forCustomer(customerId: string, limit: number): Handoff[] {
    return prepared<[string, number], Row>(this.db, 'SELECT * FROM handoffs WHERE customer_id = ? ORDER BY created_at DESC LIMIT ?').all(customerId, limit).map(fromRow);
  }

  private recordEvent(event: HandoffEvent): void {
    prepared(this.db, 'INSERT INTO handoff_events (handoff_id, from_state, to_state, actor, at, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(event.handoffId, event.from, event.to, event.actor, event.at, event.detail ?? null);
  }
}
