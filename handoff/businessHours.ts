/** Opening hours in a time zone, with closed dates; `always` / `never` override them for demos and tests. */
export interface BusinessHoursSpec {
  readonly timezone: string;
  readonly weekly: Readonly<Record<Weekday, readonly (readonly [string, string])[]>>;
  readonly closedDates: readonly string[];
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
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
