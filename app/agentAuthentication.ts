import { Request, RequestHandler } from 'express';
import { Agent, AgentDirectory, AgentRole } from '../agents/agentDirectory';
import { sendError } from '../http/errors';
import { bearerToken } from '../http/credentials';
import { cookieValue, passesCsrfCheck, SESSION_COOKIE } from './agentSession';

/** A request that passed requireAgent: the logged-in agent is on it. */
export type AgentRequest = Request & { agent?: Agent; agentToken?: string; agentTokenFrom?: 'header' | 'cookie' };

export interface AgentRequirement {
  /** Only agents with this role get in (403 for the others). */
  readonly role?: AgentRole;
  readonly forbiddenMessage?: string;
  /** Paths whose token may come as `?access_token=`: EventSource cannot send headers. */
  readonly queryTokenPaths?: readonly string[];
}

/**
 * Express middleware for the agent-only APIs: a valid, unexpired agent token (401) as a Bearer
 * header or the session cookie (then with the CSRF header on changes: 403), the right role (403).
 */
export function requireAgent(agents: AgentDirectory, requirement: AgentRequirement = {}): RequestHandler {
  return async (req: AgentRequest, res, next) => {
    const queryToken =
      requirement.queryTokenPaths?.includes(`${req.baseUrl}${req.path}`) && typeof req.query.access_token === 'string' ? req.query.access_token : undefined;
    const presented = bearerToken(req) ?? queryToken;
    const cookieToken = presented ? undefined : cookieValue(req, SESSION_COOKIE);
    const token = presented ?? cookieToken;
    const agent = token ? await agents.authenticate(token) : undefined;
    if (!agent) return sendError(res, 401, 'unauthorized', 'log in first: a valid, unexpired bearer token or session cookie is required');
    // A cookie is sent by the browser whoever made the page: a change needs the session's CSRF token too.
    if (cookieToken && !passesCsrfCheck(req, cookieToken)) return sendError(res, 403, 'csrf', 'the X-CSRF-Token header is missing or wrong');
    if (requirement.role && agent.role !== requirement.role)
      return sendError(res, 403, 'forbidden', requirement.forbiddenMessage ?? `only for the ${requirement.role} role`);
    req.agent = agent;
    req.agentToken = token;
    req.agentTokenFrom = cookieToken ? 'cookie' : 'header';
    next();
  };
}
