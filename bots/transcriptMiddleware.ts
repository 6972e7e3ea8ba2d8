import { Activity, ActivityTypes, Middleware, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { AGENT_ID_PREFIX } from '../handoff/types';
import { TranscriptStore } from '../handoff/transcripts';
import { agentMessageId, type AgentChannelData } from '../channels/balieChannelData';

const STORED = Symbol('balie.inboundStored');

/** Whether this turn's customer message is safely in the transcript (what the apology may promise). */
export function inboundStored(context: TurnContext): boolean {
  return context.turnState.get(STORED) === true;
}

/**
 * Writes every activity to the transcript: the customer's message before the bot does
 * anything with it (so a crash mid-turn never loses it), the bot's replies once sent. A
 * message that arrives a second time (the channel's activity id was seen before: a retry
 * after a lost answer, or a redelivery after an instance died) is neither stored nor
 * answered again.
 */
export class TranscriptMiddleware implements Middleware {
  constructor(
    private readonly transcripts: TranscriptStore,
    private readonly logger?: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    // A proactive turn (agent message, queue update) starts with a synthetic event, not a customer message.
    const proactive = context.activity.type === ActivityTypes.Event && context.activity.name === 'ContinueConversation';
    // The customer typing is no part of the conversation: nothing to store, nothing to deduplicate.
    if (context.activity.type === ActivityTypes.Typing) return next();
    if (!proactive) {
      const stored = await this.transcripts.append('in', context.activity, context.activity.id || undefined);
      context.turnState.set(STORED, true);
      if (!stored) {
        this.logger?.info(
          { conversationId: context.activity.conversation?.id, activityId: context.activity.id },
          'ignored an activity that was already received',
        );
        return;
      }
    }
    // The replies are stored in the order sent, without holding the turn up; the turn ends (and
    // the channel gets its 2xx) only once they are stored.
    const replies: Promise<boolean>[] = [];
    context.onSendActivities(async (ctx, activities, sendNext) => {
      // What Balie said, before a channel turns it into its own form (a Teams card, say): the transcript stays channel-neutral.
      const said = activities.map((activity) => ({ ...activity }));
      const responses = await sendNext();
      for (const activity of said) {
        // Traces and typing indicators are not part of the conversation.
        if (activity.type !== ActivityTypes.Trace && activity.type !== ActivityTypes.Typing)
          replies.push(this.transcripts.append('out', withDefaults(activity, ctx.activity), agentMessageId(activity)));
      }
      return responses;
    });
    try {
      await next();
    } finally {
      await Promise.all(replies);
    }
  }
}

/** Outgoing activities are partial until the adapter fills them in; give the transcript what it needs. */
function withDefaults(activity: Partial<Activity>, incoming: Activity): Partial<Activity> {
  // The channel sees agent messages as the bot's; the transcript records who really wrote them.
  const balie = (activity.channelData as Partial<AgentChannelData> | undefined)?.balie;
  const agent = balie?.agentId ? balie : undefined; // system lines carry channelData.balie too, without an agent
  return {
    ...activity,
    channelId: activity.channelId ?? incoming.channelId,
    conversation: activity.conversation ?? incoming.conversation,
    from: agent ? { id: `${AGENT_ID_PREFIX}${agent.agentId}`, name: agent.agentName } : (activity.from ?? incoming.recipient),
    timestamp: activity.timestamp ?? new Date(),
  };
}
