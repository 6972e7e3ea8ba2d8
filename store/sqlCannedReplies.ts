import { CannedReply, CannedReplyChanges, CannedReplyStore } from '../handoff/desk/cannedReplies';
import { Language } from '../nlu/language';
import { SqlDatabase } from './sql/sqlDatabase';

interface Row {
  id: string;
  language: Language;
  title: string;
  text: string;
  updated_at: string;
  updated_by: string | null;
}

const COLUMNS = 'id, language, title, text, updated_at, updated_by';

function fromRow(row: Row): CannedReply {
  return { id: row.id, language: row.language, title: row.title, text: row.text, updatedAt: row.updated_at, updatedBy: row.updated_by ?? undefined };
}

/** Canned replies in the service's database (table canned_replies). */
export class SqlCannedReplies implements CannedReplyStore {
  constructor(private readonly db: SqlDatabase) {}

  async list(language?: Language): Promise<CannedReply[]> {
    const rows = language
      ? await this.db.all<Row>(`SELECT ${COLUMNS} FROM canned_replies WHERE language = ? ORDER BY title, id`, [language])
      : await this.db.all<Row>(`SELECT ${COLUMNS} FROM canned_replies ORDER BY language, title, id`);
    return rows.map(fromRow);
  }

  async insert(reply: CannedReply): Promise<void> {
    await this.db.run(`INSERT INTO canned_replies (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`, [
      reply.id,
      reply.language,
      reply.title,
      reply.text,
      reply.updatedAt,
      reply.updatedBy ?? null,
    ]);
  }

  async update(id: string, changes: CannedReplyChanges, updatedAt: string, updatedBy: string): Promise<CannedReply | undefined> {
    const rows = await this.db.all<Row>(
      `UPDATE canned_replies SET language = ?, title = ?, text = ?, updated_at = ?, updated_by = ? WHERE id = ? RETURNING ${COLUMNS}`,
      [changes.language, changes.title, changes.text, updatedAt, updatedBy, id],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.all<{ id: string }>('DELETE FROM canned_replies WHERE id = ? RETURNING id', [id]);
    return rows.length > 0;
  }
}
