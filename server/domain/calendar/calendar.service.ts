// Administrator overrides on top of the official calendar. The in-memory calendar is refreshed from the
// database before deadlines are computed, so an override made on another instance is seen within seconds.
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { WorkCalendar, nextDate } from '../../lib/calendar.ts';
import { calendarRepository as repo, type CalendarOverride } from './calendar.repository.ts';

const REFRESH_MS = 10_000;

export class CalendarService {
  readonly calendar = new WorkCalendar();
  private loadedAt = 0;
  private refreshing: Promise<void> | null = null;

  constructor(private readonly db: Db) {}

  /**
   * The calendar; once it is a few seconds old a refresh starts in the background. Callers compute deadlines
   * inside their transaction: waiting there for a query on another connection would deadlock SQLite's single
   * connection (until the pool's 60 s timeout) and hold a second MySQL connection, so nobody waits for it.
   */
  async current(): Promise<WorkCalendar> {
    if (Date.now() - this.loadedAt > REFRESH_MS && !this.refreshing) {
      this.refreshing = this.reload().catch(() => undefined).finally(() => { this.refreshing = null; });
    }
    return this.calendar;
  }

  async reload(): Promise<void> {
    const rows = await repo.list(this.db);
    this.calendar.setOverrides(rows.map((r) => [r.date, r.workday] as [string, boolean]));
    this.loadedAt = Date.now();
  }

  async setOverride(date: string, workday: boolean, note?: string): Promise<CalendarOverride> {
    const o = { date, workday, note: note ?? null };
    await repo.upsert(this.db, o, toDbTime(clock.now()));
    this.calendar.setOverride(date, workday);
    return o;
  }

  async removeOverride(date: string): Promise<void> {
    if (!(await repo.remove(this.db, date))) throw errors.notFound('日历调整');
    this.calendar.setOverride(date, null);
  }

  /** Every day of a year with whether it is a working day and whether an override decided it. */
  async year(year: number) {
    const cal = await this.current();
    const overrides = new Map((await repo.list(this.db, year)).map((o) => [o.date, o]));
    const days = [];
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = nextDate(d)) {
      days.push({ date: d, workday: cal.isWorkday(d), override: overrides.has(d) });
    }
    return { year, overrides: [...overrides.values()], days };
  }
}
