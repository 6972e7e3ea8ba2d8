import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { MainDialog } from '../dialogs/mainDialog';

/**
 * One of the servers of `npm run bench:turn`: the whole service (HTTP, validation, chat limits, the
 * Bot Framework adapter, the handoff check, state, the transcript, analytics) with MainDialog
 * answering like the echo bot: no understanding, no flows. Between the echo bot and Balie, it
 * shows how much of a turn is the service around the conversation and how much the conversation.
 */
async function echo(dc: DialogContext): Promise<DialogTurnResult> {
  await dc.context.sendActivity(`Echo: ${dc.context.activity.text}`);
  return dc.endDialog();
}
Object.assign(MainDialog.prototype, { onBeginDialog: echo, onContinueDialog: echo });

// Then the service as `npm start` runs it (it reads its configuration from the environment).
void import('../app/index');
