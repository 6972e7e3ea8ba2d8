import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ContentPack } from '../content/contentPack';
import { NONE_INTENT, ParseResult } from '../nlu/nluEngine';
import { ConversationProfile, languageFromLocale, newConversationProfile, OpenQuestionOf, openQuestionOf, UserPreferences } from './conversationProfile';
import { FeedbackRecorder } from './feedbackRecorder';
import { ORDER_INTENTS } from './flowRegistry';
import { detectInterruption, Interruption } from './interruptions';
import { nextLanguage } from './languageChoice';
import { withOrderFocus } from './orderFocus';
import { SupportRecognizer } from './supportRecognizer';

export interface UnderstandingDependencies {
  readonly pack: ContentPack;
  readonly recognizer: SupportRecognizer;
  readonly profile: StatePropertyAccessor<ConversationProfile>;
  readonly userPreferences: StatePropertyAccessor<UserPreferences>;
  readonly feedback: FeedbackRecorder;
  readonly now: () => Date;
}

/** One customer message as the conversation reads it. */
export interface Turn {
  readonly text: string;
  readonly parse: ParseResult;
  readonly profile: ConversationProfile;
  readonly interruption: Interruption | null;
  /** The flow switch the bot asked about last turn, if it did: this message answers it or moves on. */
  readonly flowSwitch?: OpenQuestionOf<'flowSwitch'>;
}

const PARSE_KEY = Symbol('balie.parse');
const FLOW_SWITCH_KEY = Symbol('balie.flowSwitch');

/**
 * Reads each message once per turn: what it asks (with the order in focus weighing in), the
 * language the conversation goes on in, what it tells (order number, postcode, email) for
 * later, and what is recorded of it for analytics.
 */
export class Understanding {
  constructor(private readonly deps: UnderstandingDependencies) {}

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

  /** The turn's message understood; safe to call more than once in a turn (the work is done once). */
  async understand(context: TurnContext): Promise<Turn> {
    const profile = await this.profile(context);
    const text = (context.activity.text ?? '').trim();
    let parse = context.turnState.get<ParseResult | undefined>(PARSE_KEY);
    if (!parse) {
      if (text) profile.lastMessageAt = this.deps.now().toISOString();
      parse = focused(this.deps.recognizer.recognize(text, profile.language), profile);
      context.turnState.set(PARSE_KEY, parse);
      await this.followLanguage(context, profile, text, parse);
      remember(profile, parse);
      if (text) await this.record(context, profile, text, parse);
    }
    // Taken once per turn: the question is answered by this message or let go.
    if (!context.turnState.has(FLOW_SWITCH_KEY)) {
      const flowSwitch = openQuestionOf(profile, 'flowSwitch');
      context.turnState.set(FLOW_SWITCH_KEY, flowSwitch ?? null);
      if (flowSwitch) profile.openQuestion = undefined;
    }
    const flowSwitch = context.turnState.get<Turn['flowSwitch'] | null>(FLOW_SWITCH_KEY) ?? undefined;
    return { text, parse, profile, interruption: text ? detectInterruption(text, parse) : null, flowSwitch };
  }

  /** A text understood on its own (a part of a message, a request taken up later), in the conversation's light. */
  recognize(text: string, profile: ConversationProfile): ParseResult {
    return focused(this.deps.recognizer.recognize(text, profile.language), profile);
  }

  /** The language is sticky: it changes on two longer messages in another one, and is kept for the customer's next visit. */
  private async followLanguage(context: TurnContext, profile: ConversationProfile, text: string, parse: ParseResult): Promise<void> {
    const before = profile.language;
    const next = nextLanguage({ language: profile.language, settled: profile.languageSettled, candidate: profile.languageCandidate }, text, {
      language: parse.language,
      reliable: parse.languageReliable,
    });
    profile.language = next.language;
    profile.languageSettled = next.settled;
    profile.languageCandidate = next.candidate;
    if (!next.settled) return;
    // Read only when settled: reading with a default would create (and write) the customer's preferences every turn.
    const preferences = await this.deps.userPreferences.get(context, {});
    if (next.language !== before || !preferences.language) preferences.language = next.language;
  }

  private async record(context: TurnContext, profile: ConversationProfile, text: string, parse: ParseResult): Promise<void> {
    profile.recent = [...(profile.recent ?? []), { text: text.slice(0, 500), intent: parse.intent.name, sentiment: parse.sentiment.score }].slice(-6);
    const candidate = parse.intent.name !== NONE_INTENT ? parse.intent.name : parse.alternatives[0]?.name;
    await this.deps.feedback.message(context, { text, language: profile.language, intent: parse.intent.name, confidence: parse.intent.confidence, candidate });
  }
}

/** What the customer told about themselves is kept for the rest of the conversation (never asked again). */
function remember(profile: ConversationProfile, parse: ParseResult): void {
  for (const entity of parse.entities) {
    if (entity.type === 'order_number') profile.memory.orderNumber = entity.value;
    if (entity.type === 'postcode') profile.memory.postcode = entity.value;
    if (entity.type === 'email') profile.memory.email = entity.value;
  }
}

/** The parse as the conversation reads it: questions about the order in focus, if there is one, weigh more. */
export function focused(parse: ParseResult, profile: ConversationProfile): ParseResult {
  return profile.focusOrder ? withOrderFocus(parse, ORDER_INTENTS) : parse;
}
