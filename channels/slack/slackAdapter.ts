import { Activity, ActivityTypes, BotAdapter, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import { toSlackMessage } from './slackRendering';

/** The part of Slack's Web API the adapter uses (chat.postMessage), so tests can point it at a fake. */
export interface SlackPoster {
  postMessage(message: {
    channel: string;
    text: string;
    blocks?: unknown[];
    thread_ts?: string;
    username?: string;
    icon_emoji?: string;
  }): Promise<{ ts?: string }>;
}

export const SLACK_CHANNEL_ID = 'slack';

/** Where a Slack conversation lives: `team:channel` or, for a mention in a thread, `team:channel:thread_ts`. */
export function slackConversationId(team: string, channel: string, threadTs?: string): string {
  return threadTs ? `${team}:${channel}:${threadTs}` : `${team}:${channel}`;
}

function slackTarget(conversationId: string): { channel: string; thread_ts?: string } {
  const [, channel, threadTs] = conversationId.split(':');
  return { channel, thread_ts: threadTs };
}

/**
 * A Bot Framework adapter for Slack without Azure: Slack events become activities on
 * channel "slack", and the bot's replies (and agents' messages) go out with chat.postMessage.
 */
export class SlackAdapter extends BotAdapter {
  constructor(private readonly slack: SlackPoster) {
    super();
  }

  /** Runs a turn for an activity built from a Slack event. */
  async processSlackActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const message = toSlackMessage(activity);
      const conversationId = activity.conversation?.id ?? context.activity.conversation.id;
      if (!message) {
        responses.push({ id: '' });
        continue;
      }
      const result = await this.slack.postMessage({ ...slackTarget(conversationId), ...message });
      responses.push({ id: result.ts ?? '' });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    // Balie never edits a message it sent.
  }

  async deleteActivity(): Promise<void> {
    // Balie never deletes a message it sent.
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'ContinueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
