import { CloudAdapter, TurnContext } from 'botbuilder';
import { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { describeZodError, sendError, sendRefusal } from '../http/errors';
import { InFlightTracker } from '../http/inFlight';
import { ServiceMetrics } from '../http/metrics';
import { inboundActivitySchema, MAX_TEXT_LENGTH } from './activitySchema';
import { ChatTraffic, declaredBodyBytes } from './chatTraffic';
import { ServiceUrlGuard } from './serviceUrlGuard';

export interface MessagesRouteOptions {
  readonly adapter: CloudAdapter;
  readonly logic: (context: TurnContext) => Promise<void>;
  /** Present in anonymous mode only: with app credentials the JWT vouches for the serviceUrl. */
  readonly serviceUrlGuard?: ServiceUrlGuard;
  readonly inFlight: InFlightTracker;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  /** Abuse limits; per address only in anonymous mode (with app credentials every request comes from the channel's servers). */
  readonly traffic?: ChatTraffic;
}

/**
 * The response as the CloudAdapter sees it, minus its error texts: the adapter answers a
 * forged token or a failed outbound call with the upstream message (which can tell an
 * attacker which local ports are open). Those become fixed JSON errors; the text is logged.
 */
function withoutUpstreamErrors(res: Response, logger: Logger) {
  let status = 200;
  const fail = (body: unknown) => {
    if (res.headersSent) return;
    if (status === 401) return sendError(res, 401, 'unauthorized', 'a valid Bot Framework token is required');
    logger.error({ status, upstream: typeof body === 'string' ? body.slice(0, 500) : body }, 'the Bot Framework adapter failed an activity');
    sendError(res, status >= 500 ? 502 : status, status >= 500 ? 'turn_failed' : 'invalid_activity', 'the activity could not be processed; it has been logged');
  };
  const proxy = {
    header: (name: string, value: string) => (res.header(name, value), proxy),
    status: (code: number) => ((status = code), proxy),
    send: (body?: unknown) => (status >= 400 ? fail(body) : res.status(status).send(body), proxy),
    end: () => {
      if (status >= 400) fail(undefined);
      else if (!res.headersSent) res.status(status).end();
      else if (!res.writableEnded) res.end();
    },
  };
  return proxy as unknown as Response;
}

/** The handler of `POST /api/messages`: validates the activity, guards the serviceUrl, then hands it to the CloudAdapter. */
export function messagesHandler(options: MessagesRouteOptions): RequestHandler {
  return async (req, res) => {
    const parsed = inboundActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      const tooLong = parsed.error.issues.some((issue) => issue.path[0] === 'text' && issue.code === 'too_big');
      const badType = parsed.error.issues.some((issue) => issue.path[0] === 'type' && issue.code === 'custom');
      if (tooLong) return sendError(res, 413, 'text_too_long', `body.text: is longer than ${MAX_TEXT_LENGTH} characters`);
      if (badType)
        return sendError(
          res,
          400,
          'unsupported_activity_type',
          `body.type: "${String((req.body as { type?: unknown } | undefined)?.type)}" is not a Bot Framework activity type`,
        );
      return sendError(res, 400, 'invalid_activity', describeZodError(parsed.error));
    }
    if (options.serviceUrlGuard && !options.serviceUrlGuard.isAllowed(parsed.data.serviceUrl)) {
      options.logger.warn({ serviceUrl: parsed.data.serviceUrl }, 'rejected activity with a serviceUrl outside the allow-list');
      return sendError(res, 403, 'service_url_not_allowed', 'body.serviceUrl: is not on the allow-list for anonymous mode (see BALIE_SERVICE_URL_ALLOWLIST)');
    }
    if (options.traffic && parsed.data.type === 'message') {
      const verdict = await options.traffic.admit({
        conversationId: parsed.data.conversation.id,
        address: options.serviceUrlGuard ? req.ip : undefined,
        body: req.body,
        bodyBytes: declaredBodyBytes(req),
        channelData: (req.body as { channelData?: unknown }).channelData,
      });
      if (!verdict.ok) return sendRefusal(res, verdict);
    }
    // The time is the server's: a client's clock (or a made-up date) never orders the transcript.
    (req.body as { timestamp?: string }).timestamp = new Date().toISOString();
    options.metrics.activities.inc({ channel: parsed.data.channelId.slice(0, 32), type: parsed.data.type });
    await options.inFlight.track(async () => {
      try {
        await options.adapter.process(req, withoutUpstreamErrors(res, options.logger), options.logic);
      } catch (error) {
        options.logger.error({ err: error }, 'adapter failed to process an activity');
        if (!res.headersSent) sendError(res, 502, 'turn_failed', 'the activity could not be processed; it has been logged');
      }
    });
  };
}
