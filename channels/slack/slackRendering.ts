import { Activity, ActivityTypes } from 'botbuilder';
import { AgentChannelData, SystemChannelData } from '../balieChannelData';

/** A chat.postMessage payload (without the channel). */
export interface SlackMessage {
  readonly text: string;
  readonly blocks?: unknown[];
  /** The author shown instead of the app's name (an agent); needs the app's `chat:write.customize` scope. */
  readonly username?: string;
  readonly icon_emoji?: string;
}

/** The icon beside an agent's name: a person, not the app's bot icon. */
export const AGENT_ICON_EMOJI = ':bust_in_silhouette:';

export const SLACK_ACTION_PREFIX = 'balie_choice_';

/** Slack's mrkdwn needs &, < and > escaped in text we did not write as markup. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A bot message in Slack's terms: the text as a section, and suggested actions (follow-ups,
 * clarifications, yes/no, the effort scale) as Block Kit buttons. Events, typing and traces
 * have no Slack form and are not sent.
 */
export function toSlackMessage(activity: Partial<Activity>): SlackMessage | undefined {
  if ((activity.type ?? ActivityTypes.Message) !== ActivityTypes.Message) return undefined;
  const text = activity.text ?? '';
  const actions = activity.suggestedActions?.actions ?? [];
  if (!text && actions.length === 0) return undefined;
  const balie = (activity.channelData as Partial<AgentChannelData | SystemChannelData> | undefined)?.balie;
  // An agent's message under the agent's name; a line about the conversation (joined, resolved) small and grey.
  if (balie && 'agentName' in balie && balie.agentName) return { text: escapeSlackText(text), username: balie.agentName, icon_emoji: AGENT_ICON_EMOJI };
  if (balie && 'system' in balie && balie.system) {
    return { text: escapeSlackText(text), blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `_${escapeSlackText(text).slice(0, 2900)}_` }] }] };
  }
  if (actions.length === 0) return { text: escapeSlackText(text) };
  return {
    text: escapeSlackText(text),
    blocks: [
      ...(text ? [{ type: 'section', text: { type: 'mrkdwn', text: escapeSlackText(text).slice(0, 3000) } }] : []),
      {
        type: 'actions',
        elements: actions.slice(0, 25).map((action, i) => ({
          type: 'button',
          action_id: `${SLACK_ACTION_PREFIX}${i}`,
          text: { type: 'plain_text', text: String(action.title ?? action.value).slice(0, 75), emoji: true },
          value: String(action.value ?? action.title).slice(0, 2000),
        })),
      },
    ],
  };
}
