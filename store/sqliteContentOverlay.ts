import { ContentOverlayStore, OverlayExample } from '../content/overlay';
import { prepared, SqliteDatabase } from './sqliteDatabase';

interface Row {
  id: number;
  intent: string;
  language: 'nl' | 'en';
  text: string;
  added_by: string;
  added_at: string;
}

const fromRow = (row: Row): OverlayExample => ({ id: row.id, intent: row.intent, language: row.language, text: row.text, addedBy: row.added_by, addedAt: row.added_at });

export class SqliteContentOverlay implements ContentOverlayStore {
  constructor(private readonly db: SqliteDatabase) {}

  list(): OverlayExample[] {
    return prepared<[], Row>(this.db, 'SELECT * FROM content_overlay_examples ORDER BY id').all().map(fromRow);
  }

  add(example: Omit<OverlayExample, 'id'>): OverlayExample | undefined {
    const result = prepared(this.db, 'INSERT OR IGNORE INTO content_overlay_examples (intent, language, text, added_by, added_at) VALUES (?, ?, ?, ?, ?)')
      .run(example.intent, example.language, example.text, example.addedBy, example.addedAt);
    return result.changes === 0 ? undefined : { ...example, id: Number(result.lastInsertRowid) };
  }

  remove(id: number): OverlayExample | undefined {
    const row = prepared<[number], Row>(this.db, 'SELECT * FROM content_overlay_examples WHERE id = ?').get(id);
    if (!row) return undefined;
    prepared(this.db, 'DELETE FROM content_overlay_examples WHERE id = ?').run(id);
    return fromRow(row);
  }
}
