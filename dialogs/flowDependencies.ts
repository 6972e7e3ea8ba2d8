import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ContentPack, sayIn } from '../content/contentPack';
import { OrderBackend } from '../orders/orderBackend';
import { ConversationProfile } from './conversationProfile';
import { answerWithFollowUps } from './replies';

/** What every flow dialog is built with; the composition root provides the real ones. */
export interface FlowDependencies {
  readonly pack: ContentPack;
  readonly orders: OrderBackend;
  readonly profile: StatePropertyAccessor<ConversationProfile>;
  /** Current time, injectable so tests can pin the return window. */
  readonly now: () => Date;
  /** Records that the customer proved who they are (a verified order, a given email). */
  readonly identify?: (context: TurnContext, identity: string) => Promise<void>;
}

/** Helpers bound to one turn: the customer's language and the texts in it. */
export async function turnTexts(deps: FlowDependencies, context: TurnContext) {
  const profile = await deps.profile.get(context);
  if (!profile) throw new Error('conversation profile missing: MainDialog must create it before flows run');
  const language = profile.language;
  return {
    profile,
    language,
    say: sayIn(deps.pack, language),
    answer: (intent: string) => answerWithFollowUps(deps.pack, intent, language),
  };
}

/** A waterfall's per-run scratch values (typed `object` by botbuilder). */
export function stepValues(step: { values: object }): Record<string, unknown> {
  return step.values as Record<string, unknown>;
}
