import { createHash, randomBytes, randomUUID } from 'crypto';
import { Agent, AgentAccountStore, AgentRole, AgentStatus } from './agentAccounts';
import { PasswordHasher, WorkerPasswordHasher } from './passwordHasher';

export { Agent, AgentRole, AgentStatus, DuplicateUsernameError } from './agentAccounts';

export interface AgentDirectoryOptions {
  readonly clock: () => Date;
  /** bcrypt cost; 10 in production, lower in tests. */
  readonly bcryptRounds: number;
  readonly tokenTtlMinutes: number;
  /** An agent counts as online for this long after their last sign of life (stream heartbeat or status call). */
  readonly presenceTimeoutMinutes: number;
  /** This instance, recorded with the console streams it serves. */
  readonly instanceId?: string;
  /** A console stream counts as open while its heartbeat is younger than this (three missed heartbeats). */
  readonly streamLivenessMs?: number;
  /** bcrypt off the event loop by default. */
  readonly hasher?: PasswordHasher;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Agent and supervisor accounts: bcrypt passwords, expiring bearer tokens (stored hashed), presence. */
export class AgentDirectory {
  /**
   * A hash of nothing anyone knows, at the configured cost, so unknown usernames take as long as
   * wrong passwords. Made in slices in the background (bcryptjs's async hash), not at start.
   */
  private readonly dummyHash: Promise<string>;
  private readonly hasher: PasswordHasher;

  constructor(
    private readonly store: AgentAccountStore,
    private readonly options: AgentDirectoryOptions,
  ) {
    this.hasher = options.hasher ?? new WorkerPasswordHasher();
    this.dummyHash = this.hasher.hash(randomBytes(16).toString('hex'), options.bcryptRounds);
    // Nobody may be waiting for it yet; a failure shows when a login needs it.
    this.dummyHash.catch(() => undefined);
  }

  /** Stops the password workers. */
  close(): Promise<void> {
    return this.hasher.close();
  }

  count(): Promise<number> {
    return this.store.count();
  }

  async create(input: { username: string; name: string; role: AgentRole; password: string }): Promise<Agent> {
    const passwordHash = await this.hasher.hash(input.password, this.options.bcryptRounds);
    const id = randomUUID();
    await this.store.insert({ id, username: input.username, name: input.name, role: input.role, passwordHash, createdAt: this.now() });
    return (await this.get(id))!;
  }

  async get(id: string): Promise<Agent | undefined> {
    const account = await this.store.byId(id);
    if (!account) return undefined;
    const { passwordHash: _hash, ...agent } = account;
    return agent;
  }

  /** A token for valid credentials, or undefined; the same answer and similar time for an unknown user and a wrong password. */
  async login(username: string, password: string): Promise<{ token: string; agent: Agent; expiresAt: string } | undefined> {
    const account = await this.store.byUsername(username);
    const ok = await this.hasher.compare(password, account?.passwordHash ?? (await this.dummyHash));
    // A disabled account is refused like a wrong password: the answer tells nothing about it.
    if (!account || !ok || account.disabledAt) return undefined;
    const token = randomBytes(32).toString('base64url');
    const now = this.options.clock();
    const expiresAt = new Date(now.getTime() + this.options.tokenTtlMinutes * 60_000).toISOString();
    await this.store.addToken(hashToken(token), account.id, expiresAt, now.toISOString());
    const { passwordHash: _hash, ...agent } = account;
    return { token, agent, expiresAt };
  }

  /** Every account (no password hashes). */
  list(): Promise<Agent[]> {
    return this.store.list();
  }

  /** The agent's own change: needs the current password; ends every session, this one too. */
  async changeOwnPassword(agentId: string, current: string, next: string): Promise<boolean> {
    const account = await this.store.byId(agentId);
    if (!account || !(await this.hasher.compare(current, account.passwordHash))) return false;
    await this.setPassword(agentId, next);
    return true;
  }

  /** An administrator's reset (or the CLI's); ends every session of the account. */
  async setPassword(agentId: string, password: string): Promise<void> {
    await this.store.setPasswordHash(agentId, await this.hasher.hash(password, this.options.bcryptRounds));
    await this.store.deleteTokensOf(agentId);
  }

  /** Disabling ends every session and refuses logins; enabling lets the account log in again. */
  async setDisabled(agentId: string, disabled: boolean): Promise<void> {
    await this.store.setDisabled(agentId, disabled ? this.now() : undefined);
    if (disabled) await this.store.deleteTokensOf(agentId);
  }

  /** A new role takes effect at the next login: the account's sessions end. */
  async setRole(agentId: string, role: AgentRole): Promise<void> {
    await this.store.setRole(agentId, role);
    await this.store.deleteTokensOf(agentId);
  }

  /** The agent a bearer token belongs to, if it exists and has not expired. */
  authenticate(token: string): Promise<Agent | undefined> {
    return this.store.agentForToken(hashToken(token), this.now());
  }

  logout(token: string): Promise<void> {
    return this.store.deleteToken(hashToken(token));
  }

  /** Forgets expired tokens and the streams of instances that died (a periodic job). */
  async removeExpired(): Promise<{ tokens: number; streams: number }> {
    const tokens = await this.store.deleteExpiredTokens(this.now());
    const streams = await this.store.deleteStaleStreams(this.streamHorizon());
    return { tokens, streams };
  }

  async setStatus(agentId: string, status: AgentStatus): Promise<Agent | undefined> {
    await this.store.setStatus(agentId, status, this.now());
    return this.get(agentId);
  }

  /** A sign of life (the console's stream heartbeat) keeps an online agent online. */
  touch(agentId: string): Promise<void> {
    return this.store.touch(agentId, this.now());
  }

  /** Whether the agent is at work now: online, with a sign of life within the presence timeout. */
  isOnline(agent: Agent): boolean {
    const since = this.options.clock().getTime() - this.options.presenceTimeoutMinutes * 60_000;
    return agent.status === 'online' && !agent.disabledAt && agent.lastSeen !== undefined && Date.parse(agent.lastSeen) >= since;
  }

  onlineCount(): Promise<number> {
    const since = new Date(this.options.clock().getTime() - this.options.presenceTimeoutMinutes * 60_000).toISOString();
    return this.store.onlineCount(since);
  }

  /** An open console means the agent is at work, unless they said they are away. */
  async streamOpened(agent: Agent): Promise<string> {
    const id = randomUUID();
    await this.store.openStream({ id, agentId: agent.id, instanceId: this.options.instanceId ?? 'local', at: this.now() });
    if (agent.status !== 'away') await this.store.setStatus(agent.id, 'online', this.now());
    return id;
  }

  async streamHeartbeat(agentId: string, streamId: string): Promise<void> {
    await this.store.touchStream(streamId, this.now());
    await this.store.touch(agentId, this.now());
  }

  /**
   * A console closed: when it was the agent's last one on any instance, they are offline.
   * Returns true when that changed their status.
   */
  async streamClosed(agentId: string, streamId: string): Promise<boolean> {
    await this.store.closeStream(streamId);
    if ((await this.store.liveStreams(agentId, this.streamHorizon())) > 0) return false;
    if ((await this.get(agentId))?.status !== 'online') return false;
    await this.store.setStatus(agentId, 'offline', this.now());
    return true;
  }

  private streamHorizon(): string {
    return new Date(this.options.clock().getTime() - (this.options.streamLivenessMs ?? 90_000)).toISOString();
  }

  private now(): string {
    return this.options.clock().toISOString();
  }
}
