// Working-day arithmetic on the official Chinese calendar (chinese-days, from the State Council schedule)
// with administrator overrides for days it lacks. Asia/Shanghai has no daylight saving: local time is UTC+8.
import chineseDays from 'chinese-days';

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The local (Asia/Shanghai) date of a moment, as YYYY-MM-DD. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00:00.000 local time of a YYYY-MM-DD day. */
export function dayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);
}

/** A moment as people here read it in mails and notes: 2026年11月23日 23:59 (Asia/Shanghai). */
export function beijingTime(d: Date): string {
  const l = new Date(d.getTime() + OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${l.getUTCFullYear()}年${l.getUTCMonth() + 1}月${l.getUTCDate()}日 ` +
    `${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}`
  );
}

/**
 * Answers per date kept by the hot calendar helpers: a deadline walks a few dozen days with each, once or twice for
 * every order dispatched, and the answers never change while the service runs. Cleared past this many dates (the
 * ones in use are a few years' worth).
 */
const MEMO_DATES = 5_000;

function memo<T>(compute: (date: string) => T): (date: string) => T {
  const known = new Map<string, T>();
  return (date) => {
    let answer = known.get(date);
    if (answer === undefined) {
      if (known.size >= MEMO_DATES) known.clear();
      known.set(date, (answer = compute(date)));
    }
    return answer;
  };
}

const dayAfter = memo((date) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10));

export function nextDate(date: string, days = 1): string {
  if (days === 1) return dayAfter(date);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The package's own answer for a date (chinese-days parses and formats the date anew on every call). */
const officialWorkday = memo((date) => chineseDays.isWorkday(date));

const officialYears = new Map<number, boolean>();

/** Whether chinese-days carries the State Council's schedule for a year (it lags the notice by months). */
export function officialSchedule(year: number): boolean {
  let known = officialYears.get(year);
  if (known === undefined) {
    known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    officialYears.set(year, known);
  }
  return known;
}

export class WorkCalendar {
  private overrides = new Map<string, boolean>();
  /** Years whose whole schedule an administrator entered (calendar_years): confirmed like an official one. */
  private confirmed = new Set<number>();

  setOverrides(rows: Iterable<[string, boolean]>): void {
    this.overrides = new Map(rows);
  }

  setConfirmedYears(years: Iterable<number>): void {
    this.confirmed = new Set(years);
  }

  /** A copy to compute with while this one changes (a year's schedule replaced, calendar-years.service.ts). */
  clone(): WorkCalendar {
    const c = new WorkCalendar();
    c.overrides = new Map(this.overrides);
    c.confirmed = new Set(this.confirmed);
    return c;
  }

  /** Takes over another calendar's days (undoing a change that was rolled back). */
  copyFrom(other: WorkCalendar): void {
    this.overrides = new Map(other.overrides);
    this.confirmed = new Set(other.confirmed);
  }

  /** Replaces a year's overrides with its whole schedule and marks the year confirmed. */
  applyYear(year: number, days: Iterable<[string, boolean]>): void {
    for (const date of [...this.overrides.keys()]) if (date.startsWith(`${year}-`)) this.overrides.delete(date);
    for (const [date, workday] of days) this.overrides.set(date, workday);
    this.confirmed.add(year);
  }

  /** Where a year's schedule comes from: the package, an administrator, or nowhere yet (weekends only). */
  scheduleOf(year: number): 'official' | 'administrator' | null {
    if (this.confirmed.has(year)) return 'administrator';
    return officialSchedule(year) ? 'official' : null;
  }

  /** The first year from the day of `from` to the day of `to` with no schedule, or null. */
  firstUnconfirmedYear(from: Date, to: Date): number | null {
    const last = Number(localDate(to).slice(0, 4));
    for (let y = Number(localDate(from).slice(0, 4)); y <= last; y++) if (this.scheduleOf(y) === null) return y;
    return null;
  }

  setOverride(date: string, workday: boolean | null): void {
    if (workday === null) this.overrides.delete(date);
    else this.overrides.set(date, workday);
  }

  isWorkday(date: string): boolean {
    return this.overrides.get(date) ?? officialWorkday(date);
  }

  /** Ends at 23:59:59 local of the n-th working day after the day of `from`. */
  addWorkdays(from: Date, n: number): Date {
    let date = localDate(from);
    for (let counted = 0; counted < n;) {
      date = nextDate(date);
      if (this.isWorkday(date)) counted++;
    }
    return new Date(dayStart(date).getTime() + DAY_MS - 1000);
  }

  /** Working time (ms) between two moments: only the parts that fall on working days count. */
  workingMsBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    let total = 0;
    for (let date = localDate(from); dayStart(date) < to; date = nextDate(date)) {
      if (!this.isWorkday(date)) continue;
      const start = Math.max(dayStart(date).getTime(), from.getTime());
      const end = Math.min(dayStart(date).getTime() + DAY_MS, to.getTime());
      if (end > start) total += end - start;
    }
    return total;
  }

  /** The moment at which `ms` of working time has passed after `from` (used when a suspension ends). */
  addWorkingMs(from: Date, ms: number): Date {
    let remaining = ms;
    let cursor = from.getTime();
    for (let date = localDate(from); ; date = nextDate(date)) {
      const end = dayStart(date).getTime() + DAY_MS;
      if (this.isWorkday(date)) {
        const available = end - cursor;
        if (remaining <= available) return new Date(cursor + remaining);
        remaining -= available;
      }
      cursor = end;
    }
  }

  /** The moment before `to` at which exactly `ms` of working time remains (the start of the yellow card). */
  subtractWorkingMs(to: Date, ms: number): Date {
    let remaining = ms;
    let cursor = to.getTime();
    for (let date = localDate(new Date(to.getTime() - 1)); ; date = nextDate(date, -1)) {
      const start = dayStart(date).getTime();
      if (this.isWorkday(date)) {
        const available = cursor - start;
        if (remaining <= available) return new Date(cursor - remaining);
        remaining -= available;
      }
      cursor = start;
    }
  }
}

export const WORKDAY_MS = DAY_MS;
