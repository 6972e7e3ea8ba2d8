/** A conversation another conversation is linked to through a shared identity (the same verified order or email). */
export interface LinkedConversation {
  readonly conversationId: string;
  readonly channelId: string;
  readonly customerId: string;
}

/**
 * Who a customer is across channels. A web chat visitor, a Slack user and a Teams user have
 * different ids; once they prove an order (number and postcode) or give their email, those
 * identities link their conversations, so an agent sees the history from every channel.
 */
export interface CustomerIdentities {
  link(identity: string, customer: { customerId: string; conversationId: string; channelId: string }): Promise<void>;
  /** Other conversations sharing any identity with this one. */
  linkedTo(conversationId: string): Promise<LinkedConversation[]>;
}

export function orderIdentity(orderNumber: string): string {
  return `order:${orderNumber}`;
}

export function emailIdentity(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}
