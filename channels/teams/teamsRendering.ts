import { Activity, ActivityTypes, Attachment, CardAction, CardFactory } from 'botbuilder';
import { AgentChannelData, SystemChannelData } from '../balieChannelData';

export const TEAMS_CHANNEL_ID = 'msteams';

/** The effort question's scale: rendered as a row of numbered buttons under the question. */
const EFFORT_SCALE = ['1', '2', '3', '4', '5', '6', '7'];

/**
 * Teams shows suggested actions only in one-to-one chats and drops them elsewhere, so
 * Balie sends its choices (follow-ups, clarifications, yes/no, the effort score) as an
 * Adaptive Card whose buttons post the choice back as the customer's own message (imBack).
 */
export function toTeamsActivity(activity: Partial<Activity>): Partial<Activity> {
  const balie = (activity.channelData as Partial<AgentChannelData | SystemChannelData> | undefined)?.balie;
  if ((activity.type ?? ActivityTypes.Message) === ActivityTypes.Message && balie && activity.text) {
    if ('agentName' in balie && balie.agentName) return agentMessage(activity, balie.agentName);
    if ('system' in balie && balie.system) return systemLine(activity);
  }
  const actions = activity.suggestedActions?.actions ?? [];
  if ((activity.type ?? ActivityTypes.Message) !== ActivityTypes.Message || actions.length === 0) return activity;
  // The text stays on the message (and in the transcript); the card carries the buttons.
  const { suggestedActions: _dropped, ...rest } = activity;
  return { ...rest, attachments: [...(activity.attachments ?? []), choiceCard(actions)] };
}

function choiceCard(actions: CardAction[]): Attachment {
  // The effort scale sends the numbers; its end buttons say what they mean ("1 · heel moeilijk").
  const values = actions.map((a) => String(a.value ?? a.title));
  const isEffortScale = values.length === EFFORT_SCALE.length && values.every((v, i) => v === EFFORT_SCALE[i]);
  const submit = (action: CardAction) => ({
    type: 'Action.Submit',
    title: String(action.title ?? action.value),
    data: { msteams: { type: 'imBack', value: String(action.value ?? action.title) } },
  });
  return adaptiveCard({
    body: [
      ...(isEffortScale
        ? [
            {
              type: 'ColumnSet',
              columns: [
                { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: '1 = 😣', isSubtle: true, size: 'Small' }] },
                { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: '7 = 😊', isSubtle: true, size: 'Small' }] },
              ],
            },
          ]
        : []),
    ],
    actions: actions.map(submit),
  });
}

/**
 * Teams always shows the bot as the sender and lets no bot change its name or picture, so an
 * agent's message is a card headed by the agent: initials in a coloured block and the name,
 * then the text. The notification shows "Anna: …" (the summary).
 */
function agentMessage(activity: Partial<Activity>, agentName: string): Partial<Activity> {
  const { text, ...rest } = activity;
  const card = adaptiveCard({
    body: [
      {
        type: 'ColumnSet',
        columns: [
          {
            type: 'Column',
            width: 'auto',
            style: 'accent',
            verticalContentAlignment: 'Center',
            items: [{ type: 'TextBlock', text: initialsOf(agentName), weight: 'Bolder', horizontalAlignment: 'Center' }],
          },
          {
            type: 'Column',
            width: 'stretch',
            verticalContentAlignment: 'Center',
            items: [{ type: 'TextBlock', text: agentName, weight: 'Bolder', wrap: true }],
          },
        ],
      },
      plainText(text ?? ''),
    ],
  });
  return { ...rest, summary: `${agentName}: ${text ?? ''}`.slice(0, 200), attachments: [...(activity.attachments ?? []), card] };
}

/** A line about the conversation itself (an agent joined or resolved): small and subtle, not a bot bubble's text. */
function systemLine(activity: Partial<Activity>): Partial<Activity> {
  const { text, ...rest } = activity;
  const card = adaptiveCard({
    body: [plainText(text ?? '', { isSubtle: true, size: 'Small', horizontalAlignment: 'Center' })],
  });
  return { ...rest, summary: (text ?? '').slice(0, 200), attachments: [...(activity.attachments ?? []), card] };
}

/** "Anna de Vries" → "AV": the first letters of the first and last part of a name. */
export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((part) => [...part][0]?.toUpperCase() ?? '').join('') || '?';
}

/**
 * Text shown as written: a TextBlock would read an agent's "*" or "_" as markdown, a
 * RichTextBlock's TextRun never does.
 */
function plainText(text: string, style: { isSubtle?: boolean; size?: string; horizontalAlignment?: string } = {}) {
  const { horizontalAlignment, ...run } = style;
  return { type: 'RichTextBlock', horizontalAlignment, inlines: [{ type: 'TextRun', text, ...run }] };
}

/** An Adaptive Card of the version Teams renders everywhere (1.4). */
function adaptiveCard(content: { body: unknown[]; actions?: unknown[] }): Attachment {
  return CardFactory.adaptiveCard({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.4', ...content });
}
