import { Handoff } from '../types';

/** What the service desk says to a customer, whatever their channel; the channel adapter renders it. */
export type DeskMessage =
  | { readonly kind: 'text'; readonly text: string }
  /** A line about the conversation itself (an agent joined, left, resolved): shown small where the channel can. */
  | { readonly kind: 'system'; readonly text: string }
  /** A yes/no question whose answer the bot takes in the customer's next turn (the ticket offer after a queue timeout). */
  | { readonly kind: 'yesNo'; readonly text: string }
  /** A line with answers to pick (buttons where the channel has them); the customer may also type. */
  | { readonly kind: 'choices'; readonly text: string; readonly choices: readonly string[] }
  /** The effort question (CES, 1–7), asked once per conversation. */
  | { readonly kind: 'effortQuestion' }
  /** An agent's message, with its outbox id: a second delivery of it is recognised. */
  | { readonly kind: 'agent'; readonly text: string; readonly agentId: string; readonly agentName: string; readonly messageId: string }
  /** The agent is typing (a typing indicator where the channel shows one; not stored). */
  | { readonly kind: 'typing'; readonly agentId: string; readonly agentName: string }
  /** `handoff.status` for an external agent hub. */
  | { readonly kind: 'status'; readonly state: 'accepted' | 'failed' | 'completed' };

export interface AgentIdentity {
  readonly id: string;
  readonly name: string;
}

/**
 * How the desk reaches a customer outside their own turn, on the channel they wrote on
 * (the conversation reference stored with the handoff), and how it hands the
 * conversation's state back to the bot.
 */
export interface CustomerChannel {
  send(handoff: Handoff, messages: readonly DeskMessage[]): Promise<void>;
  /**
   * The agent resolved: the bot has the conversation again. True when the bot should ask
   * the effort question now (once per conversation, never of a customer who has left).
   */
  handBackToBot(handoff: Handoff): Promise<{ askEffort: boolean }>;
  /** The queue timed out: the customer's next yes or no answers the ticket offer. */
  offerTicket(handoff: Handoff): Promise<void>;
  /**
   * A ticket was closed: the customer's next message in its conversation may be their effort
   * score. False when it must not be asked there (asked before, or the customer left).
   */
  expectEffortScore(handoff: Handoff): Promise<boolean>;
  /** A ticket was answered in the conversation: the customer's next message there is their reply (or "solved"). */
  expectTicketReply(handoff: Handoff, agentName: string): Promise<void>;
}
