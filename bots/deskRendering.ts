import { Activity, ActivityTypes, ConversationAccount, EventFactory, MessageFactory } from 'botbuilder';
import { ContentPack } from '../content/contentPack';
import { effortQuestion } from '../dialogs/replies';
import { yesNoChoices } from '../dialogs/yesNo';
import { DeskMessage } from '../handoff/desk/customerChannel';
import { Language } from '../nlu/language';
import { AgentChannelData, SystemChannelData } from '../channels/balieChannelData';

/** A desk message as a Bot Framework activity, rendered per channel by the channel's own middleware (buttons, cards). */
export function renderDeskMessage(pack: ContentPack, language: Language, conversationId: string, message: DeskMessage): Partial<Activity> {
  switch (message.kind) {
    case 'text':
      return MessageFactory.text(message.text);
    case 'system': {
      const channelData: SystemChannelData = { balie: { system: true } };
      return { ...MessageFactory.text(message.text), channelData };
    }
    case 'yesNo':
      return MessageFactory.suggestedActions(
        yesNoChoices(pack, language).map((c) => c.action!),
        message.text,
      );
    case 'choices':
      return MessageFactory.suggestedActions([...message.choices], message.text);
    case 'effortQuestion':
      return effortQuestion(pack, language);
    case 'agent': {
      const channelData: AgentChannelData = { balie: { agentId: message.agentId, agentName: message.agentName, messageId: message.messageId } };
      return { type: ActivityTypes.Message, text: message.text, channelData };
    }
    case 'typing':
      return { type: ActivityTypes.Typing, channelData: { balie: { agentId: message.agentId, agentName: message.agentName } } };
    case 'status':
      // `handoff.status` (accepted / failed / completed), as an external agent hub expects it.
      return EventFactory.createHandoffStatus({ id: conversationId } as ConversationAccount, message.state);
  }
}
