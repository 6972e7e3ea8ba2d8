import { Activity, ActivityTypes, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { InFlightTracker } from '../../http/inFlight';
import { MAX_TEXT_LENGTH } from '../activitySchema';
import { SLACK_CHANNEL_ID, SlackAdapter, slackConversationId } from './slackAdapter';
import { SlackEventLog } from './slackEventLog';

/** An Events API request: the URL check, or an event callback (only what Balie reads is checked). */
export const slackEnvelopeSchema = z.looseObject({
  type: z.string(),
  challenge: z.string().optional(),
  event_id: z.string().optional(),
  team_id: z.string().optional(),
  event: z
    .looseObject({
      type: z.string(),
      subtype: z.string().optional(),
      bot_id: z.string().optional(),
      channel: z.string().optional(),
      channel_type: z.string().optional(),
      user: z.string().optional(),
      text: z.string().optional(),
      ts: z.string().optional(),
      thread_ts: z.string().optional(),
      client_msg_id: z.string().optional(),
    })
    .optional(),
});

/** An interactivity payload (a button press); other kinds are acknowledged and ignored. */
export const slackInteractionSchema = z.looseObject({
  type: z.string(),
  team: z.looseObject({ id: z.string().optional() }).optional(),
  user: z.looseObject({ id: z.string().optional() }).optional(),
  channel: z.looseObject({ id: z.string().optional() }).optional(),
  message: z.looseObject({ ts: z.string().optional(), thread_ts: z.string().optional() }).optional(),
  container: z.looseObject({ channel_id: z.string().optional(), thread_ts: z.string().optional() }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string().optional(), value: z.string().optional(), action_ts: z.string().optional() })).optional(),
});

export type SlackEnvelope = z.infer<typeof slackEnvelopeSchema>;
export type SlackInteraction = z.infer<typeof slackInteractionSchema>;

export interface SlackReceiverOptions {
  readonly adapter: SlackAdapter;
  readonly logic: (context: TurnContext) => Promise<void>;
  readonly seen: SlackEventLog;
  readonly inFlight: InFlightTracker;
  readonly logger: Logger;
  readonly clock: () => Date;
}

/** "<@U123ABC> waar is mijn pakket" → "waar is mijn pakket". */
export function stripSlackMentions(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

interface SlackMessage {
  readonly team: string;
  readonly conversationId: string;
  readonly user: string;
  readonly text: string;
  readonly id: string;
  readonly ts?: string;
  readonly isGroup: boolean;
}

function messageActivity(m: SlackMessage): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    id: m.id,
    channelId: SLACK_CHANNEL_ID,
    serviceUrl: 'https://slack.com/api/',
    conversation: { id: m.conversationId, isGroup: m.isGroup, conversationType: m.isGroup ? 'channel' : 'personal', name: '' },
    from: { id: `${m.team}:${m.user}`, name: '', role: 'user' },
    recipient: { id: 'balie', name: 'Balie', role: 'bot' },
    text: m.text.slice(0, MAX_TEXT_LENGTH),
    timestamp: m.ts ? new Date(Number(m.ts) * 1000) : new Date(),
    channelData: { slack: { team: m.team, user: m.user, ts: m.ts } },
  };
}

/**
 * What Slack sends, as customer turns: a person's direct message or mention, or a button
 * press (the customer choosing that answer, as if they had typed it). Retries and repeated
 * deliveries are recognised (on any instance) and dropped; the turn runs after Slack got
 * its answer.
 */
export class SlackReceiver {
  constructor(private readonly options: SlackReceiverOptions) {}

  /** Takes an event callback; false when it was a repeat (Slack retried). */
  async event(envelope: SlackEnvelope): Promise<boolean> {
    if (envelope.type !== 'event_callback' || !envelope.event || !envelope.team_id) return true;
    if (envelope.event_id && !(await this.options.seen.firstTime(envelope.event_id, this.options.clock()))) return false;
    const event = envelope.event;
    // Only people's messages: not our own, not edits or joins.
    if (event.bot_id || event.subtype || !event.user || !event.channel || !event.text) return true;
    const team = envelope.team_id;
    const id = event.client_msg_id ?? event.ts ?? '';
    if (event.type === 'message' && event.channel_type === 'im') {
      this.runLater({ team, conversationId: slackConversationId(team, event.channel), user: event.user, text: event.text, id, ts: event.ts, isGroup: false });
    } else if (event.type === 'app_mention') {
      const thread = event.thread_ts ?? event.ts;
      const conversationId = slackConversationId(team, event.channel, thread);
      this.runLater({ team, conversationId, user: event.user, text: stripSlackMentions(event.text), id, ts: event.ts, isGroup: true });
    }
    return true;
  }

  /** Takes a button press; false when it was a repeat. */
  async interaction(payload: SlackInteraction): Promise<boolean> {
    const action = payload.actions?.[0];
    const team = payload.team?.id;
    const user = payload.user?.id;
    const channel = payload.channel?.id ?? payload.container?.channel_id;
    if (payload.type !== 'block_actions' || !action?.value || !team || !user || !channel) return true;
    if (!(await this.options.seen.firstTime(`action:${team}:${user}:${action.action_ts ?? action.action_id}`, this.options.clock()))) return false;
    const thread = payload.message?.thread_ts ?? payload.container?.thread_ts;
    const isDirect = channel.startsWith('D');
    this.runLater({
      team,
      conversationId: slackConversationId(team, channel, isDirect ? undefined : thread),
      user,
      text: action.value,
      id: `${channel}:${action.action_ts ?? Date.now()}`,
      ts: action.action_ts,
      isGroup: !isDirect,
    });
    return true;
  }

  private runLater(message: SlackMessage): void {
    const activity = messageActivity(message);
    setImmediate(() => {
      void this.options.inFlight.track(async () => {
        try {
          await this.options.adapter.processSlackActivity(activity, this.options.logic);
        } catch (error) {
          this.options.logger.error({ err: error, conversationId: message.conversationId }, 'Slack turn failed');
        }
      });
    });
  }
}
