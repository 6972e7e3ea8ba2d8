import { Activity, ActivityTypes, ConversationState, MemoryStorage, TestAdapter, UserState } from 'botbuilder';
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
export function botHarness(options: { recognizer?: SupportRecognizer; now?: () => Date; locale?: string } = {}): BotHarness {
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
  });
  const bot = new SupportBot([conversationState, userState], conversationState.createProperty<DialogState>('dialogState'), dialog);
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
