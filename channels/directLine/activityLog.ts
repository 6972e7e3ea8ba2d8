import { MessageBus } from '../../cluster/messageBus';
import { DirectLineStore, LoggedActivity } from './directLineStore';

export type { LoggedActivity } from './directLineStore';

const TOPIC = 'directline';

/** What the other instances hear of an append: enough to know there is something to read. */
interface AppendNotice {
  readonly conversationId: string;
  readonly watermark: number;
}

/**
 * The Direct Line conversations and their activities, in the service's database, so a web
 * chat survives a restart and any instance can serve it. Open streams hear of new activities
 * on whichever instance they were stored.
 */
export class DirectLineActivityLog {
  private readonly listeners = new Map<string, Set<(signal: { watermark: number; logged?: LoggedActivity }) => void>>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly store: DirectLineStore,
    private readonly bus: MessageBus,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.unsubscribe = [
      bus.subscribe(TOPIC, (message) => {
        const notice = message as AppendNotice;
        this.notify(notice.conversationId, { watermark: notice.watermark });
      }),
      // Notices from other instances may have been lost: every open stream reads what it has not sent.
      bus.onResync(() => {
        for (const conversationId of [...this.listeners.keys()]) this.notify(conversationId, { watermark: Number.MAX_SAFE_INTEGER });
      }),
    ];
  }

  /** False when it already existed. */
  createConversation(id: string, userId: string): Promise<boolean> {
    return this.store.createConversation(id, userId, this.now().toISOString());
  }

  exists(conversationId: string): Promise<boolean> {
    return this.store.exists(conversationId);
  }

  /**
   * Stores an activity, giving it an id and a timestamp if it has none, and tells the open
   * streams. An activity whose `dedupeKey` was stored before is not stored again: the earlier
   * one comes back with `duplicate: true`.
   */
  async append(conversationId: string, activity: Record<string, unknown>, dedupeKey?: string): Promise<{ logged: LoggedActivity; duplicate: boolean }> {
    const at = this.now().toISOString();
    const result = await this.store.append(
      conversationId,
      (seq) => ({
        ...activity,
        id: (activity.id as string | undefined) ?? `${conversationId}|${String(seq).padStart(7, '0')}`,
        timestamp: activity.timestamp ?? at,
      }),
      at,
      dedupeKey,
    );
    if (!result.duplicate) {
      this.notify(conversationId, { watermark: result.logged.watermark, logged: result.logged });
      this.bus.publish(TOPIC, { conversationId, watermark: result.logged.watermark } satisfies AppendNotice);
    }
    return result;
  }

  /** Activities after a watermark (all when it is undefined), oldest first. */
  since(conversationId: string, watermark?: number): Promise<LoggedActivity[]> {
    return this.store.since(conversationId, watermark);
  }

  /**
   * Calls `listener` whenever the conversation has a new activity, here or on another
   * instance (then without the activity itself: read it with since()).
   */
  subscribe(conversationId: string, listener: (signal: { watermark: number; logged?: LoggedActivity }) => void): () => void {
    const set = this.listeners.get(conversationId) ?? new Set();
    set.add(listener);
    this.listeners.set(conversationId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(conversationId);
    };
  }

  close(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.listeners.clear();
  }

  private notify(conversationId: string, signal: { watermark: number; logged?: LoggedActivity }): void {
    for (const listener of this.listeners.get(conversationId) ?? []) listener(signal);
  }
}
