import express, { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import { describeZodError, sendError } from '../../http/errors';
import { slackEnvelopeSchema, slackInteractionSchema, SlackReceiver } from './slackReceiver';
import { SlackVerificationError, verifySlackRequest } from './verifySlackRequest';

export interface SlackRoutesOptions {
  /** Unset (no SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN): the routes answer 404. */
  readonly slack?: { readonly signingSecret: string; readonly receiver: SlackReceiver };
  readonly logger: Logger;
  readonly clock: () => Date;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Slack's Events API and interactivity, natively (no Azure): every request is checked
 * against the signing secret on its raw body and validated; Slack gets its answer at once.
 */
export function slackRoutes(options: SlackRoutesOptions): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: '1mb' });

  /** The verified raw body as text, or undefined after answering 404 or 401. */
  const verified = (req: Request, res: Response): string | undefined => {
    if (!options.slack) {
      sendError(res, 404, 'slack_not_configured', 'Slack is not configured (SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN)');
      return undefined;
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      const headers = { timestamp: req.get('x-slack-request-timestamp'), signature: req.get('x-slack-signature') };
      verifySlackRequest(options.slack.signingSecret, headers, body, options.clock().getTime());
    } catch (error) {
      if (!(error instanceof SlackVerificationError)) throw error;
      options.logger.warn({ reason: error.message }, 'rejected a Slack request');
      sendError(res, 401, 'unauthorized', 'request not verified');
      return undefined;
    }
    return body.toString('utf8');
  };

  router.post('/api/slack/events', raw, async (req, res) => {
    const body = verified(req, res);
    if (body === undefined) return;
    const json = parseJson(body);
    if (json === undefined) return sendError(res, 400, 'invalid_json', 'the body is not valid JSON');
    const parsed = slackEnvelopeSchema.safeParse(json);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    if (parsed.data.type === 'url_verification') return res.json({ challenge: parsed.data.challenge });
    if (!(await options.slack!.receiver.event(parsed.data))) {
      options.logger.info({ eventId: parsed.data.event_id, retry: req.get('x-slack-retry-num') }, 'ignored a repeated Slack event');
    }
    res.status(200).end();
  });

  router.post('/api/slack/interactions', raw, async (req, res) => {
    const body = verified(req, res);
    if (body === undefined) return;
    const json = parseJson(new URLSearchParams(body).get('payload') ?? '');
    if (json === undefined) return sendError(res, 400, 'invalid_payload', 'the payload field is not valid JSON');
    const parsed = slackInteractionSchema.safeParse(json);
    if (!parsed.success) return sendError(res, 400, 'invalid_payload', describeZodError(parsed.error, 'payload'));
    await options.slack!.receiver.interaction(parsed.data);
    res.status(200).end();
  });

  return router;
}
