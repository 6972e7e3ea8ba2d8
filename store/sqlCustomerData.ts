import { randomUUID } from 'crypto';
import { ConversationData, CustomerDataExport, CustomerDataStore, ErasureResult } from '../privacy/customerData';
import { SqlDatabase, SqlExecutor } from './sql/sqlDatabase';
import { SqliteDatabase } from './sql/sqliteDatabase';

/** Every string in a JSON value, masked. */
function maskStrings(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, mask));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item, mask)]));
  return value;
}

/** Identities customers prove or give (handoff/identities.ts); anything else asked for is a channel user id. */
const IDENTITY = /^(email|order|phone):/;
const in_ = (values: readonly unknown[]) => `(${values.map(() => '?').join(', ')})`;
/** LIKE with the id taken literally (ids may hold % or _). */
const literal = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

interface Found {
  readonly customerIds: string[];
  readonly identities: string[];
  readonly conversationIds: string[];
}

/**
 * The customer's data across every table that can hold it: transcripts, handoffs (with
 * their context packages, events and agent messages), effort scores, answer feedback,
 * Direct Line logs, identities, bot state, returns, rate-limit keys. Analytics keeps its
 * counts: rows are re-keyed to a random id and their text cleared.
 */
export class SqlCustomerData implements CustomerDataStore {
  constructor(private readonly db: SqlDatabase) {}

  async export(requested: string, now: Date): Promise<CustomerDataExport | undefined> {
    const found = await this.find(this.db, requested);
    if (found.conversationIds.length === 0 && found.customerIds.length === 0) return undefined;
    const conversations: ConversationData[] = [];
    for (const conversationId of found.conversationIds) conversations.push(await this.conversation(conversationId));
    const botState = await this.botStateRows(this.db, found);
    return {
      generatedAt: now.toISOString(),
      requested,
      customerIds: found.customerIds,
      identities: found.identities,
      conversations,
      botState: botState.map((row) => ({ key: row.key, data: JSON.parse(row.data) as unknown })),
    };
  }

  async erase(requested: string): Promise<ErasureResult> {
    const result = await this.db.transaction(async (tx) => {
      const found = await this.find(tx, requested);
      const ids = found.conversationIds;
      const tickets =
        ids.length === 0
          ? []
          : await tx.all<{ id: string; reference: string }>(
              `SELECT id, reference FROM handoffs WHERE conversation_id IN (${ids.map(() => '?').join(', ')}) AND state IN ('ticket', 'answered', 'closed')`,
              [...ids],
            );
      const rows = (await this.deleteConversations(tx, ids, true)) + (await this.deleteUsers(tx, found.customerIds));
      return { conversations: ids.length, rows, customerIds: [...found.customerIds], tickets };
    });
    await this.flushDeletedPages();
    return result;
  }

  async removeConversationsBefore(cutoff: string): Promise<number> {
    const expired = await this.db.all<{ conversation_id: string }>(
      `SELECT t.conversation_id FROM transcript t
       GROUP BY t.conversation_id
       HAVING MAX(t.timestamp) < ?
          AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = t.conversation_id AND h.state IN ('queued', 'agent', 'ticket', 'answered'))
       LIMIT 500`,
      [cutoff],
    );
    if (expired.length === 0) return 0;
    const ids = expired.map((row) => row.conversation_id);
    await this.db.transaction((tx) => this.deleteConversations(tx, ids, false));
    await this.flushDeletedPages();
    return ids.length;
  }

  async maskEndedConversations(idleBefore: string, mask: (text: string) => string): Promise<number> {
    const ended = `SELECT t.conversation_id FROM transcript t
       GROUP BY t.conversation_id
       HAVING MAX(t.timestamp) < ?
          AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = t.conversation_id AND h.state IN ('queued', 'agent', 'ticket', 'answered'))`;
    const rows = await this.db.all<{ id: number; text: string; activity: string }>(
      `SELECT id, text, activity FROM transcript WHERE direction = 'in' AND text IS NOT NULL AND masked_at IS NULL AND conversation_id IN (${ended}) LIMIT 2000`,
      [idleBefore],
    );
    let changed = 0;
    const at = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      for (const row of rows) {
        const text = mask(row.text);
        const activity = JSON.parse(row.activity) as { text?: string; channelData?: unknown; value?: unknown };
        const maskedActivity = { ...activity, text, channelData: undefined, value: undefined };
        await tx.run('UPDATE transcript SET text = ?, activity = ?, masked_at = ? WHERE id = ?', [text, JSON.stringify(maskedActivity), at, row.id]);
        if (text !== row.text) changed++;
      }
    });
    const lines = await this.db.all<{ conversation_id: string; seq: number; activity: string }>(
      `SELECT conversation_id, seq, activity FROM directline_activities WHERE masked_at IS NULL AND conversation_id IN (${ended}) LIMIT 2000`,
      [idleBefore],
    );
    await this.db.transaction(async (tx) => {
      for (const line of lines) {
        const activity = JSON.parse(line.activity) as { text?: string; channelData?: unknown; value?: unknown };
        const masked = { ...activity, text: activity.text === undefined ? undefined : mask(activity.text), channelData: undefined, value: undefined };
        await tx.run('UPDATE directline_activities SET activity = ?, masked_at = ? WHERE conversation_id = ? AND seq = ?', [
          JSON.stringify(masked),
          at,
          line.conversation_id,
          line.seq,
        ]);
        if (masked.text !== activity.text) changed++;
      }
    });
    // Closed handoffs keep a copy of the conversation in their context package, and the agent's messages and notes.
    const handoffs = await this.db.all<{ id: string; context: string; note: string | null }>(
      `SELECT id, context, note FROM handoffs WHERE masked_at IS NULL AND state NOT IN ('queued', 'agent', 'ticket', 'answered') AND conversation_id IN (${ended}) LIMIT 500`,
      [idleBefore],
    );
    await this.db.transaction(async (tx) => {
      for (const handoff of handoffs) {
        const context = JSON.stringify(maskStrings(JSON.parse(handoff.context), mask));
        const note = handoff.note === null ? null : mask(handoff.note);
        await tx.run('UPDATE handoffs SET context = ?, note = ?, masked_at = ? WHERE id = ?', [context, note, at, handoff.id]);
        const messages = await tx.all<{ id: string; text: string }>('SELECT id, text FROM outbox WHERE handoff_id = ?', [handoff.id]);
        for (const message of messages) await tx.run('UPDATE outbox SET text = ? WHERE id = ?', [mask(message.text), message.id]);
        const thread = await tx.all<{ id: string; text: string }>('SELECT id, text FROM ticket_messages WHERE handoff_id = ?', [handoff.id]);
        for (const message of thread) await tx.run('UPDATE ticket_messages SET text = ? WHERE id = ?', [mask(message.text), message.id]);
        await tx.run('UPDATE ticket_deliveries SET recipient = NULL WHERE handoff_id = ?', [handoff.id]);
        if (context !== handoff.context) changed++;
      }
    });
    if (rows.length || lines.length || handoffs.length) await this.flushDeletedPages();
    return changed;
  }

  /** The customer's user ids, identities and conversations, followed through the links between them (a few rounds). */
  private async find(db: SqlExecutor, requested: string): Promise<Found> {
    const users = new Set<string>();
    const identities = new Set<string>();
    const conversations = new Set<string>();
    if (IDENTITY.test(requested)) identities.add(requested.startsWith('email:') ? requested.toLowerCase() : requested);
    else users.add(requested);
    for (let round = 0; round < 3; round++) {
      const before = users.size + identities.size + conversations.size;
      const u = [...users];
      const i = [...identities];
      const c = [...conversations];
      const links = await db.all<{ identity: string; customer_id: string; conversation_id: string }>(
        `SELECT identity, customer_id, conversation_id FROM customer_identities
         WHERE ${[i.length ? `identity IN ${in_(i)}` : '', u.length ? `customer_id IN ${in_(u)}` : '', c.length ? `conversation_id IN ${in_(c)}` : ''].filter(Boolean).join(' OR ') || '1 = 0'}`,
        [...i, ...u, ...c],
      );
      for (const link of links) {
        identities.add(link.identity);
        users.add(link.customer_id);
        conversations.add(link.conversation_id);
      }
      const ids = [...users];
      if (ids.length) {
        const owned = await db.all<{ conversation_id: string }>(
          `SELECT conversation_id FROM handoffs WHERE customer_id IN ${in_(ids)}
           UNION SELECT id AS conversation_id FROM directline_conversations WHERE user_id IN ${in_(ids)}
           UNION SELECT conversation_id FROM analytics_conversations WHERE customer_id IN ${in_(ids)}
           UNION SELECT conversation_id FROM ces_responses WHERE customer_id IN ${in_(ids)}
           UNION SELECT DISTINCT conversation_id FROM transcript WHERE from_id IN ${in_(ids)} AND direction = 'in'`,
          [...ids, ...ids, ...ids, ...ids, ...ids],
        );
        for (const row of owned) conversations.add(row.conversation_id);
      }
      if (users.size + identities.size + conversations.size === before) break;
    }
    return { customerIds: [...users].sort(), identities: [...identities].sort(), conversationIds: [...conversations].sort() };
  }

  private async conversation(conversationId: string): Promise<ConversationData> {
    const transcript = await this.db.all<{
      timestamp: string;
      direction: 'in' | 'out';
      activity_type: string;
      from_id: string | null;
      text: string | null;
      channel_id: string;
    }>('SELECT timestamp, direction, activity_type, from_id, text, channel_id FROM transcript WHERE conversation_id = ? ORDER BY id', [conversationId]);
    const handoffs = await this.db.all<Record<string, unknown> & { id: string; context: string }>(
      'SELECT id, reference, channel_id, customer_id, language, state, reason, created_at, accepted_at, closed_at, note, context FROM handoffs WHERE conversation_id = ? ORDER BY created_at',
      [conversationId],
    );
    const withEvents = [];
    for (const handoff of handoffs) {
      const events = await this.db.all('SELECT from_state, to_state, actor, at, detail FROM handoff_events WHERE handoff_id = ? ORDER BY id', [handoff.id]);
      const thread = await this.db.all('SELECT author, text, created_at FROM ticket_messages WHERE handoff_id = ? ORDER BY created_at', [handoff.id]);
      const deliveries = await this.db.all(
        'SELECT subject, channel, recipient, status, sent_at, delivered_at FROM ticket_deliveries WHERE handoff_id = ? ORDER BY created_at',
        [handoff.id],
      );
      withEvents.push({ ...handoff, context: JSON.parse(handoff.context) as unknown, events, ticketThread: thread, ticketDeliveries: deliveries });
    }
    const agentMessages = await this.db.all<{ created_at: string; text: string; delivered_at: string | null }>(
      'SELECT created_at, text, delivered_at FROM outbox WHERE conversation_id = ? ORDER BY created_at',
      [conversationId],
    );
    const scores = await this.db.all<{ created_at: string; score: number; comment: string | null }>(
      'SELECT created_at, score, comment FROM ces_responses WHERE conversation_id = ?',
      [conversationId],
    );
    const feedback = await this.db.all<{ at: string; intent: string; helpful: number | boolean }>(
      'SELECT at, intent, helpful FROM answer_feedback WHERE conversation_id = ? ORDER BY id',
      [conversationId],
    );
    const returns = await this.db.all<{ id: string; order_number: string; sku: string; reason: string; created_at: string }>(
      'SELECT id, order_number, sku, reason, created_at FROM order_returns WHERE conversation_id = ?',
      [conversationId],
    );
    const files = await this.db.all<{ id: string; name: string; content_type: string; size: number; created_at: string; data: Buffer }>(
      'SELECT id, name, content_type, size, created_at, data FROM attachments WHERE conversation_id = ? ORDER BY created_at, id',
      [conversationId],
    );
    const channel = await this.db.get<{ channel_id: string }>(
      `SELECT channel_id FROM transcript WHERE conversation_id = ?
       UNION SELECT channel_id FROM analytics_conversations WHERE conversation_id = ? LIMIT 1`,
      [conversationId, conversationId],
    );
    return {
      conversationId,
      channelId: channel?.channel_id ?? 'unknown',
      transcript: transcript.map((t) => ({
        at: new Date(t.timestamp).toISOString(),
        direction: t.direction,
        type: t.activity_type,
        from: t.from_id,
        text: t.text,
      })),
      handoffs: withEvents,
      // The files themselves belong to the customer's data: in the export, base64-encoded.
      attachments: files.map((f) => ({
        id: f.id,
        at: new Date(f.created_at).toISOString(),
        name: f.name,
        contentType: f.content_type,
        size: Number(f.size),
        base64: Buffer.from(f.data).toString('base64'),
      })),
      agentMessages: agentMessages.map((m) => ({ at: new Date(m.created_at).toISOString(), text: m.text, deliveredAt: m.delivered_at })),
      effortScores: scores.map((s) => ({ at: new Date(s.created_at).toISOString(), score: s.score, comment: s.comment })),
      answerFeedback: feedback.map((f) => ({ at: new Date(f.at).toISOString(), intent: f.intent, helpful: Boolean(f.helpful) })),
      returns: returns.map((r) => ({ id: r.id, orderNumber: r.order_number, sku: r.sku, reason: r.reason, at: new Date(r.created_at).toISOString() })),
    };
  }

  private async botStateRows(db: SqlExecutor, found: Found): Promise<{ key: string; data: string }[]> {
    const patterns = [...found.conversationIds.map((id) => `%/conversations/${literal(id)}/%`), ...found.customerIds.map((id) => `%/users/${literal(id)}/%`)];
    if (patterns.length === 0) return [];
    return db.all<{ key: string; data: string }>(
      `SELECT key, data FROM bot_state WHERE ${patterns.map(() => "key LIKE ? ESCAPE '\\'").join(' OR ')}`,
      patterns,
    );
  }

  /** Deletes conversations everywhere; `anonymiseAnalytics` also cuts the analytics rows loose from them (erasure, not retention). */
  private async deleteConversations(tx: SqlExecutor, ids: readonly string[], anonymiseAnalytics: boolean): Promise<number> {
    let rows = 0;
    for (const id of ids) {
      const handoffs = `SELECT id FROM handoffs WHERE conversation_id = ?`;
      rows += await tx.run(`DELETE FROM handoff_events WHERE handoff_id IN (${handoffs})`, [id]);
      rows += await tx.run('DELETE FROM outbox WHERE conversation_id = ?', [id]);
      rows += await tx.run('DELETE FROM effort_prompts WHERE conversation_id = ?', [id]);
      rows += await tx.run(`DELETE FROM ticket_messages WHERE handoff_id IN (${handoffs})`, [id]);
      rows += await tx.run(`DELETE FROM ticket_deliveries WHERE handoff_id IN (${handoffs})`, [id]);
      // Events for the helpdesk carry the context package: sent or not, they go (the helpdesk hears customer.erased instead).
      rows += await tx.run(`DELETE FROM webhook_events WHERE handoff_id IN (${handoffs})`, [id]);
      rows += await tx.run('DELETE FROM handoffs WHERE conversation_id = ?', [id]);
      rows += await tx.run('DELETE FROM transcript WHERE conversation_id = ?', [id]);
      rows += await tx.run('DELETE FROM attachments WHERE conversation_id = ?', [id]);
      rows += await tx.run('DELETE FROM directline_activities WHERE conversation_id = ?', [id]);
      rows += await tx.run('DELETE FROM directline_conversations WHERE id = ?', [id]);
      rows += await tx.run('DELETE FROM customer_identities WHERE conversation_id = ?', [id]);
      rows += await tx.run("DELETE FROM bot_state WHERE key LIKE ? ESCAPE '\\'", [`%/conversations/${literal(id)}/%`]);
      rows += await tx.run("DELETE FROM rate_limits WHERE key LIKE ? ESCAPE '\\'", [`%:${literal(id)}`]);
      rows += await tx.run('UPDATE order_returns SET conversation_id = NULL WHERE conversation_id = ?', [id]);
      // PostgreSQL keeps large live events for a few minutes for the other instances; one about this conversation goes too.
      if (tx.dialect === 'postgres')
        rows += await tx.run("DELETE FROM bus_messages WHERE payload LIKE ? ESCAPE '\\'", [`%${literal(JSON.stringify(id).slice(1, -1))}%`]);
      if (anonymiseAnalytics) rows += await this.anonymiseAnalytics(tx, id);
      else rows += await tx.run('UPDATE ces_responses SET comment = NULL WHERE conversation_id = ?', [id]);
    }
    return rows;
  }

  private async deleteUsers(tx: SqlExecutor, users: readonly string[]): Promise<number> {
    let rows = 0;
    for (const user of users) {
      rows += await tx.run("DELETE FROM bot_state WHERE key LIKE ? ESCAPE '\\'", [`%/users/${literal(user)}/%`]);
      rows += await tx.run('DELETE FROM customer_identities WHERE customer_id = ?', [user]);
      rows += await tx.run('DELETE FROM directline_conversations WHERE user_id = ?', [user]);
    }
    return rows;
  }

  /** Keeps the counts (a conversation, its intents and outcomes, a score) under a random id, without text or customer. */
  private async anonymiseAnalytics(tx: SqlExecutor, conversationId: string): Promise<number> {
    const anonymous = `erased-${randomUUID()}`;
    let rows = await tx.run(
      `INSERT INTO analytics_conversations (conversation_id, customer_id, channel_id, language, started_at, last_message_at, bot_resolved_at, bot_resolution, left_at)
       SELECT ?, 'erased', channel_id, language, started_at, last_message_at, bot_resolved_at, bot_resolution, left_at FROM analytics_conversations WHERE conversation_id = ?`,
      [anonymous, conversationId],
    );
    rows += await tx.run("UPDATE analytics_messages SET conversation_id = ?, text = '' WHERE conversation_id = ?", [anonymous, conversationId]);
    rows += await tx.run('DELETE FROM analytics_conversations WHERE conversation_id = ?', [conversationId]);
    rows += await tx.run("UPDATE ces_responses SET conversation_id = ?, customer_id = 'erased', handoff_id = NULL, comment = NULL WHERE conversation_id = ?", [
      anonymous,
      conversationId,
    ]);
    rows += await tx.run('UPDATE answer_feedback SET conversation_id = ? WHERE conversation_id = ?', [anonymous, conversationId]);
    return rows;
  }

  /**
   * SQLite keeps old page images in the WAL until a checkpoint: erased means gone from the
   * files too, so the WAL is written back and truncated (secure_delete zeroes the freed
   * space). It must succeed; readers holding old pages are waited for a little.
   */
  private async flushDeletedPages(): Promise<void> {
    if (!(this.db instanceof SqliteDatabase)) return;
    for (let attempt = 0; attempt < 20; attempt++) {
      if (await this.db.checkpoint()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('could not write the erased pages out of the SQLite WAL (a reader kept it busy); run the request again');
  }
}
