import { CustomerIdentities, LinkedConversation } from '../handoff/identities';
import { SqlExecutor } from './sql/sqlDatabase';

export class SqlIdentities implements CustomerIdentities {
  constructor(
    private readonly db: SqlExecutor,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async link(identity: string, customer: { customerId: string; conversationId: string; channelId: string }): Promise<void> {
    await this.db.run(
      'INSERT INTO customer_identities (identity, customer_id, conversation_id, channel_id, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [identity, customer.customerId, customer.conversationId, customer.channelId, this.now().toISOString()],
    );
  }

  async linkedTo(conversationId: string): Promise<LinkedConversation[]> {
    // Newest link first; a conversation linked through several identities appears once.
    const rows = await this.db.all<{ conversation_id: string; channel_id: string; customer_id: string }>(
      `SELECT other.conversation_id, other.channel_id, other.customer_id, MAX(other.at) AS latest
       FROM customer_identities mine JOIN customer_identities other ON other.identity = mine.identity
       WHERE mine.conversation_id = ? AND other.conversation_id <> ?
       GROUP BY other.conversation_id, other.channel_id, other.customer_id
       ORDER BY latest DESC LIMIT 20`,
      [conversationId, conversationId],
    );
    return rows.map((r) => ({ conversationId: r.conversation_id, channelId: r.channel_id, customerId: r.customer_id }));
  }
}
