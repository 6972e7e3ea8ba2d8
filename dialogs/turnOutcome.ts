import { TurnContext } from 'botbuilder';
import { MessageOutcome } from '../analytics/types';
import { FeedbackRecorder, UnderstoodMessage } from './feedbackRecorder';

const MESSAGE_ID_KEY = Symbol('balie.analyticsMessageId');

/** Records the turn's customer message for analytics ("input" until the router says what it did with it). */
export async function recordMessage(context: TurnContext, feedback: FeedbackRecorder, message: UnderstoodMessage): Promise<void> {
  context.turnState.set(MESSAGE_ID_KEY, await feedback.message(context, message));
}

/** What the bot did with the turn's message (answered, flow, clarified, …), for analytics. */
export async function setOutcome(context: TurnContext, feedback: FeedbackRecorder, outcome: MessageOutcome, intent?: string): Promise<void> {
  const id = context.turnState.get<number | undefined>(MESSAGE_ID_KEY);
  if (id !== undefined) await feedback.outcome(id, outcome, intent);
}
