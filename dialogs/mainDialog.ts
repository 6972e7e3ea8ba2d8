import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { message } from '../content/contentPack';
import { NONE_INTENT, ParseResult } from '../nlu/nluEngine';
import { normalizeText } from '../nlu/normalize';
import { ConversationProfile, languageFromLocale, newConversationProfile, UserPreferences } from './conversationProfile';
import { HandoffDialog, HandoffDialogDependencies, HandoffOptions, waitValues } from './handoffDialog';
import { OfferHumanDialog, OfferHumanOptions } from './offerHumanDialog';
import { matchChoice } from './choiceMatching';
import { yesNoChoices } from './yesNo';
import { assessFrustration } from '../handoff/frustration';
import { detectInterruption, Interruption } from './interruptions';
import { OrderCancelDialog } from './orderCancelDialog';
import { OrderLookupOptions } from './orderLookupDialog';
import { OrderStatusDialog } from './orderStatusDialog';
import { answerWithFollowUps, intentButtons, textWithButtons } from './replies';
import { ReturnStartDialog } from './returnStartDialog';
import { DEFAULT_ROUTING, Route, route, RoutingThresholds } from './routingPolicy';
import { SupportRecognizer } from './supportRecognizer';

export interface MainDialogDependencies extends HandoffDialogDependencies {
  readonly recognizer: SupportRecognizer;
  readonly userPreferences: StatePropertyAccessor<UserPreferences>;
  readonly routing?: RoutingThresholds;
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
    return this.route(innerDc, turn);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const turn = await this.understand(innerDc.context);
    if (turn.interruption) return this.interrupt(innerDc, turn.interruption, turn, true);
    return super.onContinueDialog(innerDc);
  }

  private async understand(context: TurnContext): Promise<Turn> {
    const profile = await this.profile(context);
    const text = (context.activity.text ?? '').trim();
    let parse = context.turnState.get(PARSE_KEY) as ParseResult | undefined;
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
      if (text) profile.recent = [...(profile.recent ?? []), { text: text.slice(0, 500), intent: parse.intent.name, sentiment: parse.sentiment.score }].slice(-6);
    }
    return { text, parse, profile, interruption: text ? detectInterruption(text, parse) : null };
  }

  private async interrupt(dc: DialogContext, interruption: Interruption, turn: Turn, inFlow: boolean): Promise<DialogTurnResult> {
    const { profile } = turn;
    const say = (key: Parameters<typeof message>[1]) => message(this.deps.pack, key, profile.language);
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
        await this.deps.profile.set(dc.context, { ...newConversationProfile(profile.language), welcomed: true });
        await dc.context.sendActivity(say('restarted'));
        await dc.context.sendActivity(this.welcome(profile));
        break;
      case 'human': {
        profile.consecutiveMisses = 0;
        const queued = this.deps.handoffs.queueEntry(dc.context.activity.conversation.id);
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
      await dc.context.sendActivity(message(pack, 'clarifyRephrase', language));
      return { status: DialogTurnStatus.complete };
    }

    const decision = this.withOrderNumberFallback(route(parse, this.deps.routing ?? DEFAULT_ROUTING), parse, profile);
    if (decision.kind === 'none') {
      profile.consecutiveMisses++;
      profile.lastIntent = NONE_INTENT;
      if (profile.consecutiveMisses >= MISSES_BEFORE_HUMAN) {
        profile.consecutiveMisses = 0;
        await dc.context.sendActivity(message(pack, 'secondMiss', language));
        if (!this.deps.handoffs.queueEntry(dc.context.activity.conversation.id)) {
          return dc.beginDialog(OfferHumanDialog.id, { reason: 'bot_failed', priority: 0 } satisfies OfferHumanOptions);
        }
      } else {
        await dc.context.sendActivity(textWithButtons(message(pack, 'outOfScope', language), intentButtons(pack, pack.fallbackSuggestions, language)));
      }
      return { status: DialogTurnStatus.complete };
    }
    if (decision.kind === 'clarify') {
      profile.pendingClarification = decision.candidates;
      const neither = message(pack, 'clarifyNeither', language);
      await dc.context.sendActivity(textWithButtons(message(pack, 'clarify', language), [...intentButtons(pack, decision.candidates, language), neither]));
      return { status: DialogTurnStatus.complete };
    }

    profile.consecutiveMisses = 0;
    profile.lastIntent = decision.intent;
    profile.needsHuman = NEEDS_HUMAN[decision.intent];
    const flow = FLOWS[decision.intent];
    if (flow) return dc.beginDialog(flow, this.lookupOptions(parse, profile));
    if (decision.intent === 'complaint' && !this.deps.handoffs.queueEntry(dc.context.activity.conversation.id)) {
      await dc.context.sendActivity(pack.intents.get('complaint')!.answer[language]);
      return dc.beginDialog(HandoffDialog.id, { reason: 'complaint', priority: 1 } satisfies HandoffOptions);
    }
    await dc.context.sendActivity(answerWithFollowUps(pack, decision.intent, language));
    return this.offerHumanIfFrustrated(dc, profile);
  }

  /** A frustrated customer is offered a person before they ask (once), with priority. */
  private async offerHumanIfFrustrated(dc: DialogContext, profile: ConversationProfile): Promise<DialogTurnResult> {
    if (profile.frustrationOffered || this.deps.handoffs.queueEntry(dc.context.activity.conversation.id)) return { status: DialogTurnStatus.complete };
    if (assessFrustration(profile.recent).level < 2) return { status: DialogTurnStatus.complete };
    profile.frustrationOffered = true;
    return dc.beginDialog(OfferHumanDialog.id, { reason: 'frustration', priority: 1, frustrated: true } satisfies OfferHumanOptions);
  }

  /** Why a person is needed now, and how urgently. */
  private handoffFor(profile: ConversationProfile): HandoffOptions {
    const frustrated = assessFrustration(profile.recent).level >= 2;
    if (profile.needsHuman) return { reason: 'needs_human', priority: frustrated ? 1 : 0 };
    return { reason: frustrated ? 'frustration' : 'customer_request', priority: frustrated ? 1 : 0 };
  }

  /**
   * Answers to questions the bot asked outside a dialog: the effort score after an agent
   * resolved, and the ticket offer after a queue timeout. Anything else moves on (never ask twice).
   */
  private async answerPendingQuestion(dc: DialogContext, turn: Turn): Promise<DialogTurnResult | undefined> {
    const { profile, text } = turn;
    const say = (key: Parameters<typeof message>[1]) => message(this.deps.pack, key, profile.language);
    const effort = profile.pendingEffortScore;
    const ticket = profile.pendingTicketOffer;
    profile.pendingEffortScore = undefined;
    profile.pendingTicketOffer = undefined;
    const score = /^\s*([1-7])\s*$/.exec(text)?.[1];
    if (effort && score) {
      await this.deps.handoffs.recordEffortScore(dc.context, Number(score), profile.language, effort.handoffId);
      await dc.context.sendActivity(say('cesThanks'));
      return { status: DialogTurnStatus.complete };
    }
    const choice = ticket ? matchChoice(text, yesNoChoices(this.deps.pack, profile.language)) : undefined;
    if (ticket && choice) {
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

  /** The welcome message with the most asked questions as buttons. */
  welcome(profile: ConversationProfile) {
    const pack = this.deps.pack;
    return textWithButtons(message(pack, 'welcome', profile.language), intentButtons(pack, pack.welcomeSuggestions, profile.language));
  }
}
