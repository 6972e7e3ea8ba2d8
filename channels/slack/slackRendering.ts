import { Activity, ActivityTypes } from 'botbuilder';

/** A chat.postMessage payload (without the channel). */
export interface SlackMessage {
  readonly text: string;
  readonly blocks?: unknown[];
}

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
