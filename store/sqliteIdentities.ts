import { CustomerIdentities, LinkedConversation } from '../handoff/identities';
import { SqliteDatabase, prepared } from './sqliteDatabase';

export class SqliteIdentities implements CustomerIdentities {
  constructor(private readonly db: SqliteDatabase, private readonly now: () => Date = () => new Date()) {}

  link(identity: string, customer: { customerId: string; conversationId: string; channelId: string }): void {
    prepared(this.db, 'INSERT OR IGNORE INTO customer_identities (identity, customer_id, conversation_id, channel_id, at) VALUES (?, ?, ?, ?, ?)')
      .run(identity, customer.customerId, customer.conversationId, customer.channelId, this.now().toISOString());
  }

  linkedTo(conversationId: string): LinkedConversation[] {
    return prepared<[string, string], { conversation_id: string; channel_id: string; customer_id: string }>(this.db, 
        `SELECT DISTINCT other.conversation_id, other.channel_id, other.customer_id
         FROM customer_identities mine JOIN customer_identities other ON other.identity = mine.identity
         WHERE mine.conversation_id = ? AND other.conversation_id <> ?
         ORDER BY other.at DESC LIMIT 20`,
      )
      .all(conversationId, conversationId)
      .map((r) => ({ conversationId: r.conversation_id, channelId: r.channel_id, customerId: r.customer_id }));
  }
}
