import { Agent, AgentAccount, AgentAccountStore, AgentRole, AgentStatus, DuplicateUsernameError } from '../agents/agentAccounts';
import { isUniqueViolation, SqlExecutor } from './sql/sqlDatabase';

interface AgentRow {
  id: string;
  username: string;
  name: string;
  role: AgentRole;
  password_hash: string;
  status: AgentStatus;
  last_seen: string | null;
  disabled_at: string | null;
}

const COLUMNS = 'a.id, a.username, a.name, a.role, a.password_hash, a.status, a.last_seen, a.disabled_at';

const toAgent = (row: AgentRow): Agent => ({
  id: row.id,
  username: row.username,
  name: row.name,
  role: row.role,
  status: row.status,
  lastSeen: row.last_seen ?? undefined,
  disabledAt: row.disabled_at ? new Date(row.disabled_at).toISOString() : undefined,
});
const toAccount = (row: AgentRow): AgentAccount => ({ ...toAgent(row), passwordHash: row.password_hash });

export class SqlAgentAccounts implements AgentAccountStore {
  constructor(private readonly db: SqlExecutor) {}

  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM agents'))!.n;
  }

  async insert(account: { id: string; username: string; name: string; role: AgentRole; passwordHash: string; createdAt: string }): Promise<void> {
    try {
      await this.db.run('INSERT INTO agents (id, username, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        account.id,
        account.username,
        account.name,
        account.role,
        account.passwordHash,
        account.createdAt,
      ]);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateUsernameError(account.username);
      throw error;
    }
  }

  async byId(id: string): Promise<AgentAccount | undefined> {
    const row = await this.db.get<AgentRow>(`SELECT ${COLUMNS} FROM agents a WHERE a.id = ?`, [id]);
    return row ? toAccount(row) : undefined;
  }

  async byUsername(username: string): Promise<AgentAccount | undefined> {
    const row = await this.db.get<AgentRow>(`SELECT ${COLUMNS} FROM agents a WHERE lower(a.username) = lower(?)`, [username]);
    return row ? toAccount(row) : undefined;
  }

  async addToken(tokenHash: string, agentId: string, expiresAt: string, createdAt: string): Promise<void> {
    await this.db.run('INSERT INTO agent_tokens (token_hash, agent_id, expires_at, created_at) VALUES (?, ?, ?, ?)', [
      tokenHash,
      agentId,
      expiresAt,
      createdAt,
    ]);
  }

  deleteExpiredTokens(now: string): Promise<number> {
    return this.db.run('DELETE FROM agent_tokens WHERE expires_at < ?', [now]);
  }

  async agentForToken(tokenHash: string, now: string): Promise<Agent | undefined> {
    const row = await this.db.get<AgentRow>(
      `SELECT ${COLUMNS} FROM agent_tokens t JOIN agents a ON a.id = t.agent_id WHERE t.token_hash = ? AND t.expires_at > ? AND a.disabled_at IS NULL`,
      [tokenHash, now],
    );
    return row ? toAgent(row) : undefined;
  }

  async deleteToken(tokenHash: string): Promise<void> {
    await this.db.run('DELETE FROM agent_tokens WHERE token_hash = ?', [tokenHash]);
  }

  async deleteTokensOf(agentId: string): Promise<void> {
    await this.db.run('DELETE FROM agent_tokens WHERE agent_id = ?', [agentId]);
  }

  async list(): Promise<Agent[]> {
    return (await this.db.all<AgentRow>(`SELECT ${COLUMNS} FROM agents a ORDER BY lower(a.username)`)).map(toAgent);
  }

  async setPasswordHash(agentId: string, passwordHash: string): Promise<void> {
    await this.db.run('UPDATE agents SET password_hash = ? WHERE id = ?', [passwordHash, agentId]);
  }

  async setDisabled(agentId: string, at: string | undefined): Promise<void> {
    if (at) await this.db.run("UPDATE agents SET disabled_at = ?, status = 'offline' WHERE id = ?", [at, agentId]);
    else await this.db.run('UPDATE agents SET disabled_at = NULL WHERE id = ?', [agentId]);
  }

  async setRole(agentId: string, role: AgentRole): Promise<void> {
    await this.db.run('UPDATE agents SET role = ? WHERE id = ?', [role, agentId]);
  }

  async setStatus(agentId: string, status: AgentStatus, at: string): Promise<void> {
    await this.db.run('UPDATE agents SET status = ?, last_seen = ? WHERE id = ?', [status, at, agentId]);
  }

  async touch(agentId: string, at: string): Promise<void> {
    await this.db.run('UPDATE agents SET last_seen = ? WHERE id = ?', [at, agentId]);
  }

  async onlineCount(since: string): Promise<number> {
    return (await this.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM agents WHERE status = 'online' AND last_seen >= ?", [since]))!.n;
  }

  async openStream(stream: { id: string; agentId: string; instanceId: string; at: string }): Promise<void> {
    await this.db.run('INSERT INTO agent_streams (id, agent_id, instance_id, opened_at, last_seen) VALUES (?, ?, ?, ?, ?)', [
      stream.id,
      stream.agentId,
      stream.instanceId,
      stream.at,
      stream.at,
    ]);
  }

  async touchStream(streamId: string, at: string): Promise<void> {
    await this.db.run('UPDATE agent_streams SET last_seen = ? WHERE id = ?', [at, streamId]);
  }

  async closeStream(streamId: string): Promise<void> {
    await this.db.run('DELETE FROM agent_streams WHERE id = ?', [streamId]);
  }

  async liveStreams(agentId: string, since: string): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM agent_streams WHERE agent_id = ? AND last_seen >= ?', [agentId, since]))!.n;
  }

  deleteStaleStreams(before: string): Promise<number> {
    return this.db.run('DELETE FROM agent_streams WHERE last_seen < ?', [before]);
  }
}
