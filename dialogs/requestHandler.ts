import { TurnContext } from 'botbuilder';
import { DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { sayIn } from '../content/contentPack';
import { NON_TOPIC_INTENTS } from '../analytics/types';
import { assessFrustration } from '../handoff/frustration';
import { Language } from '../nlu/language';
import { NONE_INTENT, ParseResult } from '../nlu/nluEngine';
import { ConversationProfile, openQuestionOf } from './conversationProfile';
import { describesComplaint } from './customerWords';
import { FeedbackRecorder } from './feedbackRecorder';
import { flowFor, ORDER_INTENTS } from './flowRegistry';
import { HandoffDialog, HandoffDialogDependencies, HandoffOptions } from './handoffDialog';
import { OfferHumanDialog, OfferHumanOptions } from './offerHumanDialog';
import { withOrderNumberFallback } from './orderContext';
import { PendingQuestions } from './pendingQuestions';
import { answerWithFeedback, answerWithFollowUps, intentButtons, intentLabel, textWithButtons } from './replies';
import { DEFAULT_ROUTING, route, RoutingThresholds } from './routingPolicy';

export interface RequestHandlerDependencies extends HandoffDialogDependencies {
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

/** What the bot does with one understood request: answer, start a flow, clarify, or admit it is out of scope. */
export class RequestHandler {
  constructor(
    private readonly deps: RequestHandlerDependencies,
    private readonly pending: PendingQuestions,
  ) {}

  async act(dc: DialogContext, profile: ConversationProfile, parse: ParseResult): Promise<DialogTurnResult> {
    const say = sayIn(this.deps.pack, profile.language);
    const decision = withOrderNumberFallback(route(parse, this.deps.routing ?? DEFAULT_ROUTING), parse, profile, ORDER_INTENTS);
    if (decision.kind === 'none') return this.miss(dc, profile);
    if (decision.kind === 'clarify') {
      await this.deps.feedback.outcome(dc.context, 'clarified');
      profile.openQuestion = { kind: 'clarification', candidates: decision.candidates };
      await dc.context.sendActivity(
        textWithButtons(say('clarify'), [...intentButtons(this.deps.pack, decision.candidates, profile.language), say('clarifyNeither')]),
      );
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
        await dc.context.sendActivity(say('firstThenSecond', { first: this.label(decision.intent, profile), second: this.label(queued.intent, profile) }));
      return dc.beginDialog(flow.dialogId, flow.options);
    }
    if (decision.intent === 'complaint' && !(await this.queued(dc))) return this.complaint(dc, profile, parse);
    if (NON_TOPIC_INTENTS.has(decision.intent)) return this.smallTalk(dc, decision.intent, profile);
    return this.answer(dc, profile, parse, decision.intent);
  }

  /** The intent's name as the customer sees it, in the conversation's language. */
  label(intent: string, profile: ConversationProfile): string {
    return intentLabel(this.deps.pack, intent, profile.language);
  }

  /** The effort question after a quiet spell, unless it was asked already. */
  async askEffortLater(context: TurnContext, profile: ConversationProfile): Promise<void> {
    if (!profile.effortAsked && !profile.left) await this.deps.askEffortLater?.(context, profile.language);
  }

  /** Out of scope: what the bot can do; the second miss in a row offers a person. */
  private async miss(dc: DialogContext, profile: ConversationProfile): Promise<DialogTurnResult> {
    const say = sayIn(this.deps.pack, profile.language);
    await this.deps.feedback.outcome(dc.context, 'fallback', NONE_INTENT);
    profile.consecutiveMisses++;
    profile.lastIntent = NONE_INTENT;
    if (profile.consecutiveMisses < MISSES_BEFORE_HUMAN) {
      await dc.context.sendActivity(textWithButtons(say('outOfScope'), intentButtons(this.deps.pack, this.deps.pack.fallbackSuggestions, profile.language)));
      return { status: DialogTurnStatus.complete };
    }
    profile.consecutiveMisses = 0;
    await dc.context.sendActivity(say('secondMiss'));
    if (await this.queued(dc)) return { status: DialogTurnStatus.complete };
    return dc.beginDialog(OfferHumanDialog.id, { reason: 'bot_failed', priority: 0 } satisfies OfferHumanOptions);
  }

  /** A complaint goes to a person with priority; one that already says what went wrong is not asked for again. */
  private async complaint(dc: DialogContext, profile: ConversationProfile, parse: ParseResult): Promise<DialogTurnResult> {
    await this.deps.feedback.outcome(dc.context, 'handoff', 'complaint');
    await dc.context.sendActivity(this.deps.pack.intents.get('complaint')!.answer[profile.language]);
    const detail = describesComplaint(parse.text, profile.language) ? parse.text : undefined;
    return dc.beginDialog(HandoffDialog.id, { reason: 'complaint', priority: 1, detail } satisfies HandoffOptions);
  }

  /** An FAQ answer, with "did this help?" and follow-ups, unless another request of the same message follows at once. */
  private async answer(dc: DialogContext, profile: ConversationProfile, parse: ParseResult, intent: string): Promise<DialogTurnResult> {
    const { pack } = this.deps;
    await this.deps.feedback.outcome(dc.context, 'answered', intent);
    profile.answeredSomething = true;
    if (profile.queuedRequest) {
      // The second request follows at once: "did this help?" is asked under the last answer only.
      await dc.context.sendActivity(answerWithFollowUps(pack, intent, profile.language));
      return { status: DialogTurnStatus.complete };
    }
    const alternatives = parse.alternatives.map((a) => a.name).filter((n) => n !== intent && n !== NONE_INTENT);
    profile.openQuestion = { kind: 'answerFeedback', intent, alternatives: alternatives.slice(0, 2) };
    await dc.context.sendActivity(answerWithFeedback(pack, intent, profile.language, this.deps.learnedFollowUps?.(intent) ?? []));
    await this.askEffortLater(dc.context, profile);
    return this.offerHumanIfFrustrated(dc, profile);
  }

  /** Greetings, help, thanks and goodbye; thanks or goodbye after an answer mean the bot solved it. */
  private async smallTalk(dc: DialogContext, intent: string, profile: ConversationProfile): Promise<DialogTurnResult> {
    const { pack } = this.deps;
    await this.deps.feedback.outcome(dc.context, 'smalltalk', intent);
    const closing = intent === 'thanks' || intent === 'goodbye';
    // "ok", "thanks" or "bye" before the bot did anything is no thanks for help: the customer is yet to ask.
    if (closing && !profile.answeredSomething) {
      const say = sayIn(pack, profile.language);
      await dc.context.sendActivity(textWithButtons(say('whatCanIDo'), intentButtons(pack, pack.welcomeSuggestions, profile.language)));
      return { status: DialogTurnStatus.complete };
    }
    await dc.context.sendActivity(answerWithFollowUps(pack, intent, profile.language));
    if (closing) {
      await this.deps.feedback.botResolved(dc.context, intent);
      await this.pending.askEffort(dc, profile);
      return { status: DialogTurnStatus.complete };
    }
    return this.offerHumanIfFrustrated(dc, profile);
  }

  /** A frustrated customer is offered a person before they ask (once), with priority. */
  private async offerHumanIfFrustrated(dc: DialogContext, profile: ConversationProfile): Promise<DialogTurnResult> {
    if (profile.frustrationOffered || (await this.queued(dc))) return { status: DialogTurnStatus.complete };
    if (assessFrustration(profile.recent).level < 2) return { status: DialogTurnStatus.complete };
    profile.frustrationOffered = true;
    if (openQuestionOf(profile, 'answerFeedback')) profile.openQuestion = undefined;
    return dc.beginDialog(OfferHumanDialog.id, { reason: 'frustration', priority: 1, frustrated: true } satisfies OfferHumanOptions);
  }

  /** Whether the customer is waiting for a person already. */
  private async queued(dc: DialogContext): Promise<boolean> {
    return (await this.deps.handoffs.queueEntry(dc.context)) !== undefined;
  }
}
