import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { sayIn } from '../content/contentPack';
import { NONE_INTENT, ParseResult } from '../nlu/nluEngine';
import { normalizeText, tokenize } from '../nlu/normalize';
import { besidesPersonRequest, describesComplaint } from './customerWords';
import {
  ConversationProfile,
  dropOpenSurveyQuestions,
  languageFromLocale,
  newConversationProfile,
  OpenQuestionOf,
  openQuestionOf,
  QueuedRequest,
  UserPreferences,
} from './conversationProfile';
import { HandoffDialog, HandoffDialogDependencies, HandoffOptions } from './handoffDialog';
import { OfferHumanDialog, OfferHumanOptions } from './offerHumanDialog';
import { assessFrustration } from '../handoff/frustration';
import { detectInterruption, handleInterruption, Interruption } from './interruptions';
import { nextLanguage } from './languageChoice';
import { lookupOptions, withOrderNumberFallback } from './orderContext';
import { OrderCancelDialog } from './orderCancelDialog';
import { OrderStatusDialog } from './orderStatusDialog';
import { answerWithFeedback, answerWithFollowUps, intentButtons, textWithButtons, welcomeMessage } from './replies';
import { FeedbackRecorder, flowCompletedThisTurn, forgetFlowCompleted } from './feedbackRecorder';
import { NON_TOPIC_INTENTS } from '../analytics/types';
import { PendingQuestions } from './pendingQuestions';
import { asksAboutWaiting, Digression, digressionIn, flowSwitchIn } from './digressions';
import { yesNoChoices, yesOrNo } from './yesNo';
import { waitValues } from '../handoff/waitEstimator';
import { ReturnStartDialog } from './returnStartDialog';
import { twoRequestsIn } from './twoRequests';
import { Language } from '../nlu/language';
import { OrderQuestionDialog } from './orderQuestionDialog';
import { withOrderFocus } from './orderFocus';
import { activeFlowIntent, FLOW_INTENTS, flowFor, FLOWS, ORDER_INTENTS } from './flowRegistry';
import { DEFAULT_ROUTING, route, RoutingThresholds } from './routingPolicy';
import { SupportRecognizer } from './supportRecognizer';

export interface MainDialogDependencies extends HandoffDialogDependencies {
  readonly recognizer: SupportRecognizer;
  readonly userPreferences: StatePropertyAccessor<UserPreferences>;
  readonly routing?: RoutingThresholds;
  readonly feedback: FeedbackRecorder;
  /** Follow-up suggestions learned from what customers asked next (shown beside the configured ones). */
  readonly learnedFollowUps?: (intent: string) => readonly string[];
  /**
   * Asks the effort question later, if the customer goes quiet now that the bot helped
   * (the quiet spell, BALIE_CES_QUIET_MINUTES); not given where the channel cannot be written to first.
   */
  readonly askEffortLater?: (context: TurnContext, language: Language) => Promise<void>;
}

const MISSES_BEFORE_HUMAN = 2;

/** Intents whose answer tells the customer a person has to act (photos of damage, a shipped order to stop). */
const NEEDS_HUMAN: Record<string, string> = {
  'product.damaged': 'damaged product: photos and a replacement or refund needed',
};
const PARSE_KEY = Symbol('balie.parse');
const FLOW_SWITCH_KEY = Symbol('balie.flowSwitch');

interface Turn {
  readonly text: string;
  readonly parse: ParseResult;
  readonly profile: ConversationProfile;
  readonly interruption: Interruption | null;
  /** The flow switch the bot asked about last turn, if it did: this message answers it or moves on. */
  readonly flowSwitch?: OpenQuestionOf<'flowSwitch'>;
}

/**
 * The router: understands each message, answers FAQs with follow-up suggestions,
 * starts flows, clarifies close calls, handles misses, and lets help / stop / restart /
 * human interrupt any flow.
 */
export class MainDialog extends ComponentDialog {
  static readonly id = 'main';

  private readonly pending: PendingQuestions;

  constructor(private readonly deps: MainDialogDependencies) {
    super(MainDialog.id);
    this.pending = new PendingQuestions(deps);
    this.addDialog(new OrderStatusDialog(deps));
    this.addDialog(new OrderCancelDialog(deps));
    this.addDialog(new ReturnStartDialog(deps));
    this.addDialog(new OrderQuestionDialog(deps));
    this.addDialog(new HandoffDialog(deps));
    this.addDialog(new OfferHumanDialog(deps));
  }

  /**
   * The conversation's profile, created on first use in the language the customer wrote
   * in last time, else the channel's locale, else the pack's default.
   */
  async profile(context: TurnContext): Promise<ConversationProfile> {
    const existing = await this.deps.profile.get(context);
    if (existing) return existing;
    const preferences = await this.deps.userPreferences.get(context, {});
    const language = preferences.language ?? languageFromLocale(context.activity.locale) ?? this.deps.pack.defaultLanguage;
    return this.deps.profile.get(context, newConversationProfile(language));
  }

  protected override async onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const turn = await this.understand(innerDc.context);
    if (turn.interruption) return this.interrupt(innerDc, turn, turn.interruption, false);
    return this.afterTurn(innerDc, turn, await this.route(innerDc, turn));
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const turn = await this.understand(innerDc.context);
    if (turn.interruption) return this.interrupt(innerDc, turn, turn.interruption, true);
    const activeFlow = activeFlowIntent(innerDc.activeDialog?.id, turn.profile);
    const switched = await this.answerFlowSwitch(innerDc, turn);
    if (switched) return switched;
    const digression = digressionIn(turn.text, turn.parse, activeFlow, FLOW_INTENTS, this.deps.routing);
    if (digression) return this.answerDigression(innerDc, turn, digression);
    const otherFlow = flowSwitchIn(turn.text, turn.parse, activeFlow, FLOW_INTENTS, this.deps.routing);
    if (otherFlow && activeFlow) return this.askFlowSwitch(innerDc, turn, activeFlow, otherFlow);
    return this.afterTurn(innerDc, turn, await super.onContinueDialog(innerDc));
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

  /** Another flow asked for inside one: leave this one first? (yes/no; the next message answers). */
  private async askFlowSwitch(dc: DialogContext, turn: Turn, from: string, to: string): Promise<DialogTurnResult> {
    const { pack } = this.deps;
    const language = turn.profile.language;
    const label = (intent: string) => pack.intents.get(intent)?.label[language] ?? intent;
    turn.profile.openQuestion = { kind: 'flowSwitch', from, to };
    await this.deps.feedback.outcome(dc.context, 'clarified', to);
    const question = sayIn(pack, language)('switchFlow', { from: label(from), to: label(to) });
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
    const flow = pack.intents.get(digression.flowIntent)?.label[language] ?? digression.flowIntent;
    await dc.context.sendActivity(sayIn(pack, language)('backToFlow', { flow }));
    await dc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
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
    await this.askEffortLater(dc.context, turn.profile);
    return result;
  }

  /** The effort question after a quiet spell, unless it was asked already. */
  private async askEffortLater(context: TurnContext, profile: ConversationProfile): Promise<void> {
    if (!profile.effortAsked && !profile.left) await this.deps.askEffortLater?.(context, profile.language);
  }

  /** "You also asked: ‘When do I get my refund?’", then that request handled as if just asked. */
  private async takeUpQueued(dc: DialogContext, profile: ConversationProfile, queued: QueuedRequest): Promise<DialogTurnResult> {
    profile.queuedRequest = undefined;
    if (flowCompletedThisTurn(dc.context)) profile.answeredSomething = true;
    forgetFlowCompleted(dc.context);
    await dc.context.sendActivity(sayIn(this.deps.pack, profile.language)('alsoAsked', { question: this.label(queued.intent, profile.language) }));
    const parse = this.deps.recognizer.recognize(queued.text, profile.language);
    return this.act(dc, profile, focused(parse, profile));
  }

  private label(intent: string, language: Language): string {
    return this.deps.pack.intents.get(intent)?.label[language] ?? intent;
  }

  private async understand(context: TurnContext): Promise<Turn> {
    const profile = await this.profile(context);
    const text = (context.activity.text ?? '').trim();
    let parse = context.turnState.get<ParseResult | undefined>(PARSE_KEY);
    if (!parse) {
      if (text) profile.lastMessageAt = this.deps.now().toISOString();
      parse = focused(this.deps.recognizer.recognize(text, profile.language), profile);
      context.turnState.set(PARSE_KEY, parse);
      const before = profile.language;
      const next = nextLanguage({ language: profile.language, settled: profile.languageSettled, candidate: profile.languageCandidate }, text, {
        language: parse.language,
        reliable: parse.languageReliable,
      });
      profile.language = next.language;
      profile.languageSettled = next.settled;
      profile.languageCandidate = next.candidate;
      if (next.settled && (next.language !== before || !(await this.deps.userPreferences.get(context, {})).language)) {
        (await this.deps.userPreferences.get(context, {})).language = next.language;
      }
      for (const entity of parse.entities) {
        if (entity.type === 'order_number') profile.memory.orderNumber = entity.value;
        if (entity.type === 'postcode') profile.memory.postcode = entity.value;
        if (entity.type === 'email') profile.memory.email = entity.value;
      }
      if (text) {
        profile.recent = [...(profile.recent ?? []), { text: text.slice(0, 500), intent: parse.intent.name, sentiment: parse.sentiment.score }].slice(-6);
        const candidate = parse.intent.name !== NONE_INTENT ? parse.intent.name : parse.alternatives[0]?.name;
        await this.deps.feedback.message(context, {
          text,
          language: profile.language,
          intent: parse.intent.name,
          confidence: parse.intent.confidence,
          candidate,
        });
      }
    }
    // Taken once per turn (understand may run twice in one): the question is answered by this message or let go.
    if (!context.turnState.has(FLOW_SWITCH_KEY)) {
      const flowSwitch = openQuestionOf(profile, 'flowSwitch');
      context.turnState.set(FLOW_SWITCH_KEY, flowSwitch ?? null);
      if (flowSwitch) profile.openQuestion = undefined;
    }
    const flowSwitch = context.turnState.get<Turn['flowSwitch'] | null>(FLOW_SWITCH_KEY) ?? undefined;
    return { text, parse, profile, interruption: text ? detectInterruption(text, parse) : null, flowSwitch };
  }

  private async route(dc: DialogContext, turn: Turn): Promise<DialogTurnResult> {
    const { text, parse, profile } = turn;
    const pack = this.deps.pack;
    const language = profile.language;
    const say = sayIn(pack, language);
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
    const queued = asksAboutWaiting(text) ? await this.deps.handoffs.queueEntry(dc.context.activity.conversation.id) : undefined;
    if (queued) {
      await this.deps.feedback.outcome(dc.context, 'control');
      await dc.context.sendActivity(say('stillQueued', waitValues(queued.position, queued.expectedWaitMinutes, say)));
      return { status: DialogTurnStatus.complete };
    }
    const pending = openQuestionOf(profile, 'clarification');
    if (pending) profile.openQuestion = undefined;
    if (pending && normalizeText(text) === normalizeText(say('clarifyNeither'))) {
      await this.deps.feedback.outcome(dc.context, 'input');
      await dc.context.sendActivity(say('clarifyRephrase'));
      return { status: DialogTurnStatus.complete };
    }

    // Two requests in one message: the first now, the second as soon as the first is done (afterTurn).
    const two = twoRequestsIn(text, language, this.deps.recognizer, (this.deps.routing ?? DEFAULT_ROUTING).clarifyMargin);
    if (!two) return this.act(dc, profile, parse);
    profile.queuedRequest = two.second;
    const first = focused(two.first.parse, profile);
    // The whole message's order number, postcode or email belongs to the first request too.
    return this.act(dc, profile, { ...first, entities: parse.entities });
  }

  /** What the bot does with one understood request: answer, start a flow, clarify, or admit it is out of scope. */
  private async act(dc: DialogContext, profile: ConversationProfile, parse: ParseResult): Promise<DialogTurnResult> {
    const pack = this.deps.pack;
    const language = profile.language;
    const say = sayIn(pack, language);
    const decision = withOrderNumberFallback(route(parse, this.deps.routing ?? DEFAULT_ROUTING), parse, profile, ORDER_INTENTS);
    if (decision.kind === 'none') {
      await this.deps.feedback.outcome(dc.context, 'fallback', NONE_INTENT);
      profile.consecutiveMisses++;
      profile.lastIntent = NONE_INTENT;
      if (profile.consecutiveMisses >= MISSES_BEFORE_HUMAN) {
        profile.consecutiveMisses = 0;
        await dc.context.sendActivity(say('secondMiss'));
        if (!(await this.deps.handoffs.queueEntry(dc.context.activity.conversation.id))) {
          return dc.beginDialog(OfferHumanDialog.id, { reason: 'bot_failed', priority: 0 } satisfies OfferHumanOptions);
        }
      } else {
        await dc.context.sendActivity(textWithButtons(say('outOfScope'), intentButtons(pack, pack.fallbackSuggestions, language)));
      }
      return { status: DialogTurnStatus.complete };
    }
    if (decision.kind === 'clarify') {
      await this.deps.feedback.outcome(dc.context, 'clarified');
      profile.openQuestion = { kind: 'clarification', candidates: decision.candidates };
      const neither = say('clarifyNeither');
      await dc.context.sendActivity(textWithButtons(say('clarify'), [...intentButtons(pack, decision.candidates, language), neither]));
      return { status: DialogTurnStatus.complete };
    }

    profile.consecutiveMisses = 0;
    profile.lastIntent = decision.intent;
    profile.needsHuman = NEEDS_HUMAN[decision.intent];
    const flow = flowFor(decision.intent, parse, profile);
    if (flow) {
      await this.deps.feedback.outcome(dc.context, 'flow', decision.intent);
      const queued = profile.queuedRequest;
      if (queued)
        await dc.context.sendActivity(say('firstThenSecond', { first: this.label(decision.intent, language), second: this.label(queued.intent, language) }));
      return dc.beginDialog(flow.dialogId, flow.options);
    }
    if (decision.intent === 'complaint' && !(await this.deps.handoffs.queueEntry(dc.context.activity.conversation.id))) {
      await this.deps.feedback.outcome(dc.context, 'handoff', decision.intent);
      await dc.context.sendActivity(pack.intents.get('complaint')!.answer[language]);
      // A complaint that already says what went wrong is not asked for again.
      const detail = describesComplaint(parse.text, language) ? parse.text : undefined;
      return dc.beginDialog(HandoffDialog.id, { reason: 'complaint', priority: 1, detail } satisfies HandoffOptions);
    }
    if (NON_TOPIC_INTENTS.has(decision.intent)) return this.smallTalk(dc, decision.intent, profile);
    await this.deps.feedback.outcome(dc.context, 'answered', decision.intent);
    profile.answeredSomething = true;
    if (profile.queuedRequest) {
      // The second request follows at once: "did this help?" is asked under the last answer only.
      await dc.context.sendActivity(answerWithFollowUps(pack, decision.intent, language));
      return { status: DialogTurnStatus.complete };
    }
    profile.openQuestion = {
      kind: 'answerFeedback',
      intent: decision.intent,
      alternatives: parse.alternatives
        .map((a) => a.name)
        .filter((n) => n !== decision.intent && n !== NONE_INTENT)
        .slice(0, 2),
    };
    await dc.context.sendActivity(answerWithFeedback(pack, decision.intent, language, this.deps.learnedFollowUps?.(decision.intent) ?? []));
    await this.askEffortLater(dc.context, profile);
    return this.offerHumanIfFrustrated(dc, profile);
  }

  /** Greetings, help, thanks and goodbye; thanks or goodbye after an answer mean the bot solved it. */
  private async smallTalk(dc: DialogContext, intent: string, profile: ConversationProfile): Promise<DialogTurnResult> {
    await this.deps.feedback.outcome(dc.context, 'smalltalk', intent);
    // "ok", "thanks" or "bye" before the bot did anything is no thanks for help: the customer is yet to ask.
    if ((intent === 'thanks' || intent === 'goodbye') && !profile.answeredSomething) {
      const say = sayIn(this.deps.pack, profile.language);
      await dc.context.sendActivity(textWithButtons(say('whatCanIDo'), intentButtons(this.deps.pack, this.deps.pack.welcomeSuggestions, profile.language)));
      return { status: DialogTurnStatus.complete };
    }
    await dc.context.sendActivity(answerWithFollowUps(this.deps.pack, intent, profile.language));
    if ((intent === 'thanks' || intent === 'goodbye') && profile.answeredSomething) {
      await this.deps.feedback.botResolved(dc.context, intent);
      await this.pending.askEffort(dc, profile);
      return { status: DialogTurnStatus.complete };
    }
    return this.offerHumanIfFrustrated(dc, profile);
  }

  /** A frustrated customer is offered a person before they ask (once), with priority. */
  private async offerHumanIfFrustrated(dc: DialogContext, profile: ConversationProfile): Promise<DialogTurnResult> {
    if (profile.frustrationOffered || (await this.deps.handoffs.queueEntry(dc.context.activity.conversation.id))) return { status: DialogTurnStatus.complete };
    if (assessFrustration(profile.recent).level < 2) return { status: DialogTurnStatus.complete };
    profile.frustrationOffered = true;
    if (openQuestionOf(profile, 'answerFeedback')) profile.openQuestion = undefined;
    return dc.beginDialog(OfferHumanDialog.id, { reason: 'frustration', priority: 1, frustrated: true } satisfies OfferHumanOptions);
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

/** The parse as the conversation reads it: questions about the order in focus, if there is one, weigh more. */
function focused(parse: ParseResult, profile: ConversationProfile): ParseResult {
  return profile.focusOrder ? withOrderFocus(parse, ORDER_INTENTS) : parse;
}
