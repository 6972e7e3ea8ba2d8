import { expect } from 'chai';
import { Storage, StoreItems, TestAdapter, TurnContext } from 'botbuilder';
import { TrackedState } from '../../bots/trackedState';
import { SqlBotStateStorage } from '../../store/sqlBotStateStorage';
import { openSqliteFile } from '../../store/sql/sqliteDatabase';
import { migrate } from '../../store/migrations/migrate';

/** The SQL storage, counting what it is asked to write. */
class CountingStorage implements Storage {
  writes: StoreItems[] = [];
  constructor(private readonly inner: Storage) {}
  read(keys: string[]) {
    return this.inner.read(keys);
  }
  write(changes: StoreItems) {
    this.writes.push(JSON.parse(JSON.stringify(changes)) as StoreItems);
    return this.inner.write(changes);
  }
  delete(keys: string[]) {
    return this.inner.delete(keys);
  }
}

describe('conversation state tracked by its JSON (one serialisation per turn)', () => {
  const turn = () =>
    new TurnContext(new TestAdapter(), { type: 'message', channelId: 'test', conversation: { id: 'c1' } as never, from: { id: 'u1' } as never, text: 'hi' });

  it('writes only what changed, always the state as it is at the save, and reads it back as saved', async () => {
    const db = openSqliteFile(':memory:');
    await migrate(db);
    const storage = new CountingStorage(new SqlBotStateStorage(db));
    const state = TrackedState.conversation(storage);
    const property = state.createProperty<{ step: number; words: string[] }>('flow');

    const first = turn();
    await state.load(first);
    (await property.get(first, { step: 0, words: [] })).step = 1;
    await state.saveChanges(first);
    expect(storage.writes).to.have.length(1);

    // A turn that changes nothing writes nothing.
    const quiet = turn();
    await state.load(quiet);
    await property.get(quiet, { step: 0, words: [] });
    await state.saveChanges(quiet);
    expect(storage.writes, 'unchanged: no write').to.have.length(1);

    // Saved twice in one turn with a change between: the second save carries the later state.
    const busy = turn();
    await state.load(busy);
    const flow = await property.get(busy, { step: 0, words: [] });
    flow.step = 2;
    await state.saveChanges(busy);
    flow.words.push('stoel');
    await state.saveChanges(busy);
    expect(storage.writes).to.have.length(3);

    const later = turn();
    await state.load(later);
    expect(await property.get(later)).to.deep.equal({ step: 2, words: ['stoel'] });
    await db.close();
  });
});
