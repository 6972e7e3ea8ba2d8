/**
 * Marks an outgoing activity as written by an agent, with the message's outbox id, so a second
 * delivery of the same message is recognised and stored once. Each channel shows the agent as
 * it can: Web Chat by name and initials, Teams as a card headed by the agent, Slack under the
 * agent's name; the transcript records the agent as the sender.
 */
export interface AgentChannelData {
  readonly balie: { readonly agentId: string; readonly agentName: string; readonly messageId: string };
}

/** Marks a line about the conversation itself (an agent joined or resolved), which channels show small, not as a bot bubble. */
export interface SystemChannelData {
  readonly balie: { readonly system: true };
}

/** The outbox id of an agent message, if the activity is one. */
export function agentMessageId(activity: { channelData?: unknown }): string | undefined {
  return (activity.channelData as Partial<AgentChannelData> | undefined)?.balie?.messageId;
}

/**
 * The event a channel gives the bot when it refused a customer's files (too large, not a photo
 * or PDF, too many), with the Refusal as its value: the bot tells the customer why, in the
 * conversation's language. Customers cannot post events named `balie.*` themselves.
 */
export const FILES_REFUSED_EVENT = 'balie.filesRefused';
