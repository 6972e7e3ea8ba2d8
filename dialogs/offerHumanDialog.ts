import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { HandoffDialog, HandoffDialogDependencies, HandoffOptions } from './handoffDialog';
import { turnTexts } from './flowDependencies';
import { isYes, yesNoOptions, yesNoPrompt, YES_NO_PROMPT } from './yesNo';

export interface OfferHumanOptions extends HandoffOptions {
  /** Frustration gets the apologetic wording and priority. */
  readonly frustrated?: boolean;
  /** The question in other words (files the bot cannot look at); the usual offer when absent. */
  readonly question?: string;
}

/** "Shall I put you through to a colleague?" — yes starts the handoff, no keeps the bot. */
export class OfferHumanDialog extends ComponentDialog {
  static readonly id = 'offerHuman';

  constructor(private readonly deps: HandoffDialogDependencies) {
    super(OfferHumanDialog.id);
    this.addDialog(yesNoPrompt());
    this.addDialog(new HandoffDialog(deps));
    this.addDialog(new WaterfallDialog('offerHuman.steps', [this.ask.bind(this), this.decide.bind(this)]));
    this.initialDialogId = 'offerHuman.steps';
  }

  private async ask(step: WaterfallStepContext<OfferHumanOptions>): Promise<DialogTurnResult> {
    const { say, language } = await turnTexts(this.deps, step.context);
    return step.prompt(
      YES_NO_PROMPT,
      yesNoOptions(this.deps.pack, language, step.options.question ?? say(step.options.frustrated ? 'offerHumanFrustrated' : 'offerHuman')),
    );
  }

  private async decide(step: WaterfallStepContext<OfferHumanOptions>): Promise<DialogTurnResult> {
    if (isYes(step.result))
      return step.beginDialog(HandoffDialog.id, {
        reason: step.options.reason,
        priority: step.options.priority,
        detail: step.options.detail,
      } satisfies HandoffOptions);
    const { say } = await turnTexts(this.deps, step.context);
    await step.context.sendActivity(say('humanDeclined'));
    return step.endDialog();
  }
}
