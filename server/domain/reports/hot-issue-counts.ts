// The counts the monthly analysis ranks (docs/rules/hot-spots.md "Monthly analysis"): each district's and street's
// orders per category over the period, and over the period it is compared with.
//
// A month (whole, or its 1st to today) is read from area_month_counts, the month's day rows summed (the surge job
// writes the differences with the day rows, surge.repository.ts writeDay): its index hands out a level's top rows
// in count order, so a big city's month costs a few dozen rows, not its 3.7M day rows (0.6-0.8 s on MariaDB). The
// period compared with is read for the listed rows only, by primary key. Any other period, or a month with day rows
// after its end (a clock set back), is summed from area_daily_counts as before.
import type { Executor } from '../../lib/db.ts';
import { isMysql } from '../../lib/db.ts';
import { nextDate } from '../../lib/calendar.ts';
import type { Level, Period } from './hot-issues.ts';

export interface Counted {
  area_unit_id: number;
  category_id: number;
  count: number;
  previous: number;
  change: number;
}
type Key = `${number}:${number}`;
const keyOf = (area: number, category: number): Key => `${area}:${category}`;
/** Rows ranked per level and kind (areas, pairs): the bulletin lists 10; ties with the 10th are read too. */
const LISTED = 10;
/** Pairs per query of the compared period (a few bindings each). */
const CHUNK = 200;

/** The period's month ('YYYY-MM') when it runs from a month's 1st within that month, else null. */
const monthOf = (p: Period) =>
  p.from.endsWith('-01') && p.from.slice(0, 7) === p.to.slice(0, 7) ? p.from.slice(0, 7) : null;
const isWholeMonth = (p: Period) => monthOf(p) !== null && nextDate(p.to).endsWith('-01');

/** Whether the period's month rows are its sum: a month from its 1st with no day rows after the period's end. */
export async function monthRowsServe(db: Executor, p: Period): Promise<boolean> {
  const month = monthOf(p);
  if (!month) return false;
  if (isWholeMonth(p)) return true;
  // The surge job writes today at the latest, so a month to date has no later rows; one probe of the day index.
  const later = await db('area_daily_counts').where('day', '>', p.to).where('day', '<=', `${month}-31`).first('day');
  return !later;
}

/** The level's rows of the month with the most orders: the top LISTED and every row tied with the last of them. */
async function topOfMonth(db: Executor, month: string, level: Level, all: boolean) {
  const q = () =>
    db('area_month_counts')
      .where({ month, level, is_all: all ? 1 : 0 })
      .where('count', '>', 0);
  const last = await q()
    .orderBy('count', 'desc')
    .limit(1)
    .offset(LISTED - 1)
    .select('count');
  const floor = last.length ? Number(last[0].count) : 1;
  const rows: Array<{ area_unit_id: number; category_id: number; count: number }> = await q()
    .where('count', '>=', floor)
    .select('area_unit_id', 'category_id', 'count');
  return rows.map((r) => ({
    area_unit_id: Number(r.area_unit_id),
    category_id: Number(r.category_id),
    count: Number(r.count),
  }));
}

/** The listed pairs' counts over the compared period: its month rows for a whole month, else its day rows. */
async function countsFor(db: Executor, p: Period, pairs: Array<[number, number]>): Promise<Map<Key, number>> {
  const out = new Map<Key, number>();
  const month = isWholeMonth(p) ? monthOf(p) : null;
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const part = pairs.slice(i, i + CHUNK);
    const q = db(month ? 'area_month_counts' : 'area_daily_counts').where((w) => {
      for (const [area, category] of part) w.orWhere((x) => x.where({ area_unit_id: area, category_id: category }));
    });
    const rows: Array<{ area_unit_id: number; category_id: number; n: number | string }> = month
      ? await q.where('month', month).select('area_unit_id', 'category_id', { n: 'count' })
      : await q
          .whereBetween('day', [p.from, p.to])
          .groupBy('area_unit_id', 'category_id')
          .select('area_unit_id', 'category_id')
          .sum({ n: 'count' });
    for (const r of rows) out.set(keyOf(Number(r.area_unit_id), Number(r.category_id)), Number(r.n));
  }
  return out;
}

/** The candidates of each level's tables from the month's rows, with their counts of the period compared with. */
export async function rankedByMonth(
  db: Executor,
  period: Period,
  previous: Period,
  levelOf: Map<number, Level>,
): Promise<Counted[]> {
  const month = monthOf(period)!;
  const lists = await Promise.all(
    (['district', 'street'] as const).flatMap((level) =>
      [true, false].map(async (all) =>
        // The unit tree says the level now; the row's level is the unit's kind when it was counted.
        (await topOfMonth(db, month, level, all)).filter((r) => levelOf.get(r.area_unit_id) === level),
      ),
    ),
  );
  const rows = lists.flat();
  const before = await countsFor(
    db,
    previous,
    rows.map((r) => [r.area_unit_id, r.category_id]),
  );
  return rows.map((r) => {
    const prev = before.get(keyOf(r.area_unit_id, r.category_id)) ?? 0;
    return { ...r, previous: prev, change: r.count - prev };
  });
}

/** The area_daily_counts of the districts and streets over a period, summed per area and category. */
async function countsOf(db: Executor, p: Period, areas: number[]): Promise<Map<Key, number>> {
  const out = new Map<Key, number>();
  if (!areas.length) return out;
  // By the (area, day) index, named: the planners guess the primary key's area prefix cheaper, which reads each
  // area's whole history (migrations/20261211000005_index_area_days.ts).
  const hint = isMysql(db)
    ? 'FORCE INDEX (area_daily_counts_area_day_index)'
    : 'INDEXED BY area_daily_counts_area_day_index';
  const rows: Array<{ area_unit_id: number; category_id: number; n: number | string }> = await db
    .from(db.raw(`area_daily_counts ${hint}`))
    .whereBetween('day', [p.from, p.to])
    .whereIn('area_unit_id', areas)
    .groupBy('area_unit_id', 'category_id')
    .select('area_unit_id', 'category_id')
    .sum({ n: 'count' });
  for (const r of rows) out.set(keyOf(Number(r.area_unit_id), Number(r.category_id)), Number(r.n));
  return out;
}

/** Every district's and street's counts summed from their day rows (any period). */
export async function summedByDay(db: Executor, period: Period, previous: Period, areas: number[]): Promise<Counted[]> {
  const [now, before] = await Promise.all([countsOf(db, period, areas), countsOf(db, previous, areas)]);
  return [...now].map(([key, count]) => {
    const [area, category] = key.split(':').map(Number);
    const prev = before.get(key) ?? 0;
    return { area_unit_id: area, category_id: category, count, previous: prev, change: count - prev };
  });
}
