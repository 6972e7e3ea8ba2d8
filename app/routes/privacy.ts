import { Router } from 'express';
import { AgentDirectory } from '../../agents/agentDirectory';
import { sendError } from '../../http/errors';
import { AgentRequest, requireAgent } from '../agentAuthentication';
import { PrivacyRequests } from '../privacyRequests';

/**
 * `GET /api/admin/customers/:id/export` and `DELETE /api/admin/customers/:id`: a data
 * subject's request, for supervisors. `:id` is a channel user id or an identity
 * (`email:…`, `order:…`), URL-encoded.
 */
export function privacyRoutes(options: { agents: AgentDirectory; requests: PrivacyRequests }): Router {
  const router = Router();
  const supervisor = requireAgent(options.agents, { role: 'supervisor', forbiddenMessage: 'data requests are for supervisors' });
  const customer = (req: AgentRequest) => String(req.params.id ?? '').slice(0, 1024);

  router.get('/api/admin/customers/:id/export', supervisor, async (req: AgentRequest, res) => {
    const { reference, data } = await options.requests.export(customer(req), `agent:${req.agent!.id}`);
    if (!data) return sendError(res, 404, 'not_found', 'nothing is stored about this customer');
    res.setHeader('Content-Disposition', `attachment; filename="${reference}.json"`);
    res.json({ reference, ...data });
  });

  router.delete('/api/admin/customers/:id', supervisor, async (req: AgentRequest, res) => {
    res.json(await options.requests.erase(customer(req), `agent:${req.agent!.id}`));
  });

  return router;
}
