import { Request, RequestHandler } from 'express';
import { Agent, AgentDirectory, AgentRole } from '../agents/agentDirectory';
import { sendError } from '../http/errors';
import { bearerToken } from '../http/credentials';

/** A request that passed requireAgent: the logged-in agent is on it. */
export type AgentRequest = Request & { agent?: Agent; agentToken?: string };

export interface AgentRequirement {
  /** Only agents with this role get in (403 for the others). */
  readonly role?: AgentRole;
  readonly forbiddenMessage?: string;
  /** Paths whose token may come as `?access_token=`: EventSource cannot send headers. */
  readonly queryTokenPaths?: readonly string[];
}

/** Express middleware for the agent-only APIs: a valid, unexpired agent token (401), the right role (403). */
export function requireAgent(agents: AgentDirectory, requirement: AgentRequirement = {}): RequestHandler {
  return async (req: AgentRequest, res, next) => {
    const queryToken =
      requirement.queryTokenPaths?.includes(`${req.baseUrl}${req.path}`) && typeof req.query.access_token === 'string' ? req.query.access_token : undefined;
    const token = bearerToken(req) ?? queryToken;
    const agent = token ? await agents.authenticate(token) : undefined;
    if (!agent) return sendError(res, 401, 'unauthorized', 'log in first: a valid, unexpired bearer token is required');
    if (requirement.role && agent.role !== requirement.role)
      return sendError(res, 403, 'forbidden', requirement.forbiddenMessage ?? `only for the ${requirement.role} role`);
    req.agent = agent;
    req.agentToken = token;
    next();
  };
}
