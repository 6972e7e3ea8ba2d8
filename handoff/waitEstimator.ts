import { Say } from '../content/contentPack';

/**
 * "About N minutes": the customer's position times the recent average handling time,
 * shared over the agents online. Rounded up, never below one minute.
 */
export function expectedWaitMinutes(position: number, recentHandlingMinutes: readonly number[], agentsOnline: number, defaultHandlingMinutes = 6): number {
  const recent = recentHandlingMinutes.filter((m) => Number.isFinite(m) && m > 0);
  const average = recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : defaultHandlingMinutes;
  // Rounded before ceil: handling times come from date arithmetic and carry float noise (4.0000001).
  const minutes = Math.round(((position * average) / Math.max(1, agentsOnline)) * 1000) / 1000;
  return Math.max(1, Math.ceil(minutes));
}

/** "{position}", "{minutes}" and the right word for minute(s), for the queue texts. */
export function waitValues(position: number, minutes: number, say: Say): Record<string, string | number> {
  return { position, minutes, minutesWord: say(minutes === 1 ? 'minute' : 'minutes') };
}
