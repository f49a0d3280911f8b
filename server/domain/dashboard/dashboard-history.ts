// The dashboard's days before today: calls per day and orders per category over the last 30 days. Reading them
// means reading a month of call and order rows (two million calls and a million orders at a large city's volume,
// about two seconds), far too slow to repeat after every change, while they hardly move once their day is over.
// So each day is read once and kept: yesterday for a few minutes (a late call record shows within that time),
// older days for an hour. Days are read one after the other, in short queries, so that on SQLite's one
// connection the writes of the moment pass in between. The live dashboard adds today, read fresh, on top.
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { dayStart, nextDate } from '../../lib/calendar.ts';
import { dayCallFigures, type ConnectionFigures } from '../calls/call-figures.ts';
import { ticketsRepository } from '../tickets/tickets.repository.ts';

export interface CategoryCount {
  category_id: number | null;
  name: string | null;
  n: number;
}

export interface History {
  calls: Map<string, ConnectionFigures>;
  categories: CategoryCount[];
}

interface Day {
  calls: ConnectionFigures;
  categories: CategoryCount[];
}

export class DashboardHistory {
  private days = new Map<string, { until: number; day: Day }>();
  private reading: Promise<History> | null = null;

  constructor(
    private readonly db: Db,
    private readonly lastDayMs = 5 * 60_000,
    private readonly olderDaysMs = 60 * 60_000,
  ) {}

  /** The local days from..to (both included), as kept or read now; one reading at a time. */
  async get(from: string, to: string, withinS: number): Promise<History> {
    while (this.reading) await this.reading.catch(() => undefined);
    this.reading = this.read(from, to, withinS);
    try {
      return await this.reading;
    } finally {
      this.reading = null;
    }
  }

  private async read(from: string, to: string, withinS: number): Promise<History> {
    const now = clock.now().getTime();
    const wanted = new Set<string>();
    const calls = new Map<string, ConnectionFigures>();
    let categories: CategoryCount[] = [];
    for (let date = from, i = 0; date <= to; date = nextDate(date), i++) {
      const key = `${date}:${withinS}`;
      wanted.add(key);
      let kept = this.days.get(key);
      if (!kept || kept.until <= now) {
        // Older days read together expire spread over an hour, not all in the same picture.
        const keep = date === to ? this.lastDayMs : this.olderDaysMs * (1 + i / 30);
        kept = { until: now + keep, day: await this.readDay(date, withinS) };
        this.days.set(key, kept);
      }
      calls.set(date, kept.day.calls);
      categories = addCategories(categories, kept.day.categories);
    }
    for (const key of this.days.keys()) if (!wanted.has(key)) this.days.delete(key);
    return { calls, categories };
  }

  private async readDay(date: string, withinS: number): Promise<Day> {
    const calls = await dayCallFigures(this.db, date, withinS);
    const categories = await ticketsRepository.countByCategory(
      this.db,
      toDbTime(dayStart(date)),
      toDbTime(dayStart(nextDate(date))),
    );
    return { calls, categories };
  }
}

/** Counts by category added up, largest first (ties by category, so the order holds still). */
export function addCategories(past: CategoryCount[], today: CategoryCount[]): CategoryCount[] {
  const all = new Map<number | null, CategoryCount>();
  for (const c of [...past, ...today]) {
    const seen = all.get(c.category_id);
    all.set(c.category_id, { category_id: c.category_id, name: c.name ?? seen?.name ?? null, n: (seen?.n ?? 0) + c.n });
  }
  return [...all.values()].sort((a, b) => b.n - a.n || (a.category_id ?? 0) - (b.category_id ?? 0));
}
