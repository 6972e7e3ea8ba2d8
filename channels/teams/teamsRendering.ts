import { Activity, ActivityTypes, Attachment, CardAction, CardFactory } from 'botbuilder';

export const TEAMS_CHANNEL_ID = 'msteams';

/** The effort question's scale: rendered as a row of numbered buttons under the question. */
const EFFORT_SCALE = ['1', '2', '3', '4', '5', '6', '7'];

/**
 * Teams shows suggested actions only in one-to-one chats and drops them elsewhere, so
 * Balie sends its choices (follow-ups, clarifications, yes/no, the effort score) as an
 * Adaptive Card whose buttons post the choice back as the customer's own message (imBack).
 */
export function toTeamsActivity(activity: Partial<Activity>): Partial<Activity> {
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
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
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
