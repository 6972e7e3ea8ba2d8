import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AgentDirectory } from '../../agents/agentDirectory';
import { AgentRelay } from '../../bots/agentRelay';
import { HandoffService } from '../../handoff/handoffService';
import { StaleHandoffError } from '../../handoff/handoffStore';
import { LiveEvent, LiveEvents } from '../../handoff/liveEvents';
import { InvalidTransitionError } from '../../handoff/stateMachine';
import { Handoff } from '../../handoff/types';
import { toTranscriptLine } from '../../bots/handoffCoordinator';
import { Outbox } from '../../handoff/outbox';
import { TranscriptStore } from '../../handoff/transcripts';
import { AgentRequest, requireAgent } from '../agentAuthentication';
import { describeZodError, sendError } from '../../http/errors';
import { bearerToken } from '../../http/credentials';
import { RateLimiter } from '../../http/rateLimiter';
import { OpenStreams } from '../../http/openStreams';

export interface AgentRoutesOptions {
  readonly agents: AgentDirectory;
  readonly handoffs: HandoffService;
  readonly relay: AgentRelay;
  readonly transcripts: TranscriptStore;
  readonly outbox: Outbox;
  readonly events: LiveEvents;
  readonly logger: Logger;
  readonly streams: OpenStreams;
  readonly heartbeatMs?: number;
}

const loginSchema = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const messageSchema = z.strictObject({ text: z.string().trim().min(1, 'must not be empty').max(5000, 'is longer than 5000 characters') });
const resolveSchema = z.strictObject({ note: z.string().max(2000).optional() });
const statusSchema = z.strictObject({ status: z.enum(['online', 'away', 'offline']) });

/** The summary view of a handoff for lists. */
function listItem(handoff: Handoff, extra: Record<string, unknown> = {}) {
  return {
    handoffId: handoff.id,
    reference: handoff.reference,
    conversationId: handoff.conversationId,
    channel: handoff.channelId,
    language: handoff.language,
    state: handoff.state,
    reason: handoff.reason,
    priority: handoff.priority,
    waitingSince: handoff.createdAt,
    agentId: handoff.agentId,
    summary: handoff.context.summary,
    ...extra,
  };
}

/** The agent API of DESIGN.md §4: login, queue, context, accept, messages, resolve, presence, live stream. */
export function agentRoutes(options: AgentRoutesOptions): Router {
  const router = Router();
  // Ten failed logins per address and username, then five minutes' pause.
  const limiter = new RateLimiter({ limit: 10, windowMs: 5 * 60_000 });

  const conflict = (res: Response, error: unknown) => {
    if (error instanceof StaleHandoffError || error instanceof InvalidTransitionError) {
      return sendError(
        res,
        409,
        'conflict',
        error instanceof StaleHandoffError && error.actual === 'agent' ? 'another agent has already accepted this conversation' : error.message,
      );
    }
    throw error;
  };

  router.post('/api/agent/login', async (req, res) => {
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const key = `${req.ip}|${parsed.data.username.toLowerCase()}`;
    if (limiter.exhausted(key)) return sendError(res, 429, 'too_many_attempts', 'too many failed logins; try again in a few minutes');
    const session = await options.agents.login(parsed.data.username, parsed.data.password);
    if (!session) {
      limiter.take(key);
      return sendError(res, 401, 'invalid_credentials', 'unknown username or wrong password');
    }
    limiter.reset(key);
    const { id, name, role } = session.agent;
    res.json({ token: session.token, expiresAt: session.expiresAt, agent: { id, name, role } });
  });

  router.use('/api/agent', requireAgent(options.agents, { queryTokenPaths: ['/api/agent/stream'] }));

  router.post('/api/agent/logout', async (req: AgentRequest, res) => {
    const token = bearerToken(req);
    if (token) await options.agents.logout(token);
    res.status(204).end();
  });

  router.get('/api/agent/me', (req: AgentRequest, res) => {
    const { id, name, role, status } = req.agent!;
    res.json({ agent: { id, name, role, status } });
  });

  router.post('/api/agent/status', async (req: AgentRequest, res) => {
    const parsed = statusSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const agent = (await options.agents.setStatus(req.agent!.id, parsed.data.status))!;
    options.events.publish({ type: 'queue_changed' });
    res.json({ agent: { id: agent.id, name: agent.name, role: agent.role, status: agent.status } });
  });

  router.get('/api/agent/queue', async (_req, res) => {
    res.json({
      items: (await options.handoffs.queue()).map((entry) =>
        listItem(entry.handoff, { position: entry.position, waitingMinutes: entry.waitingMinutes, expectedWaitMinutes: entry.expectedWaitMinutes }),
      ),
      agentsOnline: await options.agents.onlineCount(),
      availability: await options.handoffs.availability(),
    });
  });

  router.get('/api/agent/active', async (req: AgentRequest, res) => {
    res.json({ items: (await options.handoffs.assignedTo(req.agent!.id)).map((h) => listItem(h, { acceptedAt: h.acceptedAt })) });
  });

  router.get('/api/agent/tickets', async (_req, res) => {
    res.json({ items: (await options.handoffs.tickets()).map((h) => listItem(h, { email: h.context.entities.email })) });
  });

  router.get('/api/agent/conversations/:id', async (req, res) => {
    const handoff = await options.handoffs.latestFor(req.params.id);
    if (!handoff) return sendError(res, 404, 'not_found', 'no handoff for this conversation');
    const transcript = (await options.transcripts.list(handoff.conversationId)).map(toTranscriptLine).filter((line) => line !== undefined);
    const undelivered = (await options.outbox.forHandoff(handoff.id))
      .filter((m) => !m.deliveredAt)
      .map((m) => ({ id: m.id, text: m.text, at: m.createdAt, attempts: m.attempts }));
    const { context, conversationReference: _reference, ...record } = handoff;
    res.json({ handoff: record, context, transcript, undelivered, events: await options.handoffs.events(handoff.id) });
  });

  const withHandoff = async (req: Request, res: Response): Promise<Handoff | undefined> => {
    const handoff = await options.handoffs.latestFor(req.params.id as string);
    if (!handoff) sendError(res, 404, 'not_found', 'no handoff for this conversation');
    return handoff;
  };

  router.post('/api/agent/conversations/:id/accept', async (req: AgentRequest, res) => {
    const handoff = await withHandoff(req, res);
    if (!handoff) return;
    let accepted: Handoff;
    try {
      accepted = await options.handoffs.accept(handoff.id, req.agent!.id);
    } catch (error) {
      return conflict(res, error);
    }
    await options.relay.accepted(accepted, req.agent!);
    res.json({ handoff: listItem(accepted) });
  });

  router.post('/api/agent/conversations/:id/messages', async (req: AgentRequest, res) => {
    const parsed = messageSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const handoff = await withHandoff(req, res);
    if (!handoff) return;
    if (handoff.state !== 'agent') return sendError(res, 409, 'conflict', `the conversation is ${handoff.state}, not with an agent`);
    if (handoff.agentId !== req.agent!.id) return sendError(res, 403, 'forbidden', 'another agent is handling this conversation');
    const sent = await options.relay.sendFromAgent(handoff, req.agent!, parsed.data.text);
    res.status(202).json({ message: { id: sent.id, text: sent.text, at: sent.createdAt, delivered: sent.delivered } });
  });

  router.post('/api/agent/conversations/:id/resolve', async (req: AgentRequest, res) => {
    const parsed = resolveSchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const handoff = await withHandoff(req, res);
    if (!handoff) return;
    if (handoff.state === 'agent' && handoff.agentId !== req.agent!.id) return sendError(res, 403, 'forbidden', 'another agent is handling this conversation');
    try {
      if (handoff.state === 'ticket') {
        const closed = await options.handoffs.closeTicket(handoff.id, req.agent!.id, parsed.data.note);
        options.events.publish({ type: 'queue_changed' });
        return res.json({ handoff: listItem(closed) });
      }
      const resolved = await options.handoffs.resolve(handoff.id, req.agent!.id, parsed.data.note);
      await options.relay.resolved(resolved, req.agent!);
      res.json({ handoff: listItem(resolved) });
    } catch (error) {
      conflict(res, error);
    }
  });

  router.get('/api/agent/stream', async (req: AgentRequest, res) => {
    const agent = req.agent!;
    if (!options.streams.add(res)) return sendError(res, 503, 'shutting_down', 'the service is shutting down');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (event: LiveEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = options.events.subscribe(send);
    const streamId = options.agents.streamOpened(agent);
    const heartbeat = setInterval(() => {
      streamId
        .then((id) => options.agents.streamHeartbeat(agent.id, id))
        .catch((error) => options.logger.warn({ err: error, agentId: agent.id }, 'could not record a console heartbeat'));
      res.write(': heartbeat\n\n');
    }, options.heartbeatMs ?? 25_000);
    let closed = false;
    req.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      // A stream cut by this instance's shutdown is not the agent leaving: the console reconnects elsewhere.
      if (options.streams.shuttingDown) return;
      void streamId
        .then((id) => options.agents.streamClosed(agent.id, id))
        .then((wentOffline) => wentOffline && options.events.publish({ type: 'queue_changed' }))
        .catch((error) => options.logger.warn({ err: error, agentId: agent.id }, 'could not record a closed console stream'));
    });
    await streamId;
    options.events.publish({ type: 'queue_changed' });
    if (!closed) res.write(`event: ready\ndata: ${JSON.stringify({ agentId: agent.id })}\n\n`);
  });

  return router;
}
