import { Language, pipelineFor } from '../nlu/language';
import { normalizeText, tokenize } from '../nlu/normalize';
import { topicsOf } from './effort';
import { ConversationHistory, NON_TOPIC_INTENTS } from './types';

export interface UnrecognisedGroup {
  /** The most frequent wording in the group (masked). */
  readonly text: string;
  readonly count: number;
  readonly language: Language;
  /** Other wordings, most frequent first (at most five). */
  readonly variants: string[];
  /** The classifier's most frequent best guess for the group, a starting point for the author. */
  readonly suggestedIntent?: string;
  readonly lastSeen: string;
}

const SIMILARITY = 0.5;

function signature(text: string, language: Language): Set<string> {
  const pipeline = pipelineFor(language);
  const words = tokenize(normalizeText(text.replace(/\[[a-z]+\]/g, ' ')));
  const content = words.filter((w) => !pipeline.stopWords.has(w));
  return new Set((content.length > 0 ? content : words).map((w) => pipeline.stemmer.stem(w)));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Messages the bot did not understand (fallbacks) or was unsure about (clarifications),
 * grouped: the same words after stemming and without stop words (Jaccard ≥ 0.5) are one group.
 */
export function unrecognisedMessages(histories: readonly ConversationHistory[], limit = 50): UnrecognisedGroup[] {
  interface Draft {
    language: Language;
    signature: Set<string>;
    texts: Map<string, number>;
    guesses: Map<string, number>;
    count: number;
    lastSeen: string;
  }
  const messages = histories
    .flatMap((h) => h.messages)
    .filter((m) => (m.outcome === 'fallback' || m.outcome === 'clarified') && m.text.trim() !== '')
    .sort((a, b) => a.at.localeCompare(b.at));
  const groups: Draft[] = [];
  for (const message of messages) {
    const sig = signature(message.text, message.language);
    let group = groups.find((g) => g.language === message.language && jaccard(g.signature, sig) >= SIMILARITY);
    if (!group) groups.push((group = { language: message.language, signature: sig, texts: new Map(), guesses: new Map(), count: 0, lastSeen: message.at }));
    group.count++;
    group.lastSeen = message.at;
    const wording = message.text.trim();
    group.texts.set(wording, (group.texts.get(wording) ?? 0) + 1);
    if (message.candidate) group.guesses.set(message.candidate, (group.guesses.get(message.candidate) ?? 0) + 1);
  }
  const byCount = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
  return groups
    .sort((a, b) => b.count - a.count || b.lastSeen.localeCompare(a.lastSeen))
    .slice(0, limit)
    .map((g) => {
      const [text, ...variants] = byCount(g.texts);
      return { text, count: g.count, language: g.language, variants: variants.slice(0, 5), suggestedIntent: byCount(g.guesses)[0], lastSeen: g.lastSeen };
    });
}

export interface NextQuestion {
  readonly intent: string;
  /** How many conversations asked about `intent` and then about something else. */
  readonly followedBy: number;
  readonly next: { intent: string; count: number }[];
}

/**
 * What customers ask next after each topic: per conversation, each topic the bot answered or
 * started a flow for, followed by the next different topic. The top one is the data-driven follow-up.
 */
export function nextQuestions(histories: readonly ConversationHistory[]): NextQuestion[] {
  const pairs = new Map<string, Map<string, number>>();
  for (const history of histories) {
    const sequence = history.messages
      .filter((m) => (m.outcome === 'answered' || m.outcome === 'flow') && !NON_TOPIC_INTENTS.has(m.intent))
      .map((m) => m.intent)
      .filter((intent, i, all) => i === 0 || all[i - 1] !== intent);
    const seen = new Set<string>();
    for (let i = 0; i + 1 < sequence.length; i++) {
      const key = `${sequence[i]}→${sequence[i + 1]}`;
      if (seen.has(key)) continue; // one vote per conversation
      seen.add(key);
      const next = pairs.get(sequence[i]) ?? new Map<string, number>();
      next.set(sequence[i + 1], (next.get(sequence[i + 1]) ?? 0) + 1);
      pairs.set(sequence[i], next);
    }
  }
  return [...pairs.entries()]
    .map(([intent, next]) => {
      const sorted = [...next.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n, count]) => ({ intent: n, count }));
      return { intent, followedBy: sorted.reduce((sum, n) => sum + n.count, 0), next: sorted };
    })
    .sort((a, b) => b.followedBy - a.followedBy || a.intent.localeCompare(b.intent));
}

export interface EffortComment {
  readonly conversationId: string;
  readonly at: string;
  readonly score: number;
  readonly comment: string;
  readonly channel: string;
  readonly language: Language;
  readonly resolvedBy: 'bot' | 'agent';
  readonly intents: string[];
}

/** What customers who found it hard (CES 1–3) said could have been easier, newest first. */
export function lowEffortComments(histories: readonly ConversationHistory[]): EffortComment[] {
  return histories
    .filter((h) => h.ces && h.ces.score <= 3 && h.ces.comment)
    .map((h) => ({
      conversationId: h.conversationId,
      at: h.ces!.at,
      score: h.ces!.score,
      comment: h.ces!.comment!,
      channel: h.channel,
      language: h.language,
      resolvedBy: h.ces!.resolvedBy,
      intents: topicsOf(h),
    }))
    .sort((a, b) => b.at.localeCompare(a.at));
}
