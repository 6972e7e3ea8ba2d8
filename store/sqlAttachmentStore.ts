import { AttachmentStore, StoredAttachment } from '../attachments/customerFiles';
import { AcceptedType } from '../attachments/fileTypes';
import { SqlDatabase } from './sql/sqlDatabase';

interface Row {
  id: string;
  conversation_id: string;
  name: string;
  content_type: AcceptedType;
  size: number;
  created_at: string | Date;
}

const COLUMNS = 'id, conversation_id, name, content_type, size, created_at';

function fromRow(row: Row): StoredAttachment {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Customers' files in the service's database (table attachments), so every instance serves them. */
export class SqlAttachmentStore implements AttachmentStore {
  constructor(private readonly db: SqlDatabase) {}

  async save(attachment: StoredAttachment, data: Buffer): Promise<void> {
    await this.db.run(`INSERT INTO attachments (${COLUMNS}, data) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      attachment.id,
      attachment.conversationId,
      attachment.name,
      attachment.contentType,
      attachment.size,
      attachment.createdAt,
      data,
    ]);
  }

  async get(id: string): Promise<{ attachment: StoredAttachment; data: Buffer } | undefined> {
    const row = await this.db.get<Row & { data: Buffer }>(`SELECT ${COLUMNS}, data FROM attachments WHERE id = ?`, [id]);
    return row ? { attachment: fromRow(row), data: Buffer.from(row.data) } : undefined;
  }

  async usage(conversationId: string): Promise<{ files: number; bytes: number }> {
    const row = await this.db.get<{ files: number | string; bytes: number | string | null }>(
      'SELECT COUNT(*) AS files, SUM(size) AS bytes FROM attachments WHERE conversation_id = ?',
      [conversationId],
    );
    return { files: Number(row?.files ?? 0), bytes: Number(row?.bytes ?? 0) };
  }
}
