/** A stored Direct Line activity; `watermark` is its position in the conversation. */
export interface LoggedActivity {
  readonly watermark: number;
  readonly activity: Record<string, unknown> & { id: string };
}

/** Where Direct Line conversations and their activities (both directions) are kept. */
export interface DirectLineStore {
  /** False when the conversation already existed. */
  createConversation(id: string, userId: string, at: string): Promise<boolean>;
  exists(conversationId: string): Promise<boolean>;
  /**
   * Stores the activity `build` makes for the next watermark. With a `dedupeKey` that is
   * already stored in the conversation, nothing is stored and the earlier activity comes
   * back with `duplicate: true`.
   */
  append(
    conversationId: string,
    build: (watermark: number) => Record<string, unknown> & { id: string },
    at: string,
    dedupeKey?: string,
  ): Promise<{ logged: LoggedActivity; duplicate: boolean }>;
  /** Activities after a watermark (all when it is undefined), oldest first. */
  since(conversationId: string, watermark?: number): Promise<LoggedActivity[]>;
}
