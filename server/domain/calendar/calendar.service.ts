// The working-day calendar: the official schedule (chinese-days) plus administrator overrides, and whole years
// an administrator entered from the State Council's notice. The in-memory calendar is refreshed from the database
// before deadlines are computed, so an override made on another instance is seen within seconds.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, toDbTime, withTransaction } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { WorkCalendar, localDate, nextDate } from '../../lib/calendar.ts';
import type { TicketWriter } from '../tickets/ticket-writer.ts';
import type { Actor } from '../users/actor.ts';
import { calendarRepository as repo, type CalendarOverride } from './calendar.repository.ts';
import { yearDays } from './calendar-year.ts';
import type { YearScheduleInput } from './calendar.schemas.ts';
import { recomputeDeadlines, type Recomputed } from './deadline-recompute.ts';

const REFRESH_MS = 10_000;

export interface YearSchedule {
  year: number;
  source: 'official' | 'administrator' | null;
  confirmed_at: string | null;
  holidays: string[];
  workdays: string[];
}
const DEFAULTS: Pick<Config, 'calendar' | 'rules'> = {
  calendar: { warnFrom: '10-01' },
  rules: { escalateHeadAfterWorkdays: 3 } as Config['rules'],
};

export class CalendarService {
  readonly calendar = new WorkCalendar();
  private loadedAt = 0;
  private refreshing: Promise<void> | null = null;
  /** While a year is being entered the in-memory calendar is ahead of the database: no refresh may undo it. */
  private entering = 0;
  /** Bumped by every change made here: a refresh that read the database before it does not overwrite it. */
  private generation = 0;
  /** Years are entered one at a time in this process: each computes from the calendar the one before left. */
  private yearQueue: Promise<unknown> = Promise.resolve();

  /** `writer` moves the deadlines of held tickets when a year is entered (deadline-recompute.ts). */
  constructor(
    private readonly db: Db,
    private readonly writer: TicketWriter,
    private readonly config: Pick<Config, 'calendar' | 'rules'> = DEFAULTS,
  ) {}

  /**
   * The calendar; once it is a few seconds old a refresh starts in the background. Callers compute deadlines
   * inside their transaction: waiting there for a query on another connection would deadlock SQLite's single
   * connection (until the pool's 60 s timeout) and hold a second MySQL connection, so nobody waits for it.
   */
  async current(): Promise<WorkCalendar> {
    if (Date.now() - this.loadedAt > REFRESH_MS && !this.refreshing && this.entering === 0) {
      this.refreshing = this.reload()
        .catch(() => undefined)
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.calendar;
  }

  async reload(): Promise<void> {
    const generation = this.generation;
    const [rows, years] = await Promise.all([repo.list(this.db), repo.years(this.db)]);
    if (this.entering > 0 || generation !== this.generation) return;
    this.calendar.setOverrides(rows.map((r) => [r.date, r.workday] as [string, boolean]));
    this.calendar.setConfirmedYears(years.map((y) => Number(y.year)));
    this.loadedAt = Date.now();
  }

  async setOverride(date: string, workday: boolean, note?: string): Promise<CalendarOverride> {
    const o = { date, workday, note: note ?? null };
    await repo.upsert(this.db, o, toDbTime(clock.now()));
    this.generation++;
    this.calendar.setOverride(date, workday);
    return o;
  }

  async removeOverride(date: string): Promise<void> {
    if (!(await repo.remove(this.db, date))) throw errors.notFound('calendarOverride');
    this.generation++;
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
    return { year, source: cal.scheduleOf(year), overrides: [...overrides.values()], days };
  }

  /**
   * Whether administrators must enter a schedule: the current year without one (all year), and the coming year
   * without one from config calendar.warnFrom (1 October): December's deadlines already reach into it.
   */
  async status() {
    const cal = await this.current();
    const today = localDate(clock.now());
    const year = Number(today.slice(0, 4));
    const years = [year, year + 1].map((y) => ({ year: y, source: cal.scheduleOf(y) }));
    const warnFrom = this.config.calendar.warnFrom;
    const missing = years
      .filter((y) => y.source === null && (y.year === year || today.slice(5) >= warnFrom))
      .map((y) => y.year);
    return { today, warn_from: warnFrom, warning: missing.length > 0, missing, years };
  }

  /** A year's entered schedule as stored (holidays and make-up working days), with where the year's days come from. */
  async schedule(year: number): Promise<YearSchedule> {
    const [cal, confirmed, days] = await Promise.all([this.current(), repo.years(this.db), repo.list(this.db, year)]);
    const row = confirmed.find((y) => Number(y.year) === year);
    return {
      year,
      source: cal.scheduleOf(year),
      confirmed_at: row ? fromDbTime(row.confirmed_at)!.toISOString() : null,
      holidays: days.filter((d) => !d.workday).map((d) => d.date),
      workdays: days.filter((d) => d.workday).map((d) => d.date),
    };
  }

  /**
   * 录入全年安排: the year's holidays and make-up working days replace its overrides, the year counts as confirmed,
   * and every held ticket whose deadlines were computed on unconfirmed days is recomputed, all in one transaction.
   */
  async setYear(
    actor: Actor,
    year: number,
    input: YearScheduleInput,
  ): Promise<YearSchedule & { recomputed: Recomputed }> {
    const days = yearDays(year, input);
    const run = this.yearQueue.then(() => this.enterYear(actor, year, days));
    this.yearQueue = run.catch(() => undefined);
    return run;
  }

  private async enterYear(
    actor: Actor,
    year: number,
    days: CalendarOverride[],
  ): Promise<YearSchedule & { recomputed: Recomputed }> {
    const before = this.calendar.clone();
    this.generation++;
    this.entering++;
    try {
      const recomputed = await withTransaction(this.db, async (trx) => {
        await repo.replaceYear(trx, year, days, actor.id, toDbTime(clock.now()));
        // The services compute with this calendar (the ticket writer marks and schedules by it): it takes the year now,
        // and goes back below if the transaction fails.
        this.calendar.applyYear(
          year,
          days.map((d) => [d.date, d.workday] as [string, boolean]),
        );
        return recomputeDeadlines(trx, actor, before, this.calendar.clone(), year, this.config, this.writer);
      });
      return { ...(await this.schedule(year)), recomputed };
    } catch (err) {
      this.calendar.copyFrom(before);
      throw err;
    } finally {
      this.generation++;
      this.entering--;
    }
  }

  /** Forgets an entered year (its days and the confirmation); deadlines stay as they are. */
  async forgetYear(year: number): Promise<void> {
    await withTransaction(this.db, (trx) => repo.removeYear(trx, year));
    this.generation++;
    await this.reload();
  }
}
