import { Activity, ActivityTypes, TurnContext } from 'botbuilder';
import express, { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import { InFlightTracker } from '../../http/inFlight';
import { sendError } from '../../http/errors';
import { MAX_TEXT_LENGTH } from '../activitySchema';
import { SLACK_CHANNEL_ID, SlackAdapter, slackConversationId } from './slackAdapter';
import { SlackEventLog } from './slackEventLog';
import { SlackVerificationError, verifySlackRequest } from './verifySlackRequest';

export interface SlackRoutesOptions {
  /** Unset: Slack is not configured and the routes answer 404. */
  readonly signingSecret?: string;
  readonly adapter?: SlackAdapter;
  readonly logic: (context: TurnContext) => Promise<void>;
  readonly seen: SlackEventLog;
  readonly inFlight: InFlightTracker;
  readonly logger: Logger;
  readonly clock: () => Date;
}

interface SlackMessageEvent {
  type: string;
  subtype?: string;
  bot_id?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  client_msg_id?: string;
}

/** "<@U123ABC> waar is mijn pakket" → "waar is mijn pakket". */
export function stripSlackMentions(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function messageActivity(
  team: string,
  conversationId: string,
  user: string,
  text: string,
  id: string,
  ts: string | undefined,
  isGroup: boolean,
): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    id,
    channelId: SLACK_CHANNEL_ID,
    serviceUrl: 'https://slack.com/api/',
    conversation: { id: conversationId, isGroup, conversationType: isGroup ? 'channel' : 'personal', name: '' },
    from: { id: `${team}:${user}`, name: '', role: 'user' },
    recipient: { id: 'balie', name: 'Balie', role: 'bot' },
    text: text.slice(0, MAX_TEXT_LENGTH),
    timestamp: ts ? new Date(Number(ts) * 1000) : new Date(),
    channelData: { slack: { team, user, ts } },
  };
}

/**
 * Slack's Events API and interactivity, natively (no Azure): every request is checked
 * against the signing secret on its raw body, retries and repeated events are dropped,
 * Slack gets its answer at once and the turn runs after.
 */
export function slackRoutes(options: SlackRoutesOptions): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: '1mb' });

  const verified = (req: Request, res: Response): boolean => {
    if (!options.signingSecret || !options.adapter) {
      sendError(res, 404, 'slack_not_configured', 'Slack is not configured (SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN)');
      return false;
    }
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      verifySlackRequest(
        options.signingSecret,
        { timestamp: req.get('x-slack-request-timestamp'), signature: req.get('x-slack-signature') },
        body,
        options.clock().getTime(),
      );
      return true;
    } catch (error) {
      if (!(error instanceof SlackVerificationError)) throw error;
      options.logger.warn({ reason: error.message }, 'rejected a Slack request');
      sendError(res, 401, 'unauthorized', 'request not verified');
      return false;
    }
  };

  const runLater = (activity: Partial<Activity>) => {
    setImmediate(() => {
      void options.inFlight.track(async () => {
        try {
          await options.adapter!.processSlackActivity(activity, options.logic);
        } catch (error) {
          options.logger.error({ err: error, conversationId: activity.conversation?.id }, 'Slack turn failed');
        }
      });
    });
  };

  router.post('/api/slack/events', raw, async (req, res) => {
    if (!verified(req, res)) return;
    let envelope: { type?: string; challenge?: string; event_id?: string; team_id?: string; event?: SlackMessageEvent };
    try {
      envelope = JSON.parse((req.body as Buffer).toString('utf8')) as typeof envelope;
    } catch {
      return sendError(res, 400, 'invalid_json', 'the body is not valid JSON');
    }
    if (envelope.type === 'url_verification') return res.json({ challenge: envelope.challenge });
    if (envelope.type !== 'event_callback' || !envelope.event || !envelope.team_id) return res.status(200).end();
    if (envelope.event_id && !(await options.seen.firstTime(envelope.event_id, options.clock()))) {
      options.logger.info({ eventId: envelope.event_id, retry: req.get('x-slack-retry-num') }, 'ignored a repeated Slack event');
      return res.status(200).end();
    }
    res.status(200).end();

    const event = envelope.event;
    // Only people's messages: not our own, not edits or joins.
    if (event.bot_id || event.subtype || !event.user || !event.channel || !event.text) return;
    const team = envelope.team_id;
    if (event.type === 'message' && event.channel_type === 'im') {
      runLater(messageActivity(team, slackConversationId(team, event.channel), event.user, event.text, event.client_msg_id ?? event.ts ?? '', event.ts, false));
    } else if (event.type === 'app_mention') {
      const thread = event.thread_ts ?? event.ts;
      runLater(
        messageActivity(
          team,
          slackConversationId(team, event.channel, thread),
          event.user,
          stripSlackMentions(event.text),
          event.client_msg_id ?? event.ts ?? '',
          event.ts,
          true,
        ),
      );
    }
  });

  router.post('/api/slack/interactions', raw, async (req, res) => {
    if (!verified(req, res)) return;
    let payload: {
      type?: string;
      team?: { id?: string };
      user?: { id?: string };
      channel?: { id?: string };
      message?: { ts?: string; thread_ts?: string };
      container?: { channel_id?: string; thread_ts?: string; is_ephemeral?: boolean };
      actions?: { action_id?: string; value?: string; action_ts?: string }[];
    };
    try {
      payload = JSON.parse(new URLSearchParams((req.body as Buffer).toString('utf8')).get('payload') ?? '') as typeof payload;
    } catch {
      return sendError(res, 400, 'invalid_payload', 'the payload field is not valid JSON');
    }
    const action = payload.actions?.[0];
    const team = payload.team?.id;
    const user = payload.user?.id;
    const channel = payload.channel?.id ?? payload.container?.channel_id;
    if (payload.type !== 'block_actions' || !action?.value || !team || !user || !channel) return res.status(200).end();
    const first = await options.seen.firstTime(`action:${team}:${user}:${action.action_ts ?? action.action_id}`, options.clock());
    res.status(200).end();
    if (!first) return;
    const thread = payload.message?.thread_ts ?? payload.container?.thread_ts;
    const isDirect = channel.startsWith('D');
    // A button press is the customer choosing that answer, as if they had typed it.
    runLater(
      messageActivity(
        team,
        slackConversationId(team, channel, isDirect ? undefined : thread),
        user,
        action.value,
        `${channel}:${action.action_ts ?? Date.now()}`,
        action.action_ts,
        !isDirect,
      ),
    );
  });

  return router;
}
