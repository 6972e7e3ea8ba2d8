import { Router } from 'express';
import { z } from 'zod';
import { AgentDirectory } from '../../agents/agentDirectory';
import { AuditLog } from '../../agents/auditLog';
import { cannedReplySchema } from '../../content/schema';
import { CannedReplies } from '../../handoff/desk/cannedReplies';
import { describeZodError, sendError } from '../../http/errors';
import { AgentRequest, requireAgent } from '../agentAuthentication';

const language = z.enum(['nl', 'en']);
const replySchema = z.strictObject({ language, ...cannedReplySchema.shape });
const listQuery = z.strictObject({ language: language.optional() });

/**
 * Canned replies: every agent reads them (the console's "/"), supervisors write, change and
 * delete them. Each change is audited.
 */
export function cannedReplyRoutes(options: { agents: AgentDirectory; replies: CannedReplies; audit: AuditLog; clock: () => Date }): Router {
  const router = Router();
  const { agents, replies } = options;
  const agent = requireAgent(agents);
  const supervisor = requireAgent(agents, { role: 'supervisor', forbiddenMessage: 'only supervisors manage canned replies' });
  const record = (req: AgentRequest, action: string, subject: string) =>
    options.audit.record({ at: options.clock().toISOString(), actor: `agent:${req.agent!.id}`, action, subject });

  router.get('/api/agent/canned-replies', agent, async (req, res) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error, 'query'));
    res.json({ items: await replies.list(parsed.data.language) });
  });

  router.post('/api/agent/canned-replies', supervisor, async (req: AgentRequest, res) => {
    const parsed = replySchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const created = await replies.create(parsed.data, `agent:${req.agent!.id}`);
    await record(req, 'canned_reply.created', created.id);
    res.status(201).json({ reply: created });
  });

  router.put('/api/agent/canned-replies/:id', supervisor, async (req: AgentRequest, res) => {
    const parsed = replySchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const updated = await replies.update(req.params.id as string, parsed.data, `agent:${req.agent!.id}`);
    if (!updated) return sendError(res, 404, 'not_found', 'no canned reply with this id');
    await record(req, 'canned_reply.changed', updated.id);
    res.json({ reply: updated });
  });

  router.delete('/api/agent/canned-replies/:id', supervisor, async (req: AgentRequest, res) => {
    if (!(await replies.remove(req.params.id as string))) return sendError(res, 404, 'not_found', 'no canned reply with this id');
    await record(req, 'canned_reply.deleted', req.params.id as string);
    res.status(204).end();
  });

  return router;
}
