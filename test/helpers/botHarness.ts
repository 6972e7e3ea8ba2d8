import { Activity, ActivityTypes, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import { TrackedState } from '../../bots/trackedState';
import { HandoffGateway, HandoffStart } from '../../dialogs/handoffGateway';
import { Availability, QueueEntry } from '../../handoff/handoffService';
import { Owner } from '../../handoff/stateMachine';
import { Handoff } from '../../handoff/types';
import { WaitingAnswer } from '../../handoff/desk/ticketDesk';
import { DialogState } from 'botbuilder-dialogs';
import { SupportBot } from '../../bots/supportBot';
import { TicketWelcome } from '../../bots/ticketWelcome';
import { CONVERSATION_PROFILE_PROPERTY, ConversationProfile, USER_PREFERENCES_PROPERTY, UserPreferences } from '../../dialogs/conversationProfile';
import { MainDialog } from '../../dialogs/mainDialog';
import { FeedbackRecorder, UnderstoodMessage } from '../../dialogs/feedbackRecorder';
import { BotResolutionTrigger, MessageOutcome } from '../../analytics/types';
import { ContentRecognizer, SupportRecognizer } from '../../dialogs/supportRecognizer';
import { OrderBackend } from '../../orders/orderBackend';
import { sampleOrderBackend, samplePack, sampleEngine } from './fixtures';

export interface BotHarness {
  readonly adapter: TestAdapter;
  readonly feedback: FakeFeedbackRecorder;
  /** Sends one customer message and returns the bot's replies to it. */
  say(text: string | Partial<Activity>): Promise<Partial<Activity>[]>;
  readonly orders: OrderBackend;
}

/** A feedback recorder for dialog tests: keeps what the dialogs report, in order. */
export class FakeFeedbackRecorder implements FeedbackRecorder {
  readonly messages: { text: string; intent: string; outcome: MessageOutcome }[] = [];
  readonly resolutions: BotResolutionTrigger[] = [];
  readonly verdicts: { intent: string; helpful: boolean }[] = [];
  readonly scores: { score: number; resolvedBy: 'bot' | 'agent' }[] = [];
  readonly comments: string[] = [];
  leftCount = 0;
  private readonly turnMessage = new WeakMap<TurnContext, number>();
  async message(context: TurnContext, message: UnderstoodMessage): Promise<void> {
    this.turnMessage.set(context, this.messages.push({ text: message.text, intent: message.intent, outcome: 'input' }) - 1);
  }
  async outcome(context: TurnContext, outcome: MessageOutcome, intent?: string): Promise<void> {
    const id = this.turnMessage.get(context);
    if (id !== undefined) this.messages[id] = { ...this.messages[id], outcome, intent: intent ?? this.messages[id].intent };
  }
  async botResolved(_context: TurnContext, trigger: BotResolutionTrigger): Promise<void> {
    this.resolutions.push(trigger);
  }
  async answerFeedback(_context: TurnContext, intent: string, helpful: boolean): Promise<void> {
    this.verdicts.push({ intent, helpful });
  }
  async effortScore(_context: TurnContext, score: number, _language: string, resolvedBy: 'bot' | 'agent'): Promise<void> {
    this.scores.push({ score, resolvedBy });
  }
  async effortComment(_context: TurnContext, comment: string): Promise<void> {
    this.comments.push(comment);
  }
  async left(): Promise<void> {
    this.leftCount++;
  }
}

/** A handoff gateway for dialog tests: records what it is asked, with a switchable availability. */
export class FakeHandoffGateway implements HandoffGateway {
  available: Availability = 'available';
  readonly queued: HandoffStart[] = [];
  readonly tickets: HandoffStart[] = [];
  readonly ticketReplies: { handoffId: string; text: string }[] = [];
  readonly closedTickets: string[] = [];
  /** Answers shown to a returning web chat customer (taken once). */
  waitingAnswers: WaitingAnswer[] = [];
  left = 0;

  async availability(): Promise<Availability> {
    return this.available;
  }
  nextOpening(): Date | undefined {
    return new Date('2026-11-30T08:00:00Z');
  }
  ticketDue(): Date {
    return new Date('2026-12-01T11:00:00Z');
  }
  async replyToTicket(_context: TurnContext, handoffId: string, text: string): Promise<Handoff | undefined> {
    this.ticketReplies.push({ handoffId, text });
    return { ...this.entry().handoff, id: handoffId, state: 'ticket', dueAt: '2026-12-02T11:00:00.000Z' };
  }
  async closeTicket(_context: TurnContext, handoffId: string): Promise<boolean> {
    this.closedTickets.push(handoffId);
    return true;
  }
  async ticketAnswersWaiting(): Promise<WaitingAnswer[]> {
    const waiting = this.waitingAnswers;
    this.waitingAnswers = [];
    return waiting;
  }
  async queueEntry(): Promise<QueueEntry | undefined> {
    return this.queued.length > this.left ? this.entry() : undefined;
  }
  async enqueue(_context: TurnContext, start: HandoffStart): Promise<QueueEntry> {
    this.queued.push(start);
    return this.entry();
  }
  async createTicket(_context: TurnContext, start: HandoffStart): Promise<Handoff> {
    this.tickets.push(start);
    return { ...this.entry().handoff, state: 'ticket', reference: 'BAL-TEST1', dueAt: '2026-12-01T11:00:00.000Z' };
  }
  async leaveQueue(): Promise<Handoff | undefined> {
    if (this.queued.length <= this.left) return undefined;
    this.left++;
    return { ...this.entry().handoff, state: 'abandoned' };
  }
  private entry(): QueueEntry {
    const handoff = { id: 'h1', reference: 'BAL-TEST1', state: 'queued', createdAt: new Date().toISOString() } as Handoff;
    return { handoff, position: 2, waitingMinutes: 0, expectedWaitMinutes: 7 };
  }
}

/** The real bot and dialogs on a TestAdapter, with MemoryStorage and an in-memory order database. */
export function botHarness(
  options: { recognizer?: SupportRecognizer; now?: () => Date; locale?: string; handoffs?: HandoffGateway; owner?: () => Owner } = {},
): BotHarness {
  const pack = samplePack();
  const storage = new MemoryStorage();
  const conversationState = TrackedState.conversation(storage);
  const userState = TrackedState.user(storage);
  const profile = conversationState.createProperty<ConversationProfile>(CONVERSATION_PROFILE_PROPERTY);
  // A real sample backend (SQLite in memory), opened on first use: the harness itself stays synchronous to build.
  const ready = sampleOrderBackend();
  const orders: OrderBackend = {
    findOrder: async (orderNumber, postcode) => (await ready).findOrder(orderNumber, postcode),
    cancelOrder: async (orderNumber) => (await ready).cancelOrder(orderNumber),
    registerReturn: async (request) => (await ready).registerReturn(request),
  };
  const feedback = new FakeFeedbackRecorder();
  const handoffs = options.handoffs ?? new FakeHandoffGateway();
  const dialog = new MainDialog({
    pack,
    orders,
    profile,
    userPreferences: userState.createProperty<UserPreferences>(USER_PREFERENCES_PROPERTY),
    now: options.now ?? (() => new Date()),
    recognizer: options.recognizer ?? new ContentRecognizer(sampleEngine(), pack),
    handoffs,
    feedback,
  });
  const owner = options.owner ?? (() => 'bot');
  const ownership = { owner: async () => owner(), toAgent: async () => undefined, customerTyping: async () => undefined };
  const bot = new SupportBot(
    [conversationState, userState],
    conversationState.createProperty<DialogState>('dialogState'),
    dialog,
    ownership,
    new TicketWelcome(handoffs, pack),
  );
  const adapter = new TestAdapter(async (context) => bot.run(context), { locale: options.locale ?? '' });
  return {
    adapter,
    feedback,
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
