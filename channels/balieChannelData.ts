/**
 * Marks an outgoing activity as written by an agent (the channel shows it as the bot; the
 * transcript knows better), with the message's outbox id, so a second delivery of the same
 * message is recognised and stored once.
 */
export interface AgentChannelData {
  readonly balie: { readonly agentId: string; readonly agentName: string; readonly messageId: string };
}

/** Marks a line about the conversation itself (an agent joined or resolved), which Balie's Web Chat page shows small and centred. */
export interface SystemChannelData {
  readonly balie: { readonly system: true };
}

/** The outbox id of an agent message, if the activity is one. */
export function agentMessageId(activity: { channelData?: unknown }): string | undefined {
  return (activity.channelData as Partial<AgentChannelData> | undefined)?.balie?.messageId;
}
