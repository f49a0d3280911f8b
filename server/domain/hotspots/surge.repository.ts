// The surge job's reads and writes (docs/rules/hot-spots.md "During the day and after downtime"): a day's orders
// by a created_at range, the baselines of that day's pairs by the primary key of area_daily_counts, the day's rows
// in batches with what they change in their month rows (area_month_counts), and the warnings of the pairs that alarm.
import type { Knex } from 'knex';
import type { Executor } from '../../lib/db.ts';
import { isMysql } from '../../lib/db.ts';
import { ALL_CATEGORIES, type SurgeWarningRow } from './hotspot.types.ts';

/** Bound values per statement: below SQLite's 32,766 and small enough for MariaDB's packet. */
const MAX_BINDINGS = 2000;
/** Pairs (SQLite) or areas (MariaDB) per statement: well within SQLite's expression depth of 1000. */
const MAX_TERMS = 400;

export interface DayOrder {
  area_unit_id: number;
  category_id: number | null;
}

export interface PairKey {
  area: number;
  category: number;
}

/** A pair's orders over its baseline days, the sum of the days' squared counts (a day with none adds 0), its busiest
 *  day's count. */
export interface PairHistory {
  sum: number;
  squares: number;
  busiest: number;
}

export const surgeRepository = {
  /** The last finalized day, or null on an empty table. */
  async lastFinalized(db: Executor): Promise<string | null> {
    const row = await db('hotspot_days').where('finalized', true).max({ day: 'day' }).first();
    return row?.day ?? null;
  },

  /** The first day ever scanned (the baseline's history starts there). */
  async firstScanned(db: Executor): Promise<string | null> {
    const row = await db('hotspot_days').min({ day: 'day' }).first();
    return row?.day ?? null;
  },

  /** The oldest order's creation time (the created_at index's first entry). */
  async firstOrderAt(db: Executor): Promise<string | null> {
    const row = await db('tickets').min({ at: 'created_at' }).first();
    return row?.at ?? null;
  },

  /** The orders with an area created in [from, to): answered from tickets_created_area_category_index alone. */
  async ordersBetween(db: Executor, from: string, to: string): Promise<DayOrder[]> {
    const rows: Array<{ area_unit_id: number; category_id: number | null }> = await db('tickets')
      .where('created_at', '>=', from)
      .andWhere('created_at', '<', to)
      .whereNotNull('area_unit_id')
      .select('area_unit_id', 'category_id');
    return rows;
  },

  /**
   * Each pair's orders over [from, to) (days) and the sum of its days' squared counts (its dispersion), for the given
   * pairs only, each pair a range of the primary key
   * (area, category, day). SQLite reads a row-value list (an OR of a thousand terms would exceed its expression
   * depth of 1000); MariaDB an OR of per-area terms (an area and the IN list of its categories).
   */
  async historySums(db: Executor, pairs: PairKey[], from: string, to: string): Promise<Map<string, PairHistory>> {
    const sums = new Map<string, PairHistory>();
    const read = async (where: (q: Knex.QueryBuilder) => void) => {
      const rows: Array<{
        area_unit_id: number;
        category_id: number;
        total: number | string;
        squares: number | string;
        busiest: number | string;
      }> = await db('area_daily_counts')
        .where(where)
        .andWhere('day', '>=', from)
        .andWhere('day', '<', to)
        .groupBy('area_unit_id', 'category_id')
        .select('area_unit_id', 'category_id', db.raw('SUM(?? * ??) AS squares', ['count', 'count']))
        .sum({ total: 'count' })
        .max({ busiest: 'count' });
      for (const r of rows)
        sums.set(`${r.area_unit_id}|${r.category_id}`, {
          sum: Number(r.total),
          squares: Number(r.squares),
          busiest: Number(r.busiest),
        });
    };
    if (!isMysql(db)) {
      // In area order: SQLite answers a list by the covering (area, day, …) index, reading each listed area's days
      // whole, so a statement must hold few areas. The day's pairs come interleaved (every district and street in
      // every statement): 54,000 pairs took 15 s that way, 1.1 s sorted (bench/surge-job.bench.ts).
      const sorted = [...pairs].sort((x, y) => x.area - y.area || x.category - y.category);
      for (let i = 0; i < sorted.length; i += MAX_TERMS) {
        const part = sorted.slice(i, i + MAX_TERMS);
        const values = part.map(() => '(?, ?)').join(', ');
        await read((q) =>
          q.whereRaw(
            `(area_unit_id, category_id) IN (VALUES ${values})`,
            part.flatMap((p) => [p.area, p.category]),
          ),
        );
      }
      return sums;
    }
    const byArea = new Map<number, number[]>();
    for (const p of pairs) {
      const list = byArea.get(p.area);
      if (list) list.push(p.category);
      else byArea.set(p.area, [p.category]);
    }
    let chunk: Array<[number, number[]]> = [];
    let bindings = 0;
    const flush = async () => {
      if (!chunk.length) return;
      const terms = chunk;
      chunk = [];
      bindings = 0;
      await read((q) => {
        for (const [area, categories] of terms)
          q.orWhere((t) => t.where('area_unit_id', area).whereIn('category_id', categories));
      });
    };
    for (const [area, categories] of byArea) {
      for (let i = 0; i < categories.length; i += MAX_BINDINGS / 2) {
        const part = categories.slice(i, i + MAX_BINDINGS / 2);
        if (bindings + part.length + 1 > MAX_BINDINGS || chunk.length >= MAX_TERMS) await flush();
        chunk.push([area, part]);
        bindings += part.length + 1;
      }
    }
    await flush();
    return sums;
  },

  /**
   * The day's rows as they are stored (to write only what changed, and the month rows by the difference). MariaDB
   * reads them locked: a second scan of the day at the same moment (another instance) waits, then sees this one's
   * rows, so neither adds the same orders to the month twice (SQLite writes one transaction at a time).
   */
  async dayRows(db: Executor, day: string): Promise<Map<string, number>> {
    const q = db('area_daily_counts').where('day', day).select('area_unit_id', 'category_id', 'count');
    const rows: Array<{ area_unit_id: number; category_id: number; count: number }> = await (isMysql(db)
      ? q.forUpdate()
      : q);
    return new Map(rows.map((r) => [`${r.area_unit_id}|${r.category_id}`, Number(r.count)]));
  },

  /**
   * Writes the day's changed rows (insert or update) and deletes the vanished ones, in batches, and adds the
   * differences to their month rows: `before` holds the counts stored before (dayRows), in the same transaction.
   */
  async writeDay(
    db: Executor,
    day: string,
    changed: Array<[PairKey, number]>,
    gone: PairKey[],
    before: Map<string, number>,
  ): Promise<void> {
    const was = (p: PairKey) => before.get(`${p.area}|${p.category}`) ?? 0;
    await addToMonths(db, day.slice(0, 7), [
      ...changed.map(([p, count]): [PairKey, number] => [p, count - was(p)]),
      ...gone.map((p): [PairKey, number] => [p, -was(p)]),
    ]);
    const rows = changed.map(([p, count]) => ({ area_unit_id: p.area, category_id: p.category, day, count }));
    for (let i = 0; i < rows.length; i += MAX_BINDINGS / 4)
      await db('area_daily_counts')
        .insert(rows.slice(i, i + MAX_BINDINGS / 4))
        .onConflict(['area_unit_id', 'category_id', 'day'])
        .merge(['count']);
    for (let i = 0; i < gone.length; i += MAX_BINDINGS / 2) {
      const part = gone.slice(i, i + MAX_BINDINGS / 2);
      await db('area_daily_counts')
        .where('day', day)
        .whereIn(
          ['area_unit_id', 'category_id'],
          part.map((p) => [p.area, p.category]),
        )
        .delete();
    }
  },

  /** The pair's orders over [first, last] (days, inclusive). */
  async pairTotal(db: Executor, p: PairKey, first: string, last: string): Promise<number> {
    const row = await db('area_daily_counts')
      .where({ area_unit_id: p.area, category_id: p.category })
      .andWhere('day', '>=', first)
      .andWhere('day', '<=', last)
      .sum({ total: 'count' })
      .first();
    return Number(row?.total ?? 0);
  },

  /**
   * The warnings of the given areas (the alarming pairs' areas: a handful) that are not closed or that reach `day`
   * (a day scanned again after its warning was closed is already explained by it).
   */
  async warningsAround(db: Executor, areas: number[], day: string): Promise<SurgeWarningRow[]> {
    if (!areas.length) return [];
    return db('surge_warnings')
      .whereIn('area_unit_id', areas)
      .andWhere((q) => q.whereNot('status', 'closed').orWhere('last_day', '>=', day))
      .orderBy('id');
  },

  async recordDay(
    db: Executor,
    row: { day: string; orders: number; pairs: number; warnings: number; finalized: boolean; scanned_at: string },
  ): Promise<void> {
    await db('hotspot_days')
      .insert(row)
      .onConflict('day')
      .merge(['orders', 'pairs', 'warnings', 'finalized', 'scanned_at']);
  },
};

/**
 * Adds each pair's difference to its month row (docs/rules/hot-spots.md "Monthly analysis"), in the pairs' order (two
 * writers lock rows in one order). A new row takes its unit's kind as `level`, as the triggers that kept these rows
 * until migration 20261212000002 did; a row whose sum falls to 0 stays, at 0.
 */
async function addToMonths(db: Executor, month: string, deltas: Array<[PairKey, number]>): Promise<void> {
  const moves = deltas.filter(([, d]) => d !== 0).sort(([x], [y]) => x.area - y.area || x.category - y.category);
  if (!moves.length) return;
  const areas = [...new Set(moves.map(([p]) => p.area))];
  const kinds = new Map<number, string | null>();
  for (let i = 0; i < areas.length; i += MAX_BINDINGS) {
    const units: Array<{ id: number; kind: string | null }> = await db('departments')
      .whereIn('id', areas.slice(i, i + MAX_BINDINGS))
      .select('id', 'kind');
    for (const u of units) kinds.set(Number(u.id), u.kind);
  }
  const rows = moves.map(([p, count]) => ({
    area_unit_id: p.area,
    category_id: p.category,
    month,
    level: kinds.get(p.area) ?? null,
    is_all: p.category === ALL_CATEGORIES ? 1 : 0,
    count,
  }));
  const add = db.raw(isMysql(db) ? 'count + VALUES(count)' : 'count + excluded.count');
  for (let i = 0; i < rows.length; i += MAX_BINDINGS / 6)
    await db('area_month_counts')
      .insert(rows.slice(i, i + MAX_BINDINGS / 6))
      .onConflict(['area_unit_id', 'category_id', 'month'])
      .merge({ count: add });
}
