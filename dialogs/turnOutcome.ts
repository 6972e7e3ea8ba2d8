import { TurnContext } from 'botbuilder';
import { MessageOutcome } from '../analytics/types';
import { FeedbackRecorder, UnderstoodMessage } from './feedbackRecorder';

const MESSAGE_RECORDED = Symbol('balie.analyticsMessageRecorded');

/** Records the turn's customer message for analytics ("input" until the router says what it did with it). */
export async function recordMessage(context: TurnContext, feedback: FeedbackRecorder, message: UnderstoodMessage): Promise<void> {
  await feedback.message(context, message);
  context.turnState.set(MESSAGE_RECORDED, true);
}

/** What the bot did with the turn's message (answered, flow, clarified, …), for analytics. */
export async function setOutcome(context: TurnContext, feedback: FeedbackRecorder, outcome: MessageOutcome, intent?: string): Promise<void> {
  if (context.turnState.get(MESSAGE_RECORDED)) await feedback.outcome(context, outcome, intent);
}
