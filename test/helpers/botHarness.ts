import { Activity, ActivityTypes, ConversationState, MemoryStorage, TestAdapter, TurnContext, UserState } from 'botbuilder';
import { HandoffGateway, HandoffStart } from '../../dialogs/handoffGateway';
import { Availability, QueueEntry } from '../../handoff/handoffService';
import { Owner } from '../../handoff/stateMachine';
import { Handoff } from '../../handoff/types';
import { DialogState } from 'botbuilder-dialogs';
import { SupportBot } from '../../bots/supportBot';
import { CONVERSATION_PROFILE_PROPERTY, ConversationProfile, USER_PREFERENCES_PROPERTY, UserPreferences } from '../../dialogs/conversationProfile';
import { MainDialog } from '../../dialogs/mainDialog';
import { ContentRecognizer, SupportRecognizer } from '../../dialogs/supportRecognizer';
import { openSqliteDatabase } from '../../store/sqliteDatabase';
import { SqliteOrderBackend } from '../../store/sqliteOrderBackend';
import { samplePack, sampleEngine } from './fixtures';

export interface BotHarness {
  readonly adapter: TestAdapter;
  /** Sends one customer message and returns the bot's replies to it. */
  say(text: string | Partial<Activity>): Promise<Partial<Activity>[]>;
  readonly orders: SqliteOrderBackend;
}

/** The real bot and dialogs on a TestAdapter, with MemoryStorage and an in-memory order database. */
/** A handoff gateway for dialog tests: records what it is asked, with a switchable availability. */
export class FakeHandoffGateway implements HandoffGateway {
  available: Availability = 'available';
  readonly queued: HandoffStart[] = [];
  readonly tickets: HandoffStart[] = [];
  readonly scores: number[] = [];
  left = 0;

  availability(): Availability {
    return this.available;
  }
  nextOpening(): Date | undefined {
    return new Date('2026-11-30T08:00:00Z');
  }
  queueEntry(): QueueEntry | undefined {
    return this.queued.length > this.left ? this.entry() : undefined;
  }
  async enqueue(_context: TurnContext, start: HandoffStart): Promise<QueueEntry> {
    this.queued.push(start);
    return this.entry();
  }
  async createTicket(_context: TurnContext, start: HandoffStart): Promise<Handoff> {
    this.tickets.push(start);
    return { ...this.entry().handoff, state: 'ticket', reference: 'BAL-TEST1' };
  }
  async leaveQueue(): Promise<Handoff | undefined> {
    if (this.queued.length <= this.left) return undefined;
    this.left++;
    return { ...this.entry().handoff, state: 'abandoned' };
  }
  async recordEffortScore(_context: TurnContext, score: number): Promise<void> {
    this.scores.push(score);
  }
  private entry(): QueueEntry {
    const handoff = { id: 'h1', reference: 'BAL-TEST1', state: 'queued', createdAt: new Date().toISOString() } as Handoff;
    return { handoff, position: 2, waitingMinutes: 0, expectedWaitMinutes: 7 };
  }
}

export function botHarness(options: { recognizer?: SupportRecognizer; now?: () => Date; locale?: string; handoffs?: HandoffGateway; owner?: () => Owner } = {}): BotHarness {
  const pack = samplePack();
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = conversationState.createProperty<ConversationProfile>(CONVERSATION_PROFILE_PROPERTY);
  const orders = new SqliteOrderBackend(openSqliteDatabase(':memory:'));
  orders.seed(pack.sampleOrders);
  const dialog = new MainDialog({
    pack,
    orders,
    profile,
    userPreferences: userState.createProperty<UserPreferences>(USER_PREFERENCES_PROPERTY),
    now: options.now ?? (() => new Date()),
    recognizer: options.recognizer ?? new ContentRecognizer(sampleEngine(), pack),
    handoffs: options.handoffs ?? new FakeHandoffGateway(),
  });
  const ownership = { owner: options.owner ?? (() => 'bot' as Owner), toAgent: async () => undefined };
  const bot = new SupportBot([conversationState, userState], conversationState.createProperty<DialogState>('dialogState'), dialog, ownership);
  const adapter = new TestAdapter(async (context) => bot.run(context), { locale: options.locale ?? '' } as Partial<Activity>);
  return {
    adapter,
    orders,
    async say(text) {
      adapter.activeQueue.splice(0);
      await adapter.receiveActivity(text);
      return adapter.activeQueue.splice(0).filter((a) => a.type === ActivityTypes.Message);
    },
  };
}

export function buttonsOf(activity: Partial<Activity>): string[] {
  return (activity.suggestedActions?.actions ?? []).map((action) => action.title ?? String(action.value));
}
