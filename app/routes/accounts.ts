import { Response, Router } from 'express';
import { z } from 'zod';
import { AgentDirectory } from '../../agents/agentDirectory';
import { AuditLog } from '../../agents/auditLog';
import { describeZodError, sendError } from '../../http/errors';
import { AgentRequest, requireAgent } from '../agentAuthentication';

const password = z.string().min(8, 'must be at least 8 characters').max(200);
const ownPasswordSchema = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password });
const resetSchema = z.strictObject({ password });
const disabledSchema = z.strictObject({ disabled: z.boolean() });
const roleSchema = z.strictObject({ role: z.enum(['agent', 'supervisor']) });

/**
 * Accounts: every agent changes their own password; supervisors list accounts, reset
 * passwords, disable and enable accounts, change roles and read the audit log. Every change
 * ends the account's sessions (their console streams close within seconds) and is audited.
 */
export function accountRoutes(options: { agents: AgentDirectory; audit: AuditLog; clock: () => Date }): Router {
  const router = Router();
  const { agents, audit } = options;
  const record = (actor: string, action: string, subject: string, detail?: string) =>
    audit.record({ at: options.clock().toISOString(), actor: `agent:${actor}`, action, subject, detail });

  router.post('/api/agent/password', requireAgent(agents), async (req: AgentRequest, res) => {
    const parsed = ownPasswordSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    if (!(await agents.changeOwnPassword(req.agent!.id, parsed.data.currentPassword, parsed.data.newPassword))) {
      return sendError(res, 403, 'wrong_password', 'body.currentPassword: is not the current password');
    }
    await record(req.agent!.id, 'account.password_changed', `agent:${req.agent!.id}`);
    res.status(204).end();
  });

  const supervisor = requireAgent(agents, { role: 'supervisor', forbiddenMessage: 'only supervisors manage accounts' });
  router.get('/api/agent/accounts', supervisor, async (_req, res) => {
    res.json({
      items: (await agents.list()).map(({ id, username, name, role, status, disabledAt }) => ({ id, username, name, role, status, disabledAt })),
    });
  });

  /** The account, or a 404; and not the last active supervisor losing their powers (nobody could undo it). */
  const target = async (req: AgentRequest, res: Response, demotes: boolean) => {
    const accounts = await agents.list();
    const account = accounts.find((a) => a.id === req.params.id);
    if (!account) return void sendError(res, 404, 'not_found', 'no account with this id');
    const supervisors = accounts.filter((a) => a.role === 'supervisor' && !a.disabledAt);
    if (demotes && account.role === 'supervisor' && !account.disabledAt && supervisors.length === 1) {
      return void sendError(res, 409, 'last_supervisor', 'this is the last active supervisor: make another account supervisor first');
    }
    return account;
  };

  router.post('/api/agent/accounts/:id/password', supervisor, async (req: AgentRequest, res) => {
    const parsed = resetSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const account = await target(req, res, false);
    if (!account) return;
    await agents.setPassword(account.id, parsed.data.password);
    await record(req.agent!.id, 'account.password_reset', `agent:${account.id}`);
    res.status(204).end();
  });

  router.post('/api/agent/accounts/:id/disabled', supervisor, async (req: AgentRequest, res) => {
    const parsed = disabledSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const account = await target(req, res, parsed.data.disabled);
    if (!account) return;
    await agents.setDisabled(account.id, parsed.data.disabled);
    await record(req.agent!.id, parsed.data.disabled ? 'account.disabled' : 'account.enabled', `agent:${account.id}`);
    res.status(204).end();
  });

  router.post('/api/agent/accounts/:id/role', supervisor, async (req: AgentRequest, res) => {
    const parsed = roleSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const account = await target(req, res, parsed.data.role !== 'supervisor');
    if (!account) return;
    await agents.setRole(account.id, parsed.data.role);
    await record(req.agent!.id, 'account.role', `agent:${account.id}`, parsed.data.role);
    res.status(204).end();
  });

  router.get('/api/agent/audit', supervisor, async (req, res) => {
    const subject = typeof req.query.subject === 'string' && req.query.subject ? req.query.subject.slice(0, 300) : undefined;
    res.json({ items: await audit.list({ subject }) });
  });

  return router;
}
