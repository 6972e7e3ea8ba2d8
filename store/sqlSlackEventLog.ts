import { SlackEventLog } from '../channels/slack/slackEventLog';
import { SqlExecutor } from './sql/sqlDatabase';

export class SqlSlackEventLog implements SlackEventLog {
  constructor(private readonly db: SqlExecutor) {}

  async firstTime(id: string, at: Date): Promise<boolean> {
    return (await this.db.run('INSERT INTO slack_events (id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING', [id, at.toISOString()])) === 1;
  }

  forgetBefore(before: Date): Promise<number> {
    return this.db.run('DELETE FROM slack_events WHERE received_at < ?', [before.toISOString()]);
  }
}
