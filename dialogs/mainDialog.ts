import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ComponentDialog, Dialog, DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { AttachmentInfo, Refusal } from '../attachments/customerFiles';
import { filesOf } from '../attachments/messageFiles';
import { sayIn } from '../content/contentPack';
import { NONE_INTENT } from '../nlu/nluEngine';
import { normalizeText, tokenize } from '../nlu/normalize';
import { waitValues } from '../handoff/waitEstimator';
import { ConversationProfile, dropOpenSurveyQuestions, openQuestionOf, QueuedRequest, UserPreferences } from './conversationProfile';
import { filesPhrase, refusalMessage } from './customerFiles';
import { besidesPersonRequest } from './customerWords';
import { asksAboutWaiting } from './digressions';
import { flowCompletedThisTurn, forgetFlowCompleted } from './feedbackRecorder';
import { FlowDetours } from './flowDetours';
import { HandoffDialog, HandoffOptions } from './handoffDialog';
import { handleInterruption, Interruption } from './interruptions';
import { OfferHumanDialog, OfferHumanOptions } from './offerHumanDialog';
import { OrderCancelDialog } from './orderCancelDialog';
import { OrderQuestionDialog } from './orderQuestionDialog';
import { OrderStatusDialog } from './orderStatusDialog';
import { PendingQuestions } from './pendingQuestions';
import { welcomeMessage } from './replies';
import { RequestHandler, RequestHandlerDependencies } from './requestHandler';
import { ReturnStartDialog } from './returnStartDialog';
import { DEFAULT_ROUTING, route } from './routingPolicy';
import { SupportRecognizer } from './supportRecognizer';
import { twoRequestsIn } from './twoRequests';
import { focused, Turn, Understanding } from './understanding';

export interface MainDialogDependencies extends RequestHandlerDependencies {
  readonly recognizer: SupportRecognizer;
  readonly userPreferences: StatePropertyAccessor<UserPreferences>;
}

/**
 * The conversation's router. Each message is understood once (Understanding); inside a flow it
 * may take a detour (FlowDetours) or interrupt (help, stop, restart, a person); otherwise it
 * answers an open question (PendingQuestions) or is a request (RequestHandler): two in one
 * message are taken one after the other.
 */
export class MainDialog extends ComponentDialog {
  static readonly id = 'main';

  private readonly understanding: Understanding;
  private readonly pending: PendingQuestions;
  private readonly requests: RequestHandler;
  private readonly detours: FlowDetours;

  constructor(private readonly deps: MainDialogDependencies) {
    super(MainDialog.id);
    this.understanding = new Understanding(deps);
    this.pending = new PendingQuestions(deps);
    this.requests = new RequestHandler(deps, this.pending);
    this.detours = new FlowDetours(deps);
    this.addDialog(new OrderStatusDialog(deps));
    this.addDialog(new OrderCancelDialog(deps));
    this.addDialog(new ReturnStartDialog(deps));
    this.addDialog(new OrderQuestionDialog(deps));
    this.addDialog(new HandoffDialog(deps));
    this.addDialog(new OfferHumanDialog(deps));
  }

  /** The conversation's profile (created on first use in the customer's language). */
  profile(context: TurnContext): Promise<ConversationProfile> {
    return this.understanding.profile(context);
  }

  protected override async onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const turn = await this.understanding.understand(innerDc.context);
    if (turn.interruption) return this.interrupt(innerDc, turn, turn.interruption, false);
    return this.afterTurn(innerDc, turn, await this.route(innerDc, turn));
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const turn = await this.understanding.understand(innerDc.context);
    if (turn.interruption) return this.interrupt(innerDc, turn, turn.interruption, true);
    if (!turn.text && filesOf(innerDc.context.activity).length > 0) return this.filesInFlow(innerDc, turn);
    const detour = await this.detours.take(innerDc, turn);
    return detour ?? this.afterTurn(innerDc, turn, await super.onContinueDialog(innerDc));
  }

  private interrupt(dc: DialogContext, turn: Turn, interruption: Interruption, inFlow: boolean): Promise<DialogTurnResult> {
    // Stop or a person: the other request of an earlier message is not taken up by the bot any more.
    if (interruption === 'cancel' || interruption === 'human') turn.profile.queuedRequest = undefined;
    return handleInterruption(dc, interruption, turn.profile, inFlow, this.deps, interruption === 'human' ? this.personRequestedAbout(turn) : undefined);
  }

  /**
   * "I need a human, the lamp arrived broken": the request for a person wins, the customer's
   * words go to the agent as the detail, and a complaint among them keeps its priority (and
   * is not asked for again).
   */
  private personRequestedAbout(turn: Turn): Partial<HandoffOptions> | undefined {
    const rest = besidesPersonRequest(turn.text);
    if (tokenize(rest).length < 3) return undefined;
    const decision = route(this.deps.recognizer.recognize(rest, turn.profile.language), this.deps.routing ?? DEFAULT_ROUTING);
    const complaint = decision.kind === 'intent' && decision.intent === 'complaint';
    return complaint ? { reason: 'complaint', priority: 1, detail: turn.text } : { detail: turn.text };
  }

  /**
   * After the turn's request is done: the second request of a message that held two is taken
   * up now; a flow that did what the customer came for resolves the conversation. The effort
   * question is not put beside the flow's next-step buttons: it follows a thanks or goodbye,
   * or the customer's quiet spell.
   */
  private async afterTurn(dc: DialogContext, turn: Turn, result: DialogTurnResult): Promise<DialogTurnResult> {
    if (result.status === DialogTurnStatus.waiting) return result;
    if (turn.profile.queuedRequest) return this.afterTurn(dc, turn, await this.takeUpQueued(dc, turn.profile, turn.profile.queuedRequest));
    if (!flowCompletedThisTurn(dc.context)) return result;
    turn.profile.answeredSomething = true;
    await this.deps.feedback.botResolved(dc.context, 'flow_completed');
    await this.requests.askEffortLater(dc.context, turn.profile);
    return result;
  }

  /** "You also asked: ‘When do I get my refund?’", then that request handled as if just asked. */
  private async takeUpQueued(dc: DialogContext, profile: ConversationProfile, queued: QueuedRequest): Promise<DialogTurnResult> {
    profile.queuedRequest = undefined;
    if (flowCompletedThisTurn(dc.context)) profile.answeredSomething = true;
    forgetFlowCompleted(dc.context);
    await dc.context.sendActivity(sayIn(this.deps.pack, profile.language)('alsoAsked', { question: this.requests.label(queued.intent, profile) }));
    return this.requests.act(dc, profile, this.understanding.recognize(queued.text, profile));
  }

  /** A message outside a flow: the answer to an open question, a question about the wait, or one or two requests. */
  private async route(dc: DialogContext, turn: Turn): Promise<DialogTurnResult> {
    const { text, parse, profile } = turn;
    const say = sayIn(this.deps.pack, profile.language);
    const files = filesOf(dc.context.activity);
    if (!text && files.length > 0) return this.filesWithoutWords(dc, profile, files);
    if (!text) {
      await dc.context.sendActivity(say('unsupportedMessage'));
      return { status: DialogTurnStatus.complete };
    }
    const answered = await this.pending.answer(
      dc,
      profile,
      text,
      (inner, reason) => inner.beginDialog(HandoffDialog.id, { reason, priority: 0, ticketOnly: true } satisfies HandoffOptions),
      // A message naming an order ("and 100002?") is a question about it, not a reply to a survey.
      parse.intent.name === NONE_INTENT && parse.entities.some((e) => e.type === 'order_number') ? 'order.status' : parse.intent.name,
    );
    if (answered) return answered;
    // "Duurt het lang?" while waiting for a colleague: where they are now, not a clarifying question.
    const queued = asksAboutWaiting(text) ? await this.deps.handoffs.queueEntry(dc.context) : undefined;
    if (queued) {
      await this.deps.feedback.outcome(dc.context, 'control');
      await dc.context.sendActivity(say('stillQueued', waitValues(queued.position, queued.expectedWaitMinutes, say)));
      return { status: DialogTurnStatus.complete };
    }
    const clarification = openQuestionOf(profile, 'clarification');
    if (clarification) profile.openQuestion = undefined;
    if (clarification && normalizeText(text) === normalizeText(say('clarifyNeither'))) {
      await this.deps.feedback.outcome(dc.context, 'input');
      await dc.context.sendActivity(say('clarifyRephrase'));
      return { status: DialogTurnStatus.complete };
    }

    // Two requests in one message: the first now, the second as soon as the first is done (afterTurn).
    const two = twoRequestsIn(text, profile.language, this.deps.recognizer, (this.deps.routing ?? DEFAULT_ROUTING).clarifyMargin);
    if (!two) return this.requests.act(dc, profile, parse);
    profile.queuedRequest = two.second;
    // The whole message's order number, postcode or email belongs to the first request too.
    return this.requests.act(dc, profile, { ...focused(two.first.parse, profile), entities: parse.entities });
  }

  /** A photo or file in the middle of a flow: kept (the agent will see it), and the flow's question asked again. */
  private async filesInFlow(dc: DialogContext, turn: Turn): Promise<DialogTurnResult> {
    const files = filesOf(dc.context.activity);
    await dc.context.sendActivity(
      sayIn(this.deps.pack, turn.profile.language)('attachmentKeptInFlow', { files: filesPhrase(this.deps.pack, turn.profile.language, files) }),
    );
    await dc.repromptDialog();
    return Dialog.EndOfTurn;
  }

  /**
   * Only a photo or a file (a damaged product, an invoice): the bot cannot look at it, a
   * colleague can. Kept with the conversation either way; offered to a colleague, or, already
   * in the queue, the customer is told their colleague will see it.
   */
  private async filesWithoutWords(dc: DialogContext, profile: ConversationProfile, files: readonly AttachmentInfo[]): Promise<DialogTurnResult> {
    const say = sayIn(this.deps.pack, profile.language);
    const what = filesPhrase(this.deps.pack, profile.language, files);
    if (await this.deps.handoffs.queueEntry(dc.context)) {
      await dc.context.sendActivity(say('attachmentKept', { files: what }));
      return { status: DialogTurnStatus.complete };
    }
    const detail = files.map((file) => file.name).join(', ');
    return dc.beginDialog(OfferHumanDialog.id, {
      reason: 'needs_human',
      priority: 0,
      detail,
      question: say('attachmentOfferHuman', { files: what }),
    } satisfies OfferHumanOptions);
  }

  /** The channel refused the customer's files: why, in the conversation's language. */
  async filesRefused(context: TurnContext, refusal: Refusal): Promise<void> {
    const profile = await this.profile(context);
    await context.sendActivity(refusalMessage(this.deps.pack, profile.language, refusal));
  }

  /** The customer left: no survey is asked any more, and analytics knows the conversation ended here. */
  async customerLeft(context: TurnContext): Promise<void> {
    const profile = await this.profile(context);
    profile.left = true;
    dropOpenSurveyQuestions(profile);
    await this.deps.feedback.left(context);
  }

  /** The welcome message with the most asked questions as buttons (after a ticket's answer, "solved" first). */
  welcome(profile: ConversationProfile, afterTicketAnswer = false) {
    const solved = afterTicketAnswer ? [sayIn(this.deps.pack, profile.language)('ticketSolvedButton')] : [];
    return welcomeMessage(this.deps.pack, profile.language, solved);
  }
}
