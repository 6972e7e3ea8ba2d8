import { DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { ContentPack, sayIn } from '../content/contentPack';
import { NON_TOPIC_INTENTS } from '../analytics/types';
import { NONE_INTENT } from '../nlu/nluEngine';
import { normalizeText } from '../nlu/normalize';
import { effortScoreIn } from './effortAnswer';
import { matchChoice } from './choiceMatching';
import { ConversationProfile, OpenQuestionOf } from './conversationProfile';
import { FeedbackRecorder } from './feedbackRecorder';
import { HandoffGateway } from './handoffGateway';
import { answerVerdict, answerWithFollowUps, effortQuestion, intentButtons, textWithButtons } from './replies';
import { yesNoChoices } from './yesNo';
import { describeTime } from '../handoff/desk/ticketDeliveries';

export interface PendingQuestionsDependencies {
  readonly pack: ContentPack;
  readonly feedback: FeedbackRecorder;
  readonly handoffs: HandoffGateway;
}

/** Starts the handoff dialog for a ticket the customer accepted after a queue timeout. */
export type StartTicket = (dc: DialogContext, reason: OpenQuestionOf<'ticketOffer'>['reason']) => Promise<DialogTurnResult>;

const DONE: DialogTurnResult = { status: DialogTurnStatus.complete };

/**
 * The questions the bot asks outside a dialog and the customer may or may not answer: the
 * effort question (and its optional comment), 👍/👎 under an answer, the ticket offer after a
 * queue timeout. Each is asked once; anything else the customer says moves on.
 */
export class PendingQuestions {
  constructor(private readonly deps: PendingQuestionsDependencies) {}

  /** The effort question about the bot's help, once per conversation, never while queued for a person or after the customer left. */
  async askEffort(dc: DialogContext, profile: ConversationProfile): Promise<boolean> {
    if (profile.effortAsked || profile.left || (await this.deps.handoffs.queueEntry(dc.context))) return false;
    profile.effortAsked = true;
    profile.openQuestion = { kind: 'effortScore', resolvedBy: 'bot' };
    await dc.context.sendActivity(effortQuestion(this.deps.pack, profile.language));
    return true;
  }

  /**
   * The answer to the open survey or ticket question, handled; undefined when the message is
   * not one (the question is then let go). A clarification or flow switch is the router's.
   */
  async answer(
    dc: DialogContext,
    profile: ConversationProfile,
    text: string,
    startTicket: StartTicket,
    /** What the NLU made of the message: a real question is answered, not taken for a survey reply. */
    intent?: string,
  ): Promise<DialogTurnResult | undefined> {
    const open = profile.openQuestion;
    if (!open || open.kind === 'clarification' || open.kind === 'flowSwitch') return undefined;
    profile.openQuestion = undefined;
    switch (open.kind) {
      case 'ticketReply':
        return !this.isButtonOfWelcome(text, profile) && (await this.answerTicket(dc, profile, text, open, intent)) ? DONE : undefined;
      case 'effortComment':
        return this.answerEffortComment(dc, profile, text);
      case 'effortScore':
        return this.answerEffortScore(dc, profile, text, open, intent);
      case 'answerFeedback':
        return this.answerVerdict(dc, profile, text, open);
      case 'ticketOffer':
        return this.answerTicketOffer(dc, profile, text, open, startTicket);
    }
  }

  private async answerEffortComment(dc: DialogContext, profile: ConversationProfile, text: string): Promise<DialogTurnResult> {
    const say = sayIn(this.deps.pack, profile.language);
    await this.deps.feedback.outcome(dc.context, 'survey');
    const skipped = normalizeText(text) === normalizeText(say('cesSkip'));
    if (!skipped) await this.deps.feedback.effortComment(dc.context, text);
    await dc.context.sendActivity(say(skipped ? 'cesThanks' : 'cesCommentThanks'));
    return DONE;
  }

  private async answerEffortScore(
    dc: DialogContext,
    profile: ConversationProfile,
    text: string,
    effort: OpenQuestionOf<'effortScore'>,
    intent?: string,
  ): Promise<DialogTurnResult | undefined> {
    const { pack, feedback } = this.deps;
    const say = sayIn(pack, profile.language);
    const score = effortScoreIn(text);
    if (score !== undefined) {
      await feedback.outcome(dc.context, 'survey');
      await feedback.effortScore(dc.context, Number(score), profile.language, effort.resolvedBy, effort.handoffId);
      if (Number(score) <= 3) {
        // A hard time: one optional question about what should change.
        profile.openQuestion = { kind: 'effortComment' };
        await dc.context.sendActivity(textWithButtons(say('cesLowFollowUp'), [say('cesSkip')]));
      } else {
        await dc.context.sendActivity(say('cesThanks'));
      }
      return DONE;
    }
    // Not a score and not a question of its own ("prima hoor"): ask once more, briefly, then let it go.
    if (effort.reasked || (intent && intent !== NONE_INTENT && !NON_TOPIC_INTENTS.has(intent))) return undefined;
    profile.openQuestion = { ...effort, reasked: true };
    // "top, dankjewel" is still answered as such; the short re-ask follows it.
    const smallTalk = intent && intent !== NONE_INTENT ? pack.intents.get(intent)?.answer[profile.language] : undefined;
    if (smallTalk) await dc.context.sendActivity(smallTalk);
    await dc.context.sendActivity(effortQuestion(pack, profile.language, say('cesReask')));
    return DONE;
  }

  private async answerVerdict(
    dc: DialogContext,
    profile: ConversationProfile,
    text: string,
    asked: OpenQuestionOf<'answerFeedback'>,
  ): Promise<DialogTurnResult | undefined> {
    const { pack, feedback } = this.deps;
    const verdict = answerVerdict(text);
    if (!verdict) return undefined;
    const say = sayIn(pack, profile.language);
    await feedback.outcome(dc.context, 'feedback', asked.intent);
    await feedback.answerFeedback(dc.context, asked.intent, verdict === 'helpful', profile.language);
    if (verdict === 'helpful') {
      await feedback.botResolved(dc.context, 'helpful');
      if (!(await this.askEffort(dc, profile))) await dc.context.sendActivity(say('answerHelpfulThanks'));
      return DONE;
    }
    const options = [...intentButtons(pack, asked.alternatives, profile.language), ...intentButtons(pack, ['human.request'], profile.language)];
    await dc.context.sendActivity(textWithButtons(say('answerNotHelpful'), options));
    return DONE;
  }

  private async answerTicketOffer(
    dc: DialogContext,
    profile: ConversationProfile,
    text: string,
    offer: OpenQuestionOf<'ticketOffer'>,
    startTicket: StartTicket,
  ): Promise<DialogTurnResult | undefined> {
    const { pack, feedback } = this.deps;
    const choice = matchChoice(text, yesNoChoices(pack, profile.language));
    if (!choice) return undefined;
    await feedback.outcome(dc.context, 'input');
    if (choice.value === 'yes') return startTicket(dc, offer.reason);
    await dc.context.sendActivity(sayIn(pack, profile.language)('ticketDeclined'));
    await dc.context.sendActivity(answerWithFollowUps(pack, 'contact.options', profile.language));
    return DONE;
  }

  /**
   * After a ticket's answer: "solved" (or a short thanks) closes it and asks how easy it
   * was; anything else is the customer's reply, kept with the ticket, which opens again.
   * False when the ticket was closed in the meantime (the message is then an ordinary one).
   */
  private async answerTicket(
    dc: DialogContext,
    profile: ConversationProfile,
    text: string,
    ticket: OpenQuestionOf<'ticketReply'>,
    intent?: string,
  ): Promise<boolean> {
    const { pack, handoffs, feedback } = this.deps;
    const say = sayIn(pack, profile.language);
    const solved = normalizeText(text) === normalizeText(say('ticketSolvedButton')) || (intent === 'thanks' && normalizeText(text).split(' ').length <= 4);
    if (solved) {
      if (!(await handoffs.closeTicket(dc.context, ticket.handoffId))) return false;
      await feedback.outcome(dc.context, 'input');
      await dc.context.sendActivity(say('ticketSolvedThanks', { reference: ticket.reference }));
      // The agent's part is asked about after every handoff, also when the bot's was asked before.
      if (profile.effortAskedForHandoff !== ticket.handoffId && !profile.left) {
        profile.effortAsked = true;
        profile.effortAskedForHandoff = ticket.handoffId;
        profile.openQuestion = { kind: 'effortScore', handoffId: ticket.handoffId, resolvedBy: 'agent' };
        await dc.context.sendActivity(effortQuestion(pack, profile.language));
      }
      return true;
    }
    const reopened = await handoffs.replyToTicket(dc.context, ticket.handoffId, text);
    if (!reopened) return false;
    await feedback.outcome(dc.context, 'input');
    const when = describeTime(new Date(reopened.dueAt ?? handoffs.ticketDue()), profile.language, pack.businessHours.timezone);
    await dc.context.sendActivity(say('ticketReplyRecorded', { reference: ticket.reference, when }));
    return true;
  }

  /** A welcome button pressed after a ticket's answer is a new question, not a reply to the ticket. */
  private isButtonOfWelcome(text: string, profile: ConversationProfile): boolean {
    const said = normalizeText(text);
    return intentButtons(this.deps.pack, this.deps.pack.welcomeSuggestions, profile.language).some((b) => normalizeText(String(b.value)) === said);
  }
}
