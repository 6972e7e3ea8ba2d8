import { DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { ContentPack, sayIn } from '../content/contentPack';
import { Language } from '../nlu/language';
import { Digression, digressionIn, flowSwitchIn } from './digressions';
import { FeedbackRecorder } from './feedbackRecorder';
import { activeFlowIntent, FLOW_INTENTS, FLOWS } from './flowRegistry';
import { lookupOptions } from './orderContext';
import { intentLabel, textWithButtons } from './replies';
import { RoutingThresholds } from './routingPolicy';
import { Turn } from './understanding';
import { yesNoChoices, yesOrNo } from './yesNo';

export interface FlowDetoursDependencies {
  readonly pack: ContentPack;
  readonly feedback: FeedbackRecorder;
  readonly routing?: RoutingThresholds;
}

/**
 * What a customer says inside a flow that is not an answer to its question: another question
 * (answered, then back to the flow in one short line), or another flow (asked first whether to
 * leave this one; the next message answers).
 */
export class FlowDetours {
  constructor(private readonly deps: FlowDetoursDependencies) {}

  /** The detour this message takes out of the running flow, handled; undefined when the flow should take the message. */
  async take(dc: DialogContext, turn: Turn): Promise<DialogTurnResult | undefined> {
    const activeFlow = activeFlowIntent(dc.activeDialog?.id, turn.profile);
    const switched = await this.answerFlowSwitch(dc, turn);
    if (switched) return switched;
    const digression = digressionIn(turn.text, turn.parse, activeFlow, FLOW_INTENTS, this.deps.routing);
    if (digression) return this.answerDigression(dc, turn, digression);
    const otherFlow = flowSwitchIn(turn.text, turn.parse, activeFlow, FLOW_INTENTS, this.deps.routing);
    if (otherFlow && activeFlow) return this.askFlowSwitch(dc, turn, activeFlow, otherFlow);
    return undefined;
  }

  /** Another flow asked for inside one: leave this one first? (yes/no; the next message answers). */
  private async askFlowSwitch(dc: DialogContext, turn: Turn, from: string, to: string): Promise<DialogTurnResult> {
    const { pack } = this.deps;
    const language = turn.profile.language;
    turn.profile.openQuestion = { kind: 'flowSwitch', from, to };
    await this.deps.feedback.outcome(dc.context, 'clarified', to);
    const question = sayIn(pack, language)('switchFlow', { from: this.label(from, language), to: this.label(to, language) });
    await dc.context.sendActivity(
      textWithButtons(
        question,
        yesNoChoices(pack, language).map((c) => c.action!),
      ),
    );
    return { status: DialogTurnStatus.waiting };
  }

  /** The answer to "leave this flow for that one?": yes starts the other flow, no asks this flow's question again. */
  private async answerFlowSwitch(dc: DialogContext, turn: Turn): Promise<DialogTurnResult | undefined> {
    const pending = turn.flowSwitch;
    if (!pending) return undefined;
    const answer = yesOrNo(turn.text, this.deps.pack, turn.profile.language);
    if (!answer) return undefined; // something else: the flow takes it as usual
    await this.deps.feedback.outcome(dc.context, 'input');
    if (answer === 'no') {
      await dc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    await dc.cancelAllDialogs();
    turn.profile.lastIntent = pending.to;
    return dc.beginDialog(FLOWS[pending.to], lookupOptions(turn.parse, turn.profile));
  }

  /** A question asked inside a flow: answered, then the flow's open question again, after one short line. */
  private async answerDigression(dc: DialogContext, turn: Turn, digression: Digression): Promise<DialogTurnResult> {
    const { pack } = this.deps;
    const language = turn.profile.language;
    await this.deps.feedback.outcome(dc.context, 'answered', digression.intent);
    await dc.context.sendActivity(pack.intents.get(digression.intent)!.answer[language]);
    await dc.context.sendActivity(sayIn(pack, language)('backToFlow', { flow: this.label(digression.flowIntent, language) }));
    await dc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }

  private label(intent: string, language: Language): string {
    return intentLabel(this.deps.pack, intent, language);
  }
}
