import { HandoffFacts, OperationsStore } from '../analytics/operations';
import { HandoffReason } from '../handoff/types';
import { SqlDatabase } from './sql/sqlDatabase';

interface Row {
  id: string;
  created_at: string;
  state: string;
  reason: HandoffReason;
  channel_id: string;
  language: string;
  agent_id: string | null;
  first_accepted_at: string | null;
  ticket_at: string | null;
  first_agent_message_at: string | null;
  first_answer_at: string | null;
  closed_at: string | null;
  agent_ces: number | null;
}

const optional = <T>(value: T | null): T | undefined => value ?? undefined;

/** The handoffs' facts for the operational dashboard, from handoffs, their events, the outbox and effort scores. */
export class SqlOperations implements OperationsStore {
  constructor(private readonly db: SqlDatabase) {}

  async handoffFacts(from: string, to: string): Promise<HandoffFacts[]> {
    const rows = await this.db.all<Row>(
      `SELECT h.id, h.created_at, h.state, h.reason, h.channel_id, h.language, h.agent_id, h.closed_at,
         (SELECT MIN(e.at) FROM handoff_events e WHERE e.handoff_id = h.id AND e.from_state = 'queued' AND e.to_state = 'agent') AS first_accepted_at,
         (SELECT MIN(e.at) FROM handoff_events e WHERE e.handoff_id = h.id AND e.to_state = 'ticket') AS ticket_at,
         (SELECT MIN(e.at) FROM handoff_events e WHERE e.handoff_id = h.id AND e.to_state = 'answered') AS first_answer_at,
         (SELECT MIN(o.created_at) FROM outbox o WHERE o.handoff_id = h.id) AS first_agent_message_at,
         (SELECT c.score FROM ces_responses c WHERE c.handoff_id = h.id AND c.resolved_by = 'agent') AS agent_ces
       FROM handoffs h WHERE h.created_at >= ? AND h.created_at < ? ORDER BY h.created_at`,
      [from, to],
    );
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      state: r.state,
      reason: r.reason,
      channel: r.channel_id,
      language: r.language,
      agentId: optional(r.agent_id),
      firstAcceptedAt: optional(r.first_accepted_at),
      ticketAt: optional(r.ticket_at),
      firstAgentMessageAt: optional(r.first_agent_message_at),
      firstAnswerAt: optional(r.first_answer_at),
      closedAt: optional(r.closed_at),
      agentCes: optional(r.agent_ces),
    }));
  }
}
