import { StatePropertyAccessor } from 'botbuilder';
import { DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { ContentPack, sayIn } from '../content/contentPack';
import { waitValues } from '../handoff/waitEstimator';
import { ConversationProfile, dropOpenSurveyQuestions, newConversationProfile } from './conversationProfile';
import { FeedbackRecorder } from './feedbackRecorder';
import { HandoffDialog, HandoffOptions, handoffOptionsFor } from './handoffDialog';
import { HandoffGateway } from './handoffGateway';
import { answerWithFollowUps, welcomeMessage } from './replies';
import { ParseResult } from '../nlu/nluEngine';
import { normalizeText } from '../nlu/normalize';
import { asksForPerson } from './customerWords';

export type Interruption = 'help' | 'cancel' | 'restart' | 'human';

// Control words work in both languages whatever the conversation's language; they are
// matched on the whole (normalised) message so "stop mijn bestelling" stays an intent.
const CANCEL = new Set([
  'stop',
  'stoppen',
  'stop maar',
  'cancel',
  'laat maar',
  'laat maar zitten',
  'never mind',
  'nevermind',
  'forget it',
  'quit',
  'exit',
  'afbreken',
  'annuleer dit',
  'stop dit',
]);
const RESTART = new Set(['restart', 'reset', 'opnieuw', 'opnieuw beginnen', 'begin opnieuw', 'start opnieuw', 'start over', 'begin again', 'from the start']);
const HELP = new Set(['help', 'hulp', 'help me', 'help mij', 'wat kun je', 'what can you do', 'menu', '?']);
const HUMAN_WORDS = /\b(medewerker|mederwerker|mens|persoon|agent|human|person|operator|representative|iemand spreken)\b/;

/** Whether the message interrupts whatever flow is running, and how. */
export function detectInterruption(text: string, parse: ParseResult, humanConfidence = 0.7): Interruption | null {
  const normalized = normalizeText(text);
  if (CANCEL.has(normalized)) return 'cancel';
  if (RESTART.has(normalized)) return 'restart';
  if (HELP.has(normalized) || text.trim() === '?') return 'help';
  if (asksForPerson(text)) return 'human';
  if (parse.intent.name === 'human.request' && (parse.intent.confidence >= humanConfidence || HUMAN_WORDS.test(normalized))) return 'human';
  return null;
}

export interface InterruptionDependencies {
  readonly pack: ContentPack;
  readonly profile: StatePropertyAccessor<ConversationProfile>;
  readonly handoffs: HandoffGateway;
  readonly feedback: FeedbackRecorder;
}

/**
 * Help, stop, restart and "a person" work at any point, inside a flow or not: a flow is
 * re-prompted after help, cancelled by stop; stop outside a flow leaves the queue.
 */
export async function handleInterruption(
  dc: DialogContext,
  interruption: Interruption,
  profile: ConversationProfile,
  inFlow: boolean,
  deps: InterruptionDependencies,
  handoff?: Partial<HandoffOptions>,
): Promise<DialogTurnResult> {
  const say = sayIn(deps.pack, profile.language);
  // A control word ends whatever survey question was open (never ask twice).
  dropOpenSurveyQuestions(profile);
  if (interruption === 'human') await deps.feedback.outcome(dc.context, 'handoff', 'human.request');
  else if (interruption === 'help' && !inFlow) await deps.feedback.outcome(dc.context, 'smalltalk', 'help');
  else await deps.feedback.outcome(dc.context, 'control');
  switch (interruption) {
    case 'help':
      await dc.context.sendActivity(answerWithFollowUps(deps.pack, 'help', profile.language));
      if (inFlow) {
        await dc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      }
      break;
    case 'cancel':
      if (inFlow) {
        await dc.cancelAllDialogs();
        await dc.context.sendActivity(say('cancelled'));
      } else if (await deps.handoffs.leaveQueue(dc.context)) {
        await dc.context.sendActivity(say('leftQueue'));
      } else {
        await dc.context.sendActivity(say('nothingToCancel'));
      }
      break;
    case 'restart':
      await dc.cancelAllDialogs();
      await deps.profile.set(dc.context, {
        ...newConversationProfile(profile.language),
        welcomed: true,
        effortAsked: profile.effortAsked,
        effortAskedForHandoff: profile.effortAskedForHandoff,
        left: profile.left,
      });
      await dc.context.sendActivity(say('restarted'));
      await dc.context.sendActivity(welcomeMessage(deps.pack, profile.language));
      break;
    case 'human': {
      profile.consecutiveMisses = 0;
      const queued = await deps.handoffs.queueEntry(dc.context);
      if (queued) {
        await dc.context.sendActivity(say('stillQueued', waitValues(queued.position, queued.expectedWaitMinutes, say)));
        if (inFlow) return { status: DialogTurnStatus.waiting };
        break;
      }
      await dc.cancelAllDialogs();
      return dc.beginDialog(HandoffDialog.id, { ...handoffOptionsFor(profile), ...handoff });
    }
  }
  return { status: DialogTurnStatus.complete };
}
