import { Language } from '../nlu/language';
import { ContentOverlayStore, OverlayExample } from '../content/overlay';
import { SqlExecutor } from './sql/sqlDatabase';

interface Row {
  id: number;
  intent: string;
  language: Language;
  text: string;
  added_by: string;
  added_at: string;
}

const fromRow = (row: Row): OverlayExample => ({
  id: row.id,
  intent: row.intent,
  language: row.language,
  text: row.text,
  addedBy: row.added_by,
  addedAt: row.added_at,
});

export class SqlContentOverlay implements ContentOverlayStore {
  constructor(private readonly db: SqlExecutor) {}

  async list(): Promise<OverlayExample[]> {
    return (await this.db.all<Row>('SELECT id, intent, language, text, added_by, added_at FROM content_overlay_examples ORDER BY id')).map(fromRow);
  }

  async add(example: Omit<OverlayExample, 'id'>): Promise<OverlayExample | undefined> {
    const row = await this.db.get<{ id: number }>(
      'INSERT INTO content_overlay_examples (intent, language, text, added_by, added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id',
      [example.intent, example.language, example.text, example.addedBy, example.addedAt],
    );
    return row ? { ...example, id: row.id } : undefined;
  }

  async remove(id: number): Promise<OverlayExample | undefined> {
    const row = await this.db.get<Row>('DELETE FROM content_overlay_examples WHERE id = ? RETURNING id, intent, language, text, added_by, added_at', [id]);
    return row ? fromRow(row) : undefined;
  }
}
