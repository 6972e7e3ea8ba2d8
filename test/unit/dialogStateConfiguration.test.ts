import { TestAdapter, TurnContext } from 'botbuilder';
import { DialogContext, DialogSet } from 'botbuilder-dialogs';
import { expect } from 'chai';
import { DialogStateConfiguration } from '../../bots/dialogStateConfiguration';

describe("botbuilder-dialogs' memory configuration, built once", () => {
  const adapter = new TestAdapter();
  const dialogs = new DialogSet();
  const turn = () =>
    new TurnContext(adapter, { type: 'message', text: 'hoi', channelId: 'test', conversation: { id: 'c', isGroup: false, conversationType: '', name: '' } });
  // What DialogSet.createContext makes for a turn.
  const contextOf = (context: TurnContext) => new DialogContext(dialogs, context, { dialogStack: [] });

  it('hands the configuration of the first turn to the next, and botbuilder uses it', () => {
    const kept = new DialogStateConfiguration();
    const first = turn();
    kept.offer(first);
    const firstDc = contextOf(first);
    kept.keep(firstDc);
    const second = turn();
    kept.offer(second);
    const secondDc = contextOf(second);
    expect(secondDc.state.configuration, 'the same memory scopes and path resolvers').to.equal(firstDc.state.configuration);
    expect(secondDc.state.configuration.memoryScopes.map((scope) => scope.name)).to.include.members(['turn', 'dialog', 'conversation', 'user']);
    // Without it, every turn builds its own.
    expect(contextOf(turn()).state.configuration).to.not.equal(firstDc.state.configuration);
  });
});
