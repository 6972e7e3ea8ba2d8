import { AttachmentInfo } from '../attachments/customerFiles';
import { Language } from '../nlu/language';
import { HandoffState } from './stateMachine';

/** Agent messages are stored with a sender id of this form, so transcripts can tell agent from bot. */
export const AGENT_ID_PREFIX = 'agent:';

/** Why the conversation went to a person; also shown to the agent. */
export type HandoffReason = 'customer_request' | 'bot_failed' | 'frustration' | 'complaint' | 'needs_human';

export interface TranscriptLine {
  readonly at: string;
  readonly from: 'customer' | 'bot' | 'agent';
  /** Empty for a message that was only a photo or a file. */
  readonly text: string;
  /** Photos and files the customer sent with the message. */
  readonly files?: readonly AttachmentInfo[];
}

export interface IntentSeen {
  readonly name: string;
  readonly confidence: number;
  readonly at: string;
}

export interface EarlierConversation {
  readonly conversationId: string;
  readonly channel: string;
  readonly startedAt: string;
  readonly firstMessage: string;
  readonly handoffReason?: HandoffReason;
  readonly ces?: number;
  /** The ticket that conversation ended in, if it did: the agent can open it. */
  readonly ticket?: { readonly id: string; readonly reference: string; readonly state: HandoffState };
}

/** Everything an agent needs to continue without asking the customer again (DESIGN.md §6). */
export interface ContextPackage {
  readonly customer: { readonly id: string; readonly name?: string; readonly channel: string; readonly language: Language };
  readonly summary: string;
  readonly reason: HandoffReason;
  readonly reasonDetail: string;
  readonly intents: IntentSeen[];
  readonly entities: Record<string, string>;
  readonly sentiment: { readonly trend: 'improving' | 'stable' | 'worsening'; readonly scores: number[]; readonly latest: number };
  readonly botAnswers: string[];
  readonly transcript: TranscriptLine[];
  readonly earlierConversations: EarlierConversation[];
}

export interface Handoff {
  readonly id: string;
  /** Short reference the customer can quote ("BAL-7K3QX"). */
  readonly reference: string;
  readonly conversationId: string;
  readonly channelId: string;
  readonly customerId: string;
  readonly language: Language;
  readonly state: HandoffState;
  readonly reason: HandoffReason;
  /** 0 normal; higher goes first (frustration, complaints). */
  readonly priority: number;
  readonly agentId?: string;
  readonly createdAt: string;
  readonly acceptedAt?: string;
  readonly closedAt?: string;
  readonly note?: string;
  readonly context: ContextPackage;
  /** The channel's conversation reference, opaque here, for proactive messages. */
  readonly conversationReference: unknown;
  /** The queue position last told to the customer, to tell them again only when it changes. */
  readonly lastToldPosition?: number;
  /** A ticket: when the customer was promised an answer (set again when they reply). */
  readonly dueAt?: string;
  /** A ticket: when an agent last answered it. */
  readonly answeredAt?: string;
  /** A ticket: when it passed its due time unanswered (and the customer was told). */
  readonly overdueAt?: string;
}

export interface HandoffEvent {
  readonly handoffId: string;
  readonly from: HandoffState | 'bot';
  readonly to: HandoffState;
  readonly actor: string;
  readonly at: string;
  readonly detail?: string;
}
