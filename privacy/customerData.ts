/** Everything Balie holds about one customer, as a data subject access request returns it. */
export interface CustomerDataExport {
  readonly generatedAt: string;
  /** What was asked for: a channel user id, or an identity such as email:… or order:…. */
  readonly requested: string;
  /** The channel user ids found to belong to the customer (web chat, Teams, Slack …). */
  readonly customerIds: readonly string[];
  /** Identities that link their conversations (verified orders, email addresses). */
  readonly identities: readonly string[];
  readonly conversations: readonly ConversationData[];
  /** Saved bot state of their conversations and of them as a user (language, what a flow had asked). */
  readonly botState: readonly { readonly key: string; readonly data: unknown }[];
}

export interface ConversationData {
  readonly conversationId: string;
  readonly channelId: string;
  readonly transcript: readonly { at: string; direction: 'in' | 'out'; type: string; from: string | null; text: string | null }[];
  readonly handoffs: readonly Record<string, unknown>[];
  /** Files the customer sent, with their content. */
  readonly attachments: readonly { id: string; at: string; name: string; contentType: string; size: number; base64: string }[];
  readonly agentMessages: readonly { at: string; text: string; deliveredAt: string | null }[];
  readonly effortScores: readonly { at: string; score: number; comment: string | null }[];
  readonly answerFeedback: readonly { at: string; intent: string; helpful: boolean }[];
  readonly returns: readonly { id: string; orderNumber: string; sku: string; reason: string; at: string }[];
}

export interface ErasureResult {
  readonly conversations: number;
  /** Rows deleted or anonymised, over all tables. */
  readonly rows: number;
  /** The channel user ids that were the customer's. */
  readonly customerIds: readonly string[];
  /** Their tickets that were erased (a helpdesk that has copies is told to erase them too). */
  readonly tickets: readonly { readonly id: string; readonly reference: string }[];
}

/** Finding, exporting and erasing one customer's data; and the retention and masking of everyone's. */
export interface CustomerDataStore {
  /** Undefined when nothing is held about the customer. */
  export(requested: string, now: Date): Promise<CustomerDataExport | undefined>;
  /** Deletes what can be tied to the customer, keeps analytics as anonymous counts. */
  erase(requested: string): Promise<ErasureResult>;
  /** Conversations silent since before `cutoff` and not waiting for an agent go (transcripts, logs, state); returns how many. */
  removeConversationsBefore(cutoff: string): Promise<number>;
  /**
   * Masks personal data in the stored text of conversations that have ended (silent since
   * `idleBefore` and without an open handoff or ticket); returns how many rows changed.
   */
  maskEndedConversations(idleBefore: string, mask: (text: string) => string): Promise<number>;
}
