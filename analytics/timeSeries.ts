import { localTime } from '../handoff/businessHours';
import { cesStats, CesStats, EffortRow, rate } from './summary';

export type Interval = 'day' | 'week';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_PERIODS = 400;

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  return localTime(at, timeZone).date;
}

/** The period an instant falls in: its local day, or the Monday starting its (ISO) week. */
export function periodOf(at: Date, interval: Interval, timeZone: string): string {
  const day = localDate(at, timeZone);
  if (interval === 'day') return day;
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

/** Every period from `from` to `to` (exclusive), so charts show quiet days as gaps, not as missing points. */
export function periodsBetween(from: Date, to: Date, interval: Interval, timeZone: string): string[] {
  const periods: string[] = [];
  const last = periodOf(new Date(to.getTime() - 1), interval, timeZone);
  let cursor = new Date(`${periodOf(from, interval, timeZone)}T12:00:00Z`);
  while (periods.length < MAX_PERIODS) {
    const period = cursor.toISOString().slice(0, 10);
    periods.push(period);
    if (period >= last) break;
    cursor = new Date(cursor.getTime() + (interval === 'day' ? DAY_MS : 7 * DAY_MS));
  }
  return periods;
}

export interface PeriodStats {
  readonly period: string;
  readonly conversations: number;
  readonly containmentRate: number;
  readonly handoffRate: number;
  /** Effort scores given in this period (by the time of the answer). */
  readonly ces: CesStats;
}

/** Volume, containment and handoffs by the conversation's start; CES by the moment it was given. */
export function overTime(rows: readonly EffortRow[], range: { from: Date; to: Date }, interval: Interval, timeZone: string): PeriodStats[] {
  const startedIn = new Map<string, EffortRow[]>();
  const scoresIn = new Map<string, number[]>();
  for (const row of rows) {
    const period = periodOf(new Date(row.history.startedAt), interval, timeZone);
    if (!startedIn.has(period)) startedIn.set(period, []);
    startedIn.get(period)!.push(row);
    const ces = row.history.ces;
    if (ces) {
      const scoredIn = periodOf(new Date(ces.at), interval, timeZone);
      if (!scoresIn.has(scoredIn)) scoresIn.set(scoredIn, []);
      scoresIn.get(scoredIn)!.push(ces.score);
    }
  }
  return periodsBetween(range.from, range.to, interval, timeZone).map((period) => {
    const started = startedIn.get(period) ?? [];
    const scores = scoresIn.get(period) ?? [];
    return {
      period,
      conversations: started.length,
      containmentRate: rate(started.filter((r) => r.effort.contained).length, started.length),
      handoffRate: rate(started.filter((r) => r.history.handoff).length, started.length),
      ces: cesStats(scores),
    };
  });
}

/** The instant a local calendar day (YYYY-MM-DD) starts in a time zone. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  // The zone's offset at that moment, read back from its local time; a second pass settles DST edges.
  let guess = utcMidnight;
  for (let i = 0; i < 2; i++) {
    const local = localTime(new Date(guess), timeZone);
    guess = utcMidnight - (Date.parse(`${local.date}T${local.time}:00Z`) - guess);
  }
  return new Date(guess);
}
