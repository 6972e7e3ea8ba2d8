/** Opening hours in a time zone, with closed dates; `always` / `never` override them for demos and tests. */
export interface BusinessHoursSpec {
  readonly timezone: string;
  readonly weekly: Readonly<Record<Weekday, readonly (readonly [string, string])[]>>;
  readonly closedDates: readonly string[];
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * How soon a ticket is answered, in the shop's calendar: "the Nth business day after the
 * ticket, before HH:MM" (1 and 12:00: next business day before noon), or a number of
 * opening hours. The due time and the bot's promise are both computed from it.
 */
export type TicketResponseTime = { readonly businessDays: number; readonly before: string } | { readonly businessHours: number };
export type BusinessHoursOverride = 'always' | 'never' | undefined;

export interface LocalTime {
  /** YYYY-MM-DD */
  readonly date: string;
  readonly weekday: Weekday;
  /** HH:MM */
  readonly time: string;
}

// Building an Intl formatter costs far more than using one: one per time zone.
const formats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date, weekday and time of a moment in a time zone. */
export function localTime(at: Date, timezone: string): LocalTime {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formats.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: parts.weekday.toLowerCase().slice(0, 3) as Weekday,
    time: `${parts.hour}:${parts.minute}`,
  };
}

export class BusinessHours {
  constructor(
    private readonly spec: BusinessHoursSpec,
    private readonly override: BusinessHoursOverride = undefined,
  ) {}

  isOpen(at: Date): boolean {
    if (this.override === 'always') return true;
    if (this.override === 'never') return false;
    return this.openBySpec(at);
  }

  /**
   * When a ticket filed at `at` is due. Follows the shop's own calendar even when the hours
   * are overridden (always/never, for demos): a promise must be one the shop can keep.
   */
  ticketDue(at: Date, response: TicketResponseTime): Date {
    if ('businessHours' in response) {
      // Opening hours counted in 15-minute steps, up to eight weeks ahead.
      let left = Math.round(response.businessHours * 4);
      const start = Math.ceil(at.getTime() / 900_000) * 900_000;
      for (let t = start; t < start + 56 * 86_400_000; t += 900_000) {
        if (this.openBySpec(new Date(t)) && --left <= 0) return new Date(t + 900_000);
      }
      return new Date(at.getTime() + response.businessHours * 3_600_000);
    }
    const today = localTime(at, this.spec.timezone);
    let counted = 0;
    for (let day = response.businessDays === 0 ? 0 : 1; day < 120; day++) {
      const date = addDays(today.date, day);
      if (!this.isBusinessDay(date)) continue;
      if (day === 0 && today.time >= response.before) continue; // too late for today
      if (day === 0 || ++counted === response.businessDays) return instantAt(date, response.before, this.spec.timezone);
    }
    return new Date(at.getTime() + Math.max(1, response.businessDays) * 86_400_000);
  }

  private isBusinessDay(date: string): boolean {
    const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
    return this.spec.weekly[weekday].length > 0 && !this.spec.closedDates.includes(date);
  }

  private openBySpec(at: Date): boolean {
    const local = localTime(at, this.spec.timezone);
    if (this.spec.closedDates.includes(local.date)) return false;
    return this.spec.weekly[local.weekday].some(([from, to]) => local.time >= from && local.time < to);
  }

  /** The next moment the desk opens (searching up to two weeks ahead), or undefined if it never does. */
  nextOpening(after: Date): Date | undefined {
    if (this.override === 'always') return after;
    if (this.override === 'never') return undefined;
    // Walk in 15-minute steps: opening times are on quarter hours, and 2 weeks is 1,344 steps.
    const start = new Date(Math.ceil(after.getTime() / 900_000) * 900_000);
    for (let t = start.getTime(); t < start.getTime() + 14 * 86_400_000; t += 900_000) {
      if (this.isOpen(new Date(t))) return new Date(t);
    }
    return undefined;
  }

  /** Local weekday and time of a moment, for messages ("maandag 09:00"). */
  describe(at: Date, locale: string): string {
    return new Intl.DateTimeFormat(locale, { timeZone: this.spec.timezone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  }
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The moment a local date and time (HH:MM) happen in a time zone. */
export function instantAt(date: string, time: string, timezone: string): Date {
  const wanted = Date.parse(`${date}T${time}:00Z`);
  let guess = wanted;
  // Two corrections settle the zone's offset, also on the day it changes.
  for (let i = 0; i < 2; i++) {
    const local = localTime(new Date(guess), timezone);
    guess += wanted - Date.parse(`${local.date}T${local.time}:00Z`);
  }
  return new Date(guess);
}
