import { SettingsStore } from '../cluster/sharedSettings';
import { SqlExecutor } from './sql/sqlDatabase';

export class SqlSettings implements SettingsStore {
  constructor(private readonly db: SqlExecutor) {}

  async getOrCreate(key: string, create: () => string): Promise<string> {
    await this.db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING', [key, create()]);
    return (await this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))!.value;
  }
}
