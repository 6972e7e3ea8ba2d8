import { TurnContext } from 'botbuilder';
import { DialogContext, DialogStateManagerConfiguration } from 'botbuilder-dialogs';

/** Where botbuilder-dialogs (4.23, memory/dialogStateManager.js) looks for a turn's memory-scope configuration. */
const TURN_STATE_KEY = 'DialogStateManagerConfiguration';

/**
 * The first DialogContext of every turn builds botbuilder-dialogs' memory configuration anew:
 * nine memory-scope objects and five path resolvers from a fresh service collection. They hold
 * nothing of the turn (each looks its data up in the DialogContext it is given), so the
 * configuration of the first turn is handed to every later one.
 * test/unit/dialogStateConfiguration.test.ts fails if botbuilder stops finding it there.
 */
export class DialogStateConfiguration {
  private configuration?: DialogStateManagerConfiguration;

  /** Before the turn's first DialogContext is made. */
  offer(context: TurnContext): void {
    if (this.configuration && !context.turnState.has(TURN_STATE_KEY)) context.turnState.set(TURN_STATE_KEY, this.configuration);
  }

  /** After it: the configuration it built (or was given) is kept for the turns to come. */
  keep(dc: DialogContext): void {
    this.configuration ??= dc.state.configuration;
  }
}
