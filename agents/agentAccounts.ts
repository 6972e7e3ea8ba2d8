export type AgentRole = 'agent' | 'supervisor';
export type AgentStatus = 'online' | 'away' | 'offline';

export interface Agent {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly role: AgentRole;
  readonly status: AgentStatus;
  readonly lastSeen?: string;
  /** Set when an administrator disabled the account: it cannot log in, and its sessions ended. */
  readonly disabledAt?: string;
}

export interface AgentAccount extends Agent {
  readonly passwordHash: string;
}

export class DuplicateUsernameError extends Error {
  constructor(readonly username: string) {
    super(`an agent named "${username}" already exists`);
    this.name = 'DuplicateUsernameError';
  }
}

/** Where agent accounts, their login tokens (hashed) and their open console streams are kept. */
export interface AgentAccountStore {
  count(): Promise<number>;
  /** Throws DuplicateUsernameError when the username (in any case) is taken. */
  insert(account: { id: string; username: string; name: string; role: AgentRole; passwordHash: string; createdAt: string }): Promise<void>;
  byId(id: string): Promise<AgentAccount | undefined>;
  /** Usernames match whatever their case. */
  byUsername(username: string): Promise<AgentAccount | undefined>;
  addToken(tokenHash: string, agentId: string, expiresAt: string, createdAt: string): Promise<void>;
  deleteExpiredTokens(now: string): Promise<number>;
  /** The agent whose unexpired token has this hash. */
  agentForToken(tokenHash: string, now: string): Promise<Agent | undefined>;
  deleteToken(tokenHash: string): Promise<void>;
  /** Ends every session of the agent (password changed, account disabled, role changed). */
  deleteTokensOf(agentId: string): Promise<void>;
  /** Every account, by username. */
  list(): Promise<Agent[]>;
  setPasswordHash(agentId: string, passwordHash: string): Promise<void>;
  /** `at` disables, undefined enables again. */
  setDisabled(agentId: string, at: string | undefined): Promise<void>;
  setRole(agentId: string, role: AgentRole): Promise<void>;
  setStatus(agentId: string, status: AgentStatus, at: string): Promise<void>;
  touch(agentId: string, at: string): Promise<void>;
  /** Agents online with a sign of life since `since`. */
  onlineCount(since: string): Promise<number>;
  openStream(stream: { id: string; agentId: string; instanceId: string; at: string }): Promise<void>;
  touchStream(streamId: string, at: string): Promise<void>;
  closeStream(streamId: string): Promise<void>;
  /** The agent's streams (on any instance) with a heartbeat since `since`. */
  liveStreams(agentId: string, since: string): Promise<number>;
  /** Forgets streams silent since `before` (their instance died); returns how many. */
  deleteStaleStreams(before: string): Promise<number>;
}
