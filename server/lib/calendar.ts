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
  return `${l.getUTCFullYear()}年${l.getUTCMonth() + 1}月${l.getUTCDate()}日 ${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}`;
}

export function nextDate(date: string, days = 1): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export class WorkCalendar {
  private overrides = new Map<string, boolean>();

  setOverrides(rows: Iterable<[string, boolean]>): void {
    this.overrides = new Map(rows);
  }

  setOverride(date: string, workday: boolean | null): void {
    if (workday === null) this.overrides.delete(date);
    else this.overrides.set(date, workday);
  }

  isWorkday(date: string): boolean {
    return this.overrides.get(date) ?? chineseDays.isWorkday(date);
  }

  /** Ends at 23:59:59 local of the n-th working day after the day of `from`. */
  addWorkdays(from: Date, n: number): Date {
    let date = localDate(from);
    for (let counted = 0; counted < n; ) {
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
