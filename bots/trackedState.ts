import { BotState, ConversationState, Storage, StoreItem, TurnContext, UserState } from 'botbuilder';

/** What a state keeps for the turn: the object the dialogs change, and its JSON as last read or saved. */
interface TurnCache {
  state: StoreItem;
  saved: string;
}

/**
 * The state's JSON as the storage keeps it, handed over under registry symbols
 * (store/sqlBotStateStorage.ts is the other side): the stored text comes with what is read
 * (STORED_JSON), and the JSON made here to see whether the state changed goes with what is
 * written (JSON_TO_STORE), so a turn serialises its state once.
 */
const STORED_JSON = Symbol.for('balie.storedJson');
const JSON_TO_STORE = Symbol.for('balie.jsonToStore');

/** The state's JSON without its eTag (which the storage sets on read and the save replaces). */
function snapshot(state: StoreItem): string {
  const { eTag: _eTag, ...data } = state;
  return JSON.stringify(data);
}

/** The JSON the state was read as: the stored text where the storage gave it, else serialised here. */
function asRead(state: StoreItem): string {
  const stored = (state as { [STORED_JSON]?: unknown })[STORED_JSON];
  return typeof stored === 'string' ? stored : snapshot(state);
}

/**
 * botbuilder's BotState hashes the whole state (JSON, then SHA-256) on load, before a save and
 * after it: six times a turn for conversation and user state. This one keeps the JSON as read,
 * compares it once at the end of the turn, and writes only when it changed. Same turn cache
 * contract (load once per turn, save after); the storage key comes from botbuilder's own
 * ConversationState or UserState, so stored state stays where it was.
 */
export class TrackedState extends BotState {
  private readonly slot = Symbol('balie.trackedState');

  private constructor(storage: Storage, key: (context: TurnContext) => string | undefined) {
    super(storage, async (context) => key(context) ?? missingKey());
  }

  /** Keyed like ConversationState: one per channel and conversation. */
  static conversation(storage: Storage): TrackedState {
    const keys = new ConversationState(storage);
    return new TrackedState(storage, (context) => keys.getStorageKey(context));
  }

  /** Keyed like UserState: one per channel and user. */
  static user(storage: Storage): TrackedState {
    const keys = new UserState(storage);
    return new TrackedState(storage, (context) => keys.getStorageKey(context));
  }

  override async load(context: TurnContext, force = false): Promise<StoreItem> {
    const cached = context.turnState.get<TurnCache | undefined>(this.slot);
    if (!force && cached) return cached.state;
    const key = await this.storageKey(context);
    const state = ((await this.storage.read([key]))[key] as StoreItem | undefined) ?? {};
    context.turnState.set(this.slot, { state, saved: asRead(state) } satisfies TurnCache);
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    let cached = context.turnState.get<TurnCache | undefined>(this.slot);
    if (!cached && !force) return;
    cached ??= { state: {}, saved: '' };
    const now = snapshot(cached.state);
    if (!force && now === cached.saved) return;
    cached.state.eTag = '*';
    Object.defineProperty(cached.state, JSON_TO_STORE, { value: now, configurable: true });
    await this.storage.write({ [await this.storageKey(context)]: cached.state });
    cached.saved = now;
    context.turnState.set(this.slot, cached);
  }

  override async clear(context: TurnContext): Promise<void> {
    // An empty "saved" forces the next save, as in BotState.
    context.turnState.set(this.slot, { state: {}, saved: '' } satisfies TurnCache);
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.slot);
    await this.storage.delete([await this.storageKey(context)]);
  }

  override get(context: TurnContext): StoreItem | undefined {
    return context.turnState.get<TurnCache | undefined>(this.slot)?.state;
  }
}

function missingKey(): never {
  throw new Error('the activity has no channel, conversation or user id to key its state by');
}
