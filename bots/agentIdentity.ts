import { Middleware, TurnContext } from 'botbuilder';
import { AgentChannelData } from '../channels/balieChannelData';

/**
 * An agent's message leaves under the agent's name: botbuilder stamps every outgoing
 * activity with the bot's account, so the name is put back after that, as it is sent.
 * Channels that show a sender name per message (Web Chat with Balie's page, Direct Line
 * clients) show the agent; the others ignore it.
 */
export class AgentIdentityMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.onSendActivities(async (_context, activities, send) => {
      for (const activity of activities) {
        const agentName = (activity.channelData as Partial<AgentChannelData> | undefined)?.balie?.agentName;
        if (agentName && activity.from) activity.from = { ...activity.from, name: agentName };
      }
      return send();
    });
    await next();
  }
}
