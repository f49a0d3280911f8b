// The dashboard's days before today: calls per day and orders per category over the last 30 days. Reading them
// means reading a month of call and ticket rows (two million calls and a million orders at a large city's
// volume, about two seconds), far too slow to repeat after every change, while they hardly move once their day is
// over. So they are read once and kept for a few minutes (a late call record or an edited category shows within
// that time), and the live dashboard adds today's figures, read fresh, on top.
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { dayStart, nextDate } from '../../lib/calendar.ts';
import { callFigures, type ConnectionFigures } from '../calls/call-figures.ts';
import { ticketsRepository } from '../tickets/tickets.repository.ts';

export interface CategoryCount { category_id: number | null; name: string | null; n: number }

export interface History { calls: Map<string, ConnectionFigures>; categories: CategoryCount[] }

export class DashboardHistory {
  private kept: { key: string; until: number; value: Promise<History> } | null = null;

  constructor(private readonly db: Db, private readonly keepMs = 5 * 60_000) {}

  /** The local days from..to (both included), as kept or read now. */
  get(from: string, to: string, withinS: number): Promise<History> {
    const key = `${from}..${to}:${withinS}`;
    const now = clock.now().getTime();
    if (this.kept && this.kept.key === key && this.kept.until > now) return this.kept.value;
    const value = this.read(from, to, withinS);
    this.kept = { key, until: now + this.keepMs, value };
    // A failed read is not kept: the next picture tries again.
    value.catch(() => { if (this.kept?.value === value) this.kept = null; });
    return value;
  }

  private async read(from: string, to: string, withinS: number): Promise<History> {
    const [calls, categories] = await Promise.all([
      callFigures(this.db, from, to, withinS, false),
      ticketsRepository.countByCategory(this.db, toDbTime(dayStart(from)), toDbTime(dayStart(nextDate(to)))),
    ]);
    return { calls: new Map(calls.days.map(({ date, ...figures }) => [date, figures])), categories };
  }
}

/** Past and today's counts by category added up, largest first (ties by category, so the order holds still). */
export function addCategories(past: CategoryCount[], today: CategoryCount[]): CategoryCount[] {
  const all = new Map<number | null, CategoryCount>();
  for (const c of [...past, ...today]) {
    const seen = all.get(c.category_id);
    all.set(c.category_id, { category_id: c.category_id, name: c.name ?? seen?.name ?? null, n: (seen?.n ?? 0) + c.n });
  }
  return [...all.values()].sort((a, b) => b.n - a.n || (a.category_id ?? 0) - (b.category_id ?? 0));
}
