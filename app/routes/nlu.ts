import { Router } from 'express';
import { z } from 'zod';
import { NluEngine } from '../../nlu/nluEngine';
import { MAX_TEXT_LENGTH } from '../../channels/activitySchema';
import { describeZodError, sendError, sendTooMany } from '../../http/errors';
import { RateLimits } from '../../cluster/rateLimits';
import { RequestAuthenticator } from '../requestAuthenticator';

const parseRequestSchema = z.strictObject({
  text: z.string().min(1, 'must not be empty').max(MAX_TEXT_LENGTH, `is longer than ${MAX_TEXT_LENGTH} characters`),
  lang: z.enum(['nl', 'en']).optional(),
});

/** Parses per client address per minute: plenty for authoring, not for mining the model. */
const REQUESTS_PER_MINUTE = 120;

/** `POST /api/nlu/parse`: the NLU on its own, for content authors and outside tools. */
export function nluRoute(engine: () => NluEngine, authenticator: RequestAuthenticator, limits: RateLimits): Router {
  const router = Router();
  const perAddress = limits.limiter('nlu-address', { points: REQUESTS_PER_MINUTE, windowSeconds: 60 });
  router.post('/api/nlu/parse', async (req, res) => {
    if (!(await authenticator.isAuthorized(req))) return sendError(res, 401, 'unauthorized', 'a valid bearer token is required');
    const allowed = await perAddress.consume(req.ip ?? 'unknown');
    if (!allowed.allowed) return sendTooMany(res, allowed.retryAfterSeconds, 'too many NLU requests from this address');
    const parsed = parseRequestSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const result = engine().parse(parsed.data.text, { lang: parsed.data.lang });
    res.json({
      text: result.text,
      language: result.language,
      intent: result.intent,
      alternatives: result.alternatives,
      entities: result.entities,
      sentiment: result.sentiment,
    });
  });
  return router;
}
