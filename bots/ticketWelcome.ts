import { TurnContext } from 'botbuilder';
import { ContentPack, sayIn } from '../content/contentPack';
import { ConversationProfile } from '../dialogs/conversationProfile';
import { HandoffGateway } from '../dialogs/handoffGateway';
import { renderDeskMessage } from './deskRendering';
import { ticketAnswerMessages } from '../handoff/desk/ticketDeliveries';

/**
 * A customer who comes back to web chat first sees the answers to their tickets they have not
 * seen yet (before the welcome), and may reply to the newest in the same thread.
 */
export class TicketWelcome {
  constructor(
    private readonly gateway: HandoffGateway,
    private readonly pack: ContentPack,
  ) {}

  /** Shows the waiting answers; false when there are none. */
  async show(context: TurnContext, profile: ConversationProfile): Promise<boolean> {
    const waiting = await this.gateway.ticketAnswersWaiting(context);
    if (waiting.length === 0) return false;
    const newest = waiting[0];
    // The ticket knows the language the customer wrote in; the browser's may be another.
    if (!profile.languageSettled) profile.language = newest.handoff.language;
    const say = sayIn(this.pack, profile.language);
    const conversationId = context.activity.conversation.id;
    for (const { handoff, message, agentName } of [...waiting].reverse()) {
      await context.sendActivities(
        ticketAnswerMessages(say, handoff, message, agentName).map((m) => renderDeskMessage(this.pack, profile.language, conversationId, m)),
      );
    }
    profile.openQuestion = { kind: 'ticketReply', handoffId: newest.handoff.id, reference: newest.handoff.reference, agentName: newest.agentName };
    await context.sendActivity(say('ticketReplyHint', { agent: newest.agentName, reference: newest.handoff.reference }));
    return true;
  }
}
