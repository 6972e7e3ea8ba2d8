import { CardAction, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { message } from '../content/contentPack';
import { NONE_INTENT, ParseResult } from '../nlu/nluEngine';
import { normalizeText } from '../nlu/normalize';
import { ConversationProfile, dropOpenSurveyQuestions, languageFromLocale, newConversationProfile, UserPreferences } from './conversationProfile';
import { HandoffDialog, HandoffDialogDependencies, HandoffOptions, waitValues } from './handoffDialog';
import { OfferHumanDialog, OfferHumanOptions } from './offerHumanDialog';
import { matchChoice } from './choiceMatching';
import { yesNoChoices } from './yesNo';
import { assessFrustration } from '../handoff/frustration';
import { detectInterruption, Interruption } from './interruptions';
import { OrderCancelDialog } from './orderCancelDialog';
import { OrderLookupOptions } from './orderLookupDialog';
import { OrderStatusDialog } from './orderStatusDialog';
import { answerVerdict, answerWithFeedback, answerWithFollowUps, effortQuestion, intentButtons, textWithButtons } from './replies';
import { FeedbackRecorder, flowCompletedThisTurn } from './feedbackRecorder';
import { MessageOutcome, NON_TOPIC_INTENTS } from '../analytics/types';
import { ReturnStartDialog } from './returnStartDialog';
import { DEFAULT_ROUTING, Route, route, RoutingThresholds } from './routingPolicy';
import { SupportRecognizer } from './supportRecognizer';

export interface MainDialogDependencies extends HandoffDialogDependencies {
  readonly recognizer: SupportRecognizer;
  readonly userPreferences: StatePropertyAccessor<UserPreferences>;
  readonly routing?: RoutingThresholds;
  readonly feedback: FeedbackRecorder;
  /** Follow-up suggestions learned from what customers asked next (shown beside the configured ones). */
  readonly learnedFollowUps?: (intent: string) => readonly string[];
}

/** Intents that start a guided flow rather than get an answer. */
const FLOWS: Record<string, string> = {
  'order.status': OrderStatusDialog.id,
  'order.cancel': OrderCancelDialog.id,
  'returns.start': ReturnStartDialog.id,
};

const MISSES_BEFORE_HUMAN = 2;

/** Intents whose answer tells the customer a person has to act (photos of damage, a shipped order to stop). */
const NEEDS_HUMAN: Record<string, string> = {
  'product.damaged': 'damaged product: photos and a replacement or refund needed',
};
const PARSE_KEY = Symbol('balie.parse');
const MESSAGE_ID_KEY = Symbol('balie.analyticsMessageId');

interface Turn {
  readonly text: string;
  readonly parse: ParseResult;
  readonly profile: ConversationProfile;
  readonly interruption: Interruption | null;
}

/**
 * The router: understands each message, answers FAQs with follow-up suggestions,
 * starts flows, clarifies close calls, handles misses, and lets help / stop / restart /
 * human interrupt any flow.
 */
export class MainDialog extends ComponentDialog {
  static readonly id = 'main';

  constructor(private readonly deps: MainDialogDependencies) {
    super(MainDialog.id);
    this.addDialog(new OrderStatusDialog(deps));
    this.addDialog(new OrderCancelDialog(deps));
    this.addDialog(new ReturnStartDialog(deps));
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
    if (turn.interruption) return this.interrupt(innerDc, turn.interruption, turn, false);
    return this.afterTurn(innerDc, turn, await this.route(innerDc, turn));
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const turn = await this.understand(innerDc.context);
    if (turn.interruption) return this.interrupt(innerDc, turn.interruption, turn, true);
    return this.afterTurn(innerDc, turn, await super.onContinueDialog(innerDc));
  }

  /** A flow that did what the customer came for resolves the conversation: ask how easy it was (once). */
  private async afterTurn(dc: DialogContext, turn: Turn, result: DialogTurnResult): Promise<DialogTurnResult> {
    const nextQuestions = flowCompletedThisTurn(dc.context);
    if (result.status === DialogTurnStatus.waiting || !nextQuestions) return result;
    turn.profile.answeredSomething = true;
    await this.deps.feedback.botResolved(dc.context, 'flow_completed');
    await this.askEffort(dc, turn.profile, nextQuestions);
    return result;
  }

  /** The effort question, once per conversation, never while queued for a person or after the customer left. */
  private async askEffort(dc: DialogContext, profile: ConversationProfile, stillOffered: readonly CardAction[] = []): Promise<boolean> {
    if (profile.effortAsked || profile.left || (await this.deps.handoffs.queueEntry(dc.context.activity.conversation.id))) return false;
    profile.effortAsked = true;
    profile.pendingEffortScore = { resolvedBy: 'bot' };
    await dc.context.sendActivity(effortQuestion(this.deps.pack, profile.language, stillOffered));
    return true;
  }

  private async setOutcome(context: TurnContext, outcome: MessageOutcome, intent?: string): Promise<void> {
    const id = context.turnState.get<number | undefined>(MESSAGE_ID_KEY);
    if (id !== undefined) await this.deps.feedback.outcome(id, outcome, intent);
  }

  private async understand(context: TurnContext): Promise<Turn> {
    const profile = await this.profile(context);
    const text = (context.activity.text ?? '').trim();
    let parse = context.turnState.get<ParseResult | undefined>(PARSE_KEY);
    if (!parse) {
      parse = this.deps.recognizer.recognize(text, profile.language);
      context.turnState.set(PARSE_KEY, parse);
      if (parse.languageReliable) {
        profile.language = parse.language;
        (await this.deps.userPreferences.get(context, {})).language = parse.language;
      }
      for (const entity of parse.entities) {
        if (entity.type === 'order_number') profile.memory.orderNumber = entity.value;
        if (entity.type === 'postcode') profile.memory.postcode = entity.value;
        if (entity.type === 'email') profile.memory.email = entity.value;
      }
      if (text) {
        profile.recent = [...(profile.recent ?? []), { text: text.slice(0, 500), intent: parse.intent.name, sentiment: parse.sentiment.score }].slice(-6);
        const candidate = parse.intent.name !== NONE_INTENT ? parse.intent.name : parse.alternatives[0]?.name;
        const id = await this.deps.feedback.message(context, {
          text,
          language: profile.language,
          intent: parse.intent.name,
          confidence: parse.intent.confidence,
          candidate,
        });
        context.turnState.set(MESSAGE_ID_KEY, id);
      }
    }
    return { text, parse, profile, interruption: text ? detectInterruption(text, parse) : null };
  }

  private async interrupt(dc: DialogContext, interruption: Interruption, turn: Turn, inFlow: boolean): Promise<DialogTurnResult> {
    const { profile } = turn;
    const say = (key: Parameters<typeof message>[1]) => message(this.deps.pack, key, profile.language);
    // A control word ends whatever survey question was open (never ask twice).
    dropOpenSurveyQuestions(profile);
    if (interruption === 'human') await this.setOutcome(dc.context, 'handoff', 'human.request');
    else if (interruption === 'help' && !inFlow) await this.setOutcome(dc.context, 'smalltalk', 'help');
    else await this.setOutcome(dc.context, 'control');
    switch (interruption) {
      case 'help':
        await dc.context.sendActivity(answerWithFollowUps(this.deps.pack, 'help', profile.language));
        if (inFlow) {
          await dc.repromptDialog();
          return { status: DialogTurnStatus.waiting };
        }
        break;
      case 'cancel':
        if (inFlow) {
          await dc.cancelAllDialogs();
          await dc.context.sendActivity(say('cancelled'));
        } else if (await this.deps.handoffs.leaveQueue(dc.context)) {
          await dc.context.sendActivity(say('leftQueue'));
        } else {
          await dc.context.sendActivity(say('nothingToCancel'));
        }
        break;
      case 'restart':
        await dc.cancelAllDialogs();
        await this.deps.profile.set(dc.context, {
          ...newConversationProfile(profile.language),
          welcomed: true,
          effortAsked: profile.effortAsked,
          left: profile.left,
        });
        await dc.context.sendActivity(say('restarted'));
        await dc.context.sendActivity(this.welcome(profile));
        break;
      case 'human': {
        profile.consecutiveMisses = 0;
        const queued = await this.deps.handoffs.queueEntry(dc.context.activity.conversation.id);
        if (queued) {
          await dc.context.sendActivity(message(this.deps.pack, 'stillQueued', profile.language, waitValues(queued.position, queued.expectedWaitMinutes, say)));
          if (inFlow) return { status: DialogTurnStatus.waiting };
          break;
        }
        await dc.cancelAllDialogs();
        return dc.beginDialog(HandoffDialog.id, this.handoffFor(profile));
      }
    }
    return { status: DialogTurnStatus.complete };
  }

  private async route(dc: DialogContext, turn: Turn): Promise<DialogTurnResult> {
    const { text, parse, profile } = turn;
    const pack = this.deps.pack;
    const language = profile.language;
    if (!text) {
      await dc.context.sendActivity(message(pack, 'unsupportedMessage', language));
      return { status: DialogTurnStatus.complete };
    }
    const answered = await this.answerPendingQuestion(dc, turn);
    if (answered) return answered;
    const pending = profile.pendingClarification;
    profile.pendingClarification = undefined;
    if (pending && normalizeText(text) === normalizeText(message(pack, 'clarifyNeither', language))) {
      await this.setOutcome(dc.context, 'input');
      await dc.context.sendActivity(message(pack, 'clarifyRephrase', language));
      return { status: DialogTurnStatus.complete };
    }

    const decision = this.withOrderNumberFallback(route(parse, this.deps.routing ?? DEFAULT_ROUTING), parse, profile);
    if (decision.kind === 'none') {
      await this.setOutcome(dc.context, 'fallback', NONE_INTENT);
      profile.consecutiveMisses++;
      profile.lastIntent = NONE_INTENT;
      if (profile.consecutiveMisses >= MISSES_BEFORE_HUMAN) {
        profile.consecutiveMisses = 0;
        await dc.context.sendActivity(message(pack, 'secondMiss', language));
        if (!(await this.deps.handoffs.queueEntry(dc.context.activity.conversation.id))) {
          return dc.beginDialog(OfferHumanDialog.id, { reason: 'bot_failed', priority: 0 } satisfies OfferHumanOptions);
        }
      } else {
        await dc.context.sendActivity(textWithButtons(message(pack, 'outOfScope', language), intentButtons(pack, pack.fallbackSuggestions, language)));
      }
      return { status: DialogTurnStatus.complete };
    }
    if (decision.kind === 'clarify') {
      await this.setOutcome(dc.context, 'clarified');
      profile.pendingClarification = decision.candidates;
      const neither = message(pack, 'clarifyNeither', language);
      await dc.context.sendActivity(textWithButtons(message(pack, 'clarify', language), [...intentButtons(pack, decision.candidates, language), neither]));
      return { status: DialogTurnStatus.complete };
    }

    profile.consecutiveMisses = 0;
    profile.lastIntent = decision.intent;
    profile.needsHuman = NEEDS_HUMAN[decision.intent];
    const flow = FLOWS[decision.intent];
    if (flow) {
      await this.setOutcome(dc.context, 'flow', decision.intent);
      return dc.beginDialog(flow, this.lookupOptions(parse, profile));
    }
    if (decision.intent === 'complaint' && !(await this.deps.handoffs.queueEntry(dc.context.activity.conversation.id))) {
      await this.setOutcome(dc.context, 'handoff', decision.intent);
      await dc.context.sendActivity(pack.intents.get('complaint')!.answer[language]);
      return dc.beginDialog(HandoffDialog.id, { reason: 'complaint', priority: 1 } satisfies HandoffOptions);
    }
    if (NON_TOPIC_INTENTS.has(decision.intent)) return this.smallTalk(dc, decision.intent, profile);
    await this.setOutcome(dc.context, 'answered', decision.intent);
    profile.answeredSomething = true;
    profile.pendingAnswerFeedback = {
      intent: decision.intent,
      alternatives: parse.alternatives
        .map((a) => a.name)
        .filter((n) => n !== decision.intent && n !== NONE_INTENT)
        .slice(0, 2),
    };
    await dc.context.sendActivity(answerWithFeedback(pack, decision.intent, language, this.deps.learnedFollowUps?.(decision.intent) ?? []));
    return this.offerHumanIfFrustrated(dc, profile);
  }

  /** Greetings, help, thanks and goodbye; thanks or goodbye after an answer mean the bot solved it. */
  private async smallTalk(dc: DialogContext, intent: string, profile: ConversationProfile): Promise<DialogTurnResult> {
    await this.setOutcome(dc.context, 'smalltalk', intent);
    await dc.context.sendActivity(answerWithFollowUps(this.deps.pack, intent, profile.language));
    if ((intent === 'thanks' || intent === 'goodbye') && profile.answeredSomething) {
      await this.deps.feedback.botResolved(dc.context, intent);
      await this.askEffort(dc, profile);
      return { status: DialogTurnStatus.complete };
    }
    return this.offerHumanIfFrustrated(dc, profile);
  }

  /** A frustrated customer is offered a person before they ask (once), with priority. */
  private async offerHumanIfFrustrated(dc: DialogContext, profile: ConversationProfile): Promise<DialogTurnResult> {
    if (profile.frustrationOffered || (await this.deps.handoffs.queueEntry(dc.context.activity.conversation.id))) return { status: DialogTurnStatus.complete };
    if (assessFrustration(profile.recent).level < 2) return { status: DialogTurnStatus.complete };
    profile.frustrationOffered = true;
    profile.pendingAnswerFeedback = undefined;
    return dc.beginDialog(OfferHumanDialog.id, { reason: 'frustration', priority: 1, frustrated: true } satisfies OfferHumanOptions);
  }

  /** Why a person is needed now, and how urgently. */
  private handoffFor(profile: ConversationProfile): HandoffOptions {
    const frustrated = assessFrustration(profile.recent).level >= 2;
    if (profile.needsHuman) return { reason: 'needs_human', priority: frustrated ? 1 : 0 };
    return { reason: frustrated ? 'frustration' : 'customer_request', priority: frustrated ? 1 : 0 };
  }

  /**
   * Answers to questions the bot asked outside a dialog: the effort score and its optional
   * comment, 👍/👎 under an answer, and the ticket offer after a queue timeout. Anything else
   * moves on (never ask twice).
   */
  private async answerPendingQuestion(dc: DialogContext, turn: Turn): Promise<DialogTurnResult | undefined> {
    const { profile, text } = turn;
    const pack = this.deps.pack;
    const say = (key: Parameters<typeof message>[1]) => message(pack, key, profile.language);
    const effort = profile.pendingEffortScore;
    const ticket = profile.pendingTicketOffer;
    const wantsComment = profile.pendingEffortComment;
    const answerFeedback = profile.pendingAnswerFeedback;
    dropOpenSurveyQuestions(profile);
    profile.pendingTicketOffer = undefined;
    const done = { status: DialogTurnStatus.complete } as const;
    if (wantsComment) {
      await this.setOutcome(dc.context, 'survey');
      const skipped = normalizeText(text) === normalizeText(say('cesSkip'));
      if (!skipped) await this.deps.feedback.effortComment(dc.context, text);
      await dc.context.sendActivity(say(skipped ? 'cesThanks' : 'cesCommentThanks'));
      return done;
    }
    const score = /^\s*([1-7])\s*$/.exec(text)?.[1];
    if (effort && score) {
      await this.setOutcome(dc.context, 'survey');
      await this.deps.feedback.effortScore(dc.context, Number(score), profile.language, effort.resolvedBy ?? 'agent', effort.handoffId);
      if (Number(score) <= 3) {
        // A hard time: one optional question about what should change.
        profile.pendingEffortComment = true;
        await dc.context.sendActivity(textWithButtons(say('cesLowFollowUp'), [say('cesSkip')]));
      } else {
        await dc.context.sendActivity(say('cesThanks'));
      }
      return done;
    }
    const verdict = answerFeedback ? answerVerdict(text) : undefined;
    if (answerFeedback && verdict) {
      await this.setOutcome(dc.context, 'feedback', answerFeedback.intent);
      await this.deps.feedback.answerFeedback(dc.context, answerFeedback.intent, verdict === 'helpful', profile.language);
      if (verdict === 'helpful') {
        await this.deps.feedback.botResolved(dc.context, 'helpful');
        if (!(await this.askEffort(dc, profile))) await dc.context.sendActivity(say('answerHelpfulThanks'));
        return done;
      }
      const options = [...intentButtons(pack, answerFeedback.alternatives, profile.language), ...intentButtons(pack, ['human.request'], profile.language)];
      await dc.context.sendActivity(textWithButtons(say('answerNotHelpful'), options));
      return done;
    }
    const choice = ticket ? matchChoice(text, yesNoChoices(this.deps.pack, profile.language)) : undefined;
    if (ticket && choice) {
      await this.setOutcome(dc.context, 'input');
      if (choice.value === 'yes') return dc.beginDialog(HandoffDialog.id, { reason: ticket.reason, priority: 0, ticketOnly: true } satisfies HandoffOptions);
      await dc.context.sendActivity(say('ticketDeclined'));
      await dc.context.sendActivity(answerWithFollowUps(this.deps.pack, 'contact.options', profile.language));
      return { status: DialogTurnStatus.complete };
    }
    return undefined;
  }

  /**
   * A message the NLU cannot place but that holds an order number ("100002", "and 100003?"),
   * or a postcode for an order number given earlier, is about an order: continue with the order flow the customer was last in, or the status.
   */
  private withOrderNumberFallback(decision: Route, parse: ParseResult, profile: ConversationProfile): Route {
    const hasOrderNumber = parse.entities.some((e) => e.type === 'order_number');
    const completesKnownOrder = parse.entities.some((e) => e.type === 'postcode') && profile.memory.orderNumber !== undefined;
    if (decision.kind !== 'none' || !(hasOrderNumber || completesKnownOrder)) return decision;
    const lastFlow = profile.lastIntent && FLOWS[profile.lastIntent] ? profile.lastIntent : 'order.status';
    return { kind: 'intent', intent: lastFlow };
  }

  /** Order facts for a flow: from this message, else from earlier in the conversation (and then said so). */
  private lookupOptions(parse: ParseResult, profile: ConversationProfile): OrderLookupOptions {
    const inMessage = (type: string) => parse.entities.find((e) => e.type === type)?.value;
    const orderNumber = inMessage('order_number') ?? profile.memory.orderNumber;
    const postcode = inMessage('postcode') ?? profile.memory.postcode;
    return {
      orderNumber,
      postcode: orderNumber ? postcode : undefined,
      fromMemory: { orderNumber: !inMessage('order_number') && !!orderNumber, postcode: !inMessage('postcode') && !!postcode },
    };
  }

  /** The customer left: no survey is asked any more, and analytics knows the conversation ended here. */
  async customerLeft(context: TurnContext): Promise<void> {
    const profile = await this.profile(context);
    profile.left = true;
    dropOpenSurveyQuestions(profile);
    await this.deps.feedback.left(context);
  }

  /** The welcome message with the most asked questions as buttons. */
  welcome(profile: ConversationProfile) {
    const pack = this.deps.pack;
    return textWithButtons(message(pack, 'welcome', profile.language), intentButtons(pack, pack.welcomeSuggestions, profile.language));
  }
}
