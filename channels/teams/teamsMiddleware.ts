import { Middleware, TurnContext } from 'botbuilder';
import { TEAMS_CHANNEL_ID, toTeamsActivity } from './teamsRendering';

/**
 * Teams specifics at the edge: in a team or group chat the customer's text starts with
 * the bot's @mention, which is removed before the NLU sees it; Adaptive Card buttons post
 * back through `msteams.imBack`, and outgoing choices become cards.
 */
export class TeamsMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.channelId !== TEAMS_CHANNEL_ID) return next();
    if (context.activity.text) context.activity.text = TurnContext.removeRecipientMention(context.activity).trim();
    context.onSendActivities(async (_ctx, activities, sendNext) => {
      activities.splice(0, activities.length, ...activities.map(toTeamsActivity));
      return sendNext();
    });
    await next();
  }
}
