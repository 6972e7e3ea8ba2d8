/** One customer message as the frustration detector sees it. */
export interface FrustrationSignal {
  readonly text: string;
  readonly intent: string;
  readonly sentiment: number;
}

export interface FrustrationAssessment {
  /** 0 calm … 3 clearly frustrated. */
  readonly level: number;
  readonly reasons: string[];
}

/** Share of letters written in capitals ("WAAR IS MIJN PAKKET"). */
export function shoutingRatio(text: string): number {
  const letters = [...text].filter((ch) => /\p{L}/u.test(ch));
  if (letters.length < 8) return 0;
  return letters.filter((ch) => ch !== ch.toLowerCase()).length / letters.length;
}

/**
 * Signs that the customer is losing patience (DESIGN.md §5): negative sentiment trend,
 * repeating the same question, capitals and exclamation marks, a complaint. Each raises
 * the level; the bot offers a person earlier and the handoff gets a higher priority.
 */
export function assessFrustration(history: readonly FrustrationSignal[]): FrustrationAssessment {
  const reasons: string[] = [];
  const recent = history.slice(-4);
  const last = recent[recent.length - 1];
  if (!last) return { level: 0, reasons };
  const negative = recent.filter((m) => m.sentiment <= -0.15).length;
  if (negative >= 2 || last.sentiment <= -0.4) reasons.push('negative sentiment');
  const asked = new Map<string, number>();
  for (const m of history) if (m.intent !== 'none') asked.set(m.intent, (asked.get(m.intent) ?? 0) + 1);
  if (last.intent !== 'none' && (asked.get(last.intent) ?? 0) >= 2) reasons.push('repeated question');
  if (shoutingRatio(last.text) >= 0.6 || /!{2,}|\?!|!\?/.test(last.text)) reasons.push('capitals or exclamation marks');
  if (last.intent === 'complaint') reasons.push('complaint');
  return { level: Math.min(3, reasons.length), reasons };
}
