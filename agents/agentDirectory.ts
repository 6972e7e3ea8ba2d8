import bcrypt from 'bcryptjs';
import { createHash, randomBytes, randomUUID } from 'crypto';
import { SqliteDatabase, prepared } from '../store/sqliteDatabase';

export type AgentRole = 'agent' | 'supervisor';
export type AgentStatus = 'online' | 'away' | 'offline';

export interface Agent {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly role: AgentRole;
  readonly status: AgentStatus;
  readonly lastSeen?: string;
}

export class DuplicateUsernameError extends Error {
  constructor(readonly username: string) {
    super(`an agent named "${username}" already exists`);
    this.name = 'DuplicateUsernameError';
  }
}

export interface AgentDirectoryOptions {
  readonly clock: () => Date;
  /** bcrypt cost; 10 in production, lower in tests. */
  readonly bcryptRounds: number;
  readonly tokenTtlMinutes: number;
  /** An agent counts as online for this long after their last sign of life (stream heartbeat or status call). */
  readonly presenceTimeoutMinutes: number;
}

interface AgentRow {
  id: string;
  username: string;
  name: string;
  role: AgentRole;
  password_hash: string;
  status: AgentStatus;
  last_seen: string | null;
}

const toAgent = (row: AgentRow): Agent => ({ id: row.id, username: row.username, name: row.name, role: row.role, status: row.status, lastSeen: row.last_seen ?? undefined });

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Agent and supervisor accounts: bcrypt passwords, expiring bearer tokens (stored hashed), presence. */
export class AgentDirectory {
  /** A hash of nothing anyone knows, at the configured cost, so unknown usernames take as long as wrong passwords. */
  private readonly dummyHash: string;

  constructor(private readonly db: SqliteDatabase, private readonly options: AgentDirectoryOptions) {
    this.dummyHash = bcrypt.hashSync(randomBytes(16).toString('hex'), options.bcryptRounds);
  }

  count(): number {
    return (prepared(this.db, 'SELECT COUNT(*) AS n FROM agents').get() as { n: number }).n;
  }

  async create(input: { username: string; name: string; role: AgentRole; password: string }): Promise<Agent> {
    const hash = await bcrypt.hash(input.password, this.options.bcryptRounds);
    const id = randomUUID();
    try {
      prepared(this.db, 'INSERT INTO agents (id, username, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, input.username, input.name, input.role, hash, this.options.clock().toISOString());
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateUsernameError(input.username);
      throw error;
    }
    return this.get(id)!;
  }

  get(id: string): Agent | undefined {
    const row = prepared<[string], AgentRow>(this.db, 'SELECT * FROM agents WHERE id = ?').get(id);
    return row ? toAgent(row) : undefined;
  }

  /** A token for valid credentials, or undefined; the same answer and similar time for an unknown user and a wrong password. */
  async login(username: string, password: string): Promise<{ token: string; agent: Agent; expiresAt: string } | undefined> {
    const row = prepared<[string], AgentRow>(this.db, 'SELECT * FROM agents WHERE username = ?').get(username);
    const ok = await bcrypt.compare(password, row?.password_hash ?? this.dummyHash);
    if (!row || !ok) return undefined;
    const token = randomBytes(32).toString('base64url');
    const now = this.options.clock();
    const expiresAt = new Date(now.getTime() + this.options.tokenTtlMinutes * 60_000).toISOString();
    prepared(this.db, 'INSERT INTO agent_tokens (token_hash, agent_id, expires_at, created_at) VALUES (?, ?, ?, ?)').run(hashToken(token), row.id, expiresAt, now.toISOString());
    prepared(this.db, 'DELETE FROM agent_tokens WHERE expires_at < ?').run(now.toISOString());
    return { token, agent: toAgent(row), expiresAt };
  }

  /** The agent a bearer token belongs to, if it exists and has not expired. */
  authenticate(token: string): Agent | undefined {
    const row = prepared<[string, string], AgentRow>(this.db, 'SELECT a.* FROM agent_tokens t JOIN agents a ON a.id = t.agent_id WHERE t.token_hash = ? AND t.expires_at > ?')
      .get(hashToken(token), this.options.clock().toISOString());
    return row ? toAgent(row) : undefined;
  }

  logout(token: string): void {
    prepared(this.db, 'DELETE FROM agent_tokens WHERE token_hash = ?').run(hashToken(token));
  }

  setStatus(agentId: string, status: AgentStatus): Agent | undefined {
    prepared(this.db, 'UPDATE agents SET status = ?, last_seen = ? WHERE id = ?').run(status, this.options.clock().toISOString(), agentId);
    return this.get(agentId);
  }

  /** A sign of life (the console's stream heartbeat) keeps an online agent online. */
  touch(agentId: string): void {
    prepared(this.db, 'UPDATE agents SET last_seen = ? WHERE id = ?').run(this.options.clock().toISOString(), agentId);
  }

  onlineCount(): number {
    const since = new Date(this.options.clock().getTime() - this.options.presenceTimeoutMinutes * 60_000).toISOString();
    return (prepared(this.db, "SELECT COUNT(*) AS n FROM agents WHERE status = 'online' AND last_seen >= ?").get(since) as { n: number }).n;
  }
}
