import { CardAction, TurnContext } from 'botbuilder';
import { BotResolutionTrigger, MessageOutcome } from '../analytics/types';
import { Language } from '../nlu/language';

export interface UnderstoodMessage {
  readonly text: string;
  readonly language: Language;
  readonly intent: string;
  readonly confidence: number;
  /** The classifier's best in-scope guess (also when the message was out of scope). */
  readonly candidate?: string;
}

/** What the dialogs report for service analytics and the effort survey; the bot layer implements it, tests fake it. */
export interface FeedbackRecorder {
  /** Records the turn's customer message as "input to a flow" until the router says what it did with it. */
  message(context: TurnContext, message: UnderstoodMessage): Promise<void>;
  /** What the bot did with the turn's message (and the intent it acted on, if another than recognised); nothing if none was recorded. */
  outcome(context: TurnContext, outcome: MessageOutcome, intent?: string): Promise<void>;
  botResolved(context: TurnContext, trigger: BotResolutionTrigger): Promise<void>;
  answerFeedback(context: TurnContext, intent: string, helpful: boolean, language: Language): Promise<void>;
  effortScore(context: TurnContext, score: number, language: Language, resolvedBy: 'bot' | 'agent', handoffId?: string): Promise<void>;
  effortComment(context: TurnContext, comment: string): Promise<void>;
  left(context: TurnContext): Promise<void>;
}

const FLOW_COMPLETED = Symbol('balie.flowCompleted');

/**
 * A flow calls this when it has done what the customer came for (status shown, order
 * cancelled, return registered), with the next-question buttons it offered: they stay
 * offered beside the effort question.
 */
export function markFlowCompleted(context: TurnContext, nextQuestions: readonly CardAction[] = []): void {
  context.turnState.set(FLOW_COMPLETED, nextQuestions);
}

/** The completed flow's next-question buttons, or undefined when no flow completed this turn. */
export function flowCompletedThisTurn(context: TurnContext): readonly CardAction[] | undefined {
  return context.turnState.get<readonly CardAction[] | undefined>(FLOW_COMPLETED);
}

/** The completed flow has been followed up (by the second request of the message): its completion is no longer this turn's last word. */
export function forgetFlowCompleted(context: TurnContext): void {
  context.turnState.delete(FLOW_COMPLETED);
}
