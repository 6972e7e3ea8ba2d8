import { NextFunction, Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AgentDirectory } from '../../agents/agentDirectory';
import { AgentDesk, DeskError } from '../../handoff/desk/agentDesk';
import { TicketDesk } from '../../handoff/desk/ticketDesk';
import { TicketEntry } from '../../handoff/handoffService';
import { LiveEvent } from '../../handoff/liveEvents';
import { AGENT_ID_PREFIX, Handoff, HandoffEvent } from '../../handoff/types';
import { clearSessionCookie, csrfTokenFor, setSessionCookie } from '../agentSession';
import { describeZodError, sendError, sendRefusal } from '../../http/errors';
import { OpenStreams } from '../../http/openStreams';
import { RateLimits } from '../../cluster/rateLimits';
import { AuditLog } from '../../agents/auditLog';
import { LoginThrottle } from '../loginThrottle';
import { AgentRequest, requireAgent } from '../agentAuthentication';
import { CustomerFiles } from '../../attachments/customerFiles';
import { sendFile } from '../../http/sendFile';

export interface AgentRoutesOptions {
  readonly agents: AgentDirectory;
  readonly desk: AgentDesk;
  readonly tickets: TicketDesk;
  /** Whether ticket answers also go out by email (SMTP_URL is set). */
  readonly emailEnabled: boolean;
  readonly logger: Logger;
  readonly streams: OpenStreams;
  /** Login attempts are counted here (shared by the instances). */
  readonly limits: RateLimits;
  /** Who read which conversation. */
  readonly audit: AuditLog;
  /** BALIE_PUBLIC_URL: an https address means the session cookie is `Secure` even behind a proxy that is not trusted. */
  readonly publicUrl?: string;
  /** What the console shows beside the conversations (target wait, order links). */
  readonly console: { readonly targetWaitMinutes: number; readonly orderUrl?: string };
  /** The files customers sent, shown in the conversation. */
  readonly files: CustomerFiles;
  readonly heartbeatMs?: number;
  /** How often an open console stream re-checks its login (logout, expiry, a disabled account or a changed role end it). */
  readonly sessionCheckMs?: number;
}

const loginSchema = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const messageSchema = z.strictObject({ text: z.string().trim().min(1, 'must not be empty').max(5000, 'is longer than 5000 characters') });
const resolveSchema = z.strictObject({ note: z.string().max(2000).optional() });
const statusSchema = z.strictObject({ status: z.enum(['online', 'away', 'offline']) });
const transferSchema = z.strictObject({
  to: z.string().trim().min(1, 'must be "queue" or a colleague\'s id').max(100),
  note: z.string().trim().max(2000).optional(),
});

const DESK_STATUS = { not_found: 404, conflict: 409, forbidden: 403, limit: 409 } as const;

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
    customerName: handoff.context.customer.name,
    agentId: handoff.agentId,
    summary: handoff.context.summary,
    ...extra,
  };
}

/** Whether the browser reached the service over HTTPS (directly, through a trusted proxy, or by its public address). */
function secureRequest(req: Request, publicUrl?: string): boolean {
  return req.secure || (publicUrl?.startsWith('https:') ?? false);
}

/** A handoff's events with the name of the agent behind each (`actorName`), for the console's timeline. */
function withActorNames(events: readonly HandoffEvent[], nameOf: (agentId?: string) => Promise<string | undefined>) {
  return Promise.all(
    events.map(async (event) => ({
      ...event,
      actorName: event.actor.startsWith(AGENT_ID_PREFIX) ? await nameOf(event.actor.slice(AGENT_ID_PREFIX.length)) : undefined,
    })),
  );
}

/** The agent API of DESIGN.md §4: login, queue, context, accept, messages, resolve, presence, live stream. Parses, authorises, calls the desk. */
export function agentRoutes(options: AgentRoutesOptions): Router {
  const router = Router();
  const { desk, agents } = options;
  const throttle = new LoginThrottle(options.limits);

  router.post('/api/agent/login', async (req, res) => {
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const { username, password } = parsed.data;
    const address = req.ip ?? 'unknown';
    const attempt = await throttle.attempt(username, address);
    if (attempt.refusal) return sendRefusal(res, attempt.refusal);
    const session = await agents.login(username, password);
    if (!session) {
      await throttle.failed(username, attempt.failuresSoFar);
      return sendError(res, 401, 'invalid_credentials', 'unknown username or wrong password');
    }
    await throttle.succeeded(username, address);
    const { id, name, role } = session.agent;
    setSessionCookie(res, session.token, session.expiresAt, secureRequest(req, options.publicUrl));
    res.json({ token: session.token, expiresAt: session.expiresAt, csrfToken: csrfTokenFor(session.token), agent: { id, name, role } });
  });

  router.use('/api/agent', requireAgent(agents, { queryTokenPaths: ['/api/agent/stream'] }));

  // The Bearer token and the session cookie are one login: logging out ends both.
  router.post('/api/agent/logout', async (req: AgentRequest, res) => {
    await agents.logout(req.agentToken!);
    clearSessionCookie(res, secureRequest(req, options.publicUrl));
    res.status(204).end();
  });

  router.get('/api/agent/me', (req: AgentRequest, res) => {
    const { id, name, role, status } = req.agent!;
    // A new tab finds its login in the cookie and gets the CSRF token for its changes here.
    res.json({ agent: { id, name, role, status }, console: options.console, csrfToken: csrfTokenFor(req.agentToken!) });
  });

  router.post('/api/agent/status', async (req: AgentRequest, res) => {
    const parsed = statusSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const { id, name, role, status } = await desk.setStatus(req.agent!.id, parsed.data.status);
    res.json({ agent: { id, name, role, status } });
  });

  router.get('/api/agent/queue', async (_req, res) => {
    const { entries, agentsOnline, availability } = await desk.queue();
    const items = entries.map((entry) =>
      listItem(entry.handoff, { position: entry.position, waitingMinutes: entry.waitingMinutes, expectedWaitMinutes: entry.expectedWaitMinutes }),
    );
    res.json({ items, agentsOnline, availability, targetWaitMinutes: options.console.targetWaitMinutes });
  });

  router.get('/api/agent/active', async (req: AgentRequest, res) => {
    res.json({ items: (await desk.assignedTo(req.agent!.id)).map((h) => listItem(h, { acceptedAt: h.acceptedAt })) });
  });

  /** Agents' display names for one response: each account is read once, however many tickets or answers it has. */
  const agentNames = () => {
    const names = new Map<string, Promise<string>>();
    return async (agentId?: string): Promise<string | undefined> => {
      if (!agentId) return undefined;
      if (!names.has(agentId))
        names.set(
          agentId,
          agents.get(agentId).then((agent) => agent?.name ?? agentId),
        );
      return names.get(agentId);
    };
  };

  router.get('/api/agent/tickets', async (req: AgentRequest, res) => {
    const entries = await options.tickets.list(req.agent!);
    const ownerName = agentNames();
    const items = await Promise.all(
      entries.map(async ({ handoff, overdue }: TicketEntry) =>
        listItem(handoff, {
          dueAt: handoff.dueAt,
          overdue,
          answeredAt: handoff.answeredAt,
          ownerName: await ownerName(handoff.agentId),
          email: handoff.context.entities.email,
        }),
      ),
    );
    res.json({ items, email: { enabled: options.emailEnabled } });
  });

  router.get('/api/agent/tickets/:id', async (req: AgentRequest, res) => {
    const view = await options.tickets.view(req.params.id as string);
    const ownerName = agentNames();
    const { context, conversationReference: _reference, ...record } = view.handoff;
    await options.audit.record({ at: new Date().toISOString(), actor: `agent:${req.agent!.id}`, action: 'conversation.read', subject: record.conversationId });
    res.json({
      ticket: { ...record, overdue: view.overdue, ownerName: await ownerName(record.agentId) },
      context,
      transcript: view.transcript,
      thread: await Promise.all(view.thread.map(async (m) => ({ ...m, agentName: await ownerName(m.agentId) }))),
      deliveries: view.deliveries,
      events: await withActorNames(view.events, ownerName),
      email: { enabled: options.emailEnabled },
    });
  });

  router.post('/api/agent/tickets/:id/take', async (req: AgentRequest, res) => {
    const taken = await options.tickets.take(req.params.id as string, req.agent!);
    res.json({ ticket: listItem(taken, { dueAt: taken.dueAt, ownerName: await agentNames()(taken.agentId) }) });
  });

  router.post('/api/agent/tickets/:id/answer', async (req: AgentRequest, res) => {
    const parsed = messageSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const { message, handoff } = await options.tickets.answer(req.params.id as string, req.agent!, parsed.data.text);
    res.status(201).json({ message, ticket: listItem(handoff, { dueAt: handoff.dueAt, answeredAt: handoff.answeredAt }) });
  });

  router.post('/api/agent/tickets/:id/close', async (req: AgentRequest, res) => {
    const parsed = resolveSchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const closed = await options.tickets.close(req.params.id as string, `agent:${req.agent!.id}`, parsed.data.note);
    res.json({ ticket: listItem(closed, { closedAt: closed.closedAt }) });
  });

  router.get('/api/agent/conversations/:id', async (req: AgentRequest, res) => {
    const { handoff, transcript, undelivered, events } = await desk.conversation(req.params.id as string);
    await options.audit.record({ at: new Date().toISOString(), actor: `agent:${req.agent!.id}`, action: 'conversation.read', subject: handoff.conversationId });
    const { context, conversationReference: _reference, ...record } = handoff;
    const pending = undelivered.map((m) => ({ id: m.id, text: m.text, at: m.createdAt, attempts: m.attempts }));
    res.json({ handoff: record, context, transcript, undelivered: pending, events: await withActorNames(events, agentNames()) });
  });

  // A customer's photo or PDF, for the console (the login cookie comes along with <img>); who looked is audited.
  router.get('/api/agent/attachments/:id', async (req: AgentRequest, res) => {
    const found = await options.files.get(req.params.id as string);
    if (!found) return sendError(res, 404, 'not_found', 'no such file (it may have been deleted with its conversation)');
    const { attachment } = found;
    await options.audit.record({
      at: new Date().toISOString(),
      actor: `agent:${req.agent!.id}`,
      action: 'attachment.read',
      subject: attachment.conversationId,
    });
    sendFile(res, attachment, found.data);
  });

  router.post('/api/agent/conversations/:id/accept', async (req: AgentRequest, res) => {
    res.json({ handoff: listItem(await desk.accept(req.params.id as string, req.agent!)) });
  });

  router.post('/api/agent/conversations/:id/messages', async (req: AgentRequest, res) => {
    const parsed = messageSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const sent = await desk.send(req.params.id as string, req.agent!, parsed.data.text);
    res.status(202).json({ message: { id: sent.id, text: sent.text, at: sent.createdAt, delivered: sent.delivered } });
  });

  router.post('/api/agent/conversations/:id/typing', async (req: AgentRequest, res) => {
    await options.desk.typing(req.params.id as string, req.agent!);
    res.status(204).end();
  });

  router.get('/api/agent/colleagues', async (_req, res) => {
    res.json({ items: await desk.colleagues() });
  });

  router.post('/api/agent/conversations/:id/transfer', async (req: AgentRequest, res) => {
    const parsed = transferSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const { to, note } = parsed.data;
    const target = to === 'queue' ? { queue: true as const } : { agentId: to };
    res.json({ handoff: listItem(await desk.transfer(req.params.id as string, req.agent!, target, note || undefined)) });
  });

  router.post('/api/agent/conversations/:id/resolve', async (req: AgentRequest, res) => {
    const parsed = resolveSchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    res.json({ handoff: listItem(await desk.resolve(req.params.id as string, req.agent!, parsed.data.note)) });
  });

  router.get('/api/agent/stream', async (req: AgentRequest, res) => {
    const agent = req.agent!;
    if (!options.streams.add(res)) return sendError(res, 503, 'shutting_down', 'the service is shutting down');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (event: LiveEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = desk.subscribe(send);
    const streamId = desk.consoleOpened(agent);
    const warn = (what: string) => (error: unknown) => options.logger.warn({ err: error, agentId: agent.id }, what);
    const heartbeat = setInterval(() => {
      streamId.then((id) => desk.consoleAlive(agent.id, id)).catch(warn('could not record a console heartbeat'));
      res.write(': heartbeat\n\n');
    }, options.heartbeatMs ?? 25_000);
    // The token was checked at connect only; a logout, expiry or role change on any instance must end the stream too.
    const sessionCheck = setInterval(() => {
      void agents
        .authenticate(req.agentToken ?? '')
        .then((current) => {
          if (closed || (current && current.role === agent.role)) return;
          res.write(`event: session_ended\ndata: ${JSON.stringify({ reason: current ? 'role_changed' : 'logged_out' })}\n\n`);
          res.end();
        })
        .catch(warn('could not re-check a console login'));
    }, options.sessionCheckMs ?? 2_000);
    let closed = false;
    req.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      clearInterval(sessionCheck);
      unsubscribe();
      // A stream cut by this instance's shutdown is not the agent leaving: the console reconnects elsewhere.
      if (options.streams.shuttingDown) return;
      void streamId.then((id) => desk.consoleClosed(agent.id, id)).catch(warn('could not record a closed console stream'));
    });
    await streamId;
    if (!closed) res.write(`event: ready\ndata: ${JSON.stringify({ agentId: agent.id })}\n\n`);
  });

  // The desk's refusals as HTTP: 404, 409 (also `limit`: at the most conversations at once), 403 with the desk's reason.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!(error instanceof DeskError)) return next(error);
    sendError(res, DESK_STATUS[error.kind], error.kind, error.message);
  });

  return router;
}
