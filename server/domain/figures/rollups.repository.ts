// The SQL of the counters (rollups): per department (what the department report and the leaderboard read) and per
// department and category (the report by category), each per day and per month.
import { isMysql, type Executor } from '../../lib/db.ts';
import { nextDate } from '../../lib/calendar.ts';
import { PerTransaction } from '../../lib/per-transaction.ts';

export const COUNTERS = [
  'dispatched',
  'returned',
  'signed_timely',
  'replied',
  'replied_on_time',
  'redo',
  'ratings',
  'ratings_good',
  'bad',
  'bad_fixed',
  'supervised',
  'contacted_timely',
  // 回访率: replied assignments that had a completed callback or the resident's own rating (assignments.followed_up_at).
  'followed',
  // 解决率: callbacks that asked "is it solved?", and their answers in halves (yes 2, partly 1, no 0).
  'solved_asked',
  'solved_halves',
  // Assignments judged unreasonable (不合理诉求, approved): out of every other counter, counted here for the report.
  'unreasonable',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const zeroCounts = (): Counts => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;

/**
 * The counters of an assignment, which a level (a 'down' or 'co' assignment) also counts in level_day_stats under
 * the unit above it, so a tree's figures can leave out the levels that stayed inside it (docs/rules/figures.md
 * "Levels"). Ratings and supervision orders are not assignments: a tree adds them up whole, but for a rating counted
 * for a co-unit as well as its lead (CO_UNITS_RATED, co-units-rated.ts), kept here under the lead on its rating day.
 */
export const LEVEL_COUNTERS = [
  'dispatched',
  'returned',
  'signed_timely',
  'replied',
  'replied_on_time',
  'redo',
  'contacted_timely',
  'ratings',
  'ratings_good',
  'followed',
  'solved_asked',
  'solved_halves',
  // 不合理诉求: a level judged with its order (migration 20261208000004), so a tree counts the order once.
  'unreasonable',
] as const satisfies readonly Counter[];
export type LevelCounter = (typeof LEVEL_COUNTERS)[number];
/** One unit's levels under one unit above it, on one local day (of their dispatch). */
export type LevelRow = { day: string; department_id: number; parent_department_id: number } & Record<
  LevelCounter,
  number
>;
export const LEVEL_KEYS = ['day', 'department_id', 'parent_department_id'] as const;

/**
 * The counter tables and their keys: by department and by department and category, per day and per month, and by
 * category for the whole city per day (the city's report by category over days that cut months reads those). A
 * department's and the city's categories also per dekad (旬: days 1-10, 11-20, 21 to the month's end): a report
 * over 30 days across two months sums 12 rows a department or category instead of 30 (the department report's p50
 * was 11 ms at 10 million orders, most of it the sums).
 */
export const ROLLUP_KEYS = {
  department_day_stats: ['department_id', 'day'],
  department_dekad_stats: ['dekad', 'department_id'],
  department_month_stats: ['month', 'department_id'],
  category_day_stats: ['day', 'category_id', 'department_id'],
  category_month_stats: ['month', 'category_id', 'department_id'],
  city_category_day_stats: ['day', 'category_id'],
  city_category_dekad_stats: ['dekad', 'category_id'],
} as const;
export type RollupTable = keyof typeof ROLLUP_KEYS;
export const ROLLUP_TABLES = Object.keys(ROLLUP_KEYS) as RollupTable[];
export type RollupRow = {
  department_id?: number;
  category_id?: number;
  day?: string;
  dekad?: string;
  month?: string;
} & Counts;

/** One change's row in a table: the department, its category (0 for none), the local day, its dekad and month. */
export function rollupKey(
  table: RollupTable,
  at: { department_id: number; category_id: number | null; day: string },
): Record<string, string | number> {
  const all: Record<string, string | number> = {
    department_id: at.department_id,
    category_id: at.category_id ?? 0,
    day: at.day,
    dekad: dekadOf(at.day),
    month: at.day.slice(0, 7),
  };
  return Object.fromEntries(ROLLUP_KEYS[table].map((k) => [k, all[k]]));
}

/** A day's dekad (旬) as its month and 1, 2 or 3: 2026-09-16 is 2026-09-2. */
export function dekadOf(day: string): string {
  const d = Number(day.slice(8, 10));
  return `${day.slice(0, 7)}-${d <= 10 ? 1 : d <= 20 ? 2 : 3}`;
}

/** The last day of a day's dekad: the 10th, the 20th or the month's last. */
function dekadEnd(day: string): string {
  const d = Number(day.slice(8, 10));
  return d <= 10 ? `${day.slice(0, 8)}10` : d <= 20 ? `${day.slice(0, 8)}20` : lastDayOfMonth(day);
}

/**
 * A period as whole months (read from the monthly tables), with `byDekad` whole dekads of the months it cuts (from a
 * dekad table), and the days left at its edges (from the daily ones). Edge days that follow each other
 * (the end of one month and the start of the next) are one range: one index range to read.
 */
export function splitPeriod(
  from: string,
  to: string,
  byDekad = false,
): { months: string[]; dekads: string[]; ranges: Array<[string, string]> } {
  const months: string[] = [];
  const dekads: string[] = [];
  const ranges: Array<[string, string]> = [];
  const days = (a: string, z: string) => {
    const previous = ranges.at(-1);
    if (previous && nextDate(previous[1]) === a) previous[1] = z;
    else ranges.push([a, z]);
  };
  for (let d = from; d <= to;) {
    const last = lastDayOfMonth(d);
    const end = last < to ? last : to;
    if (d.endsWith('-01') && last <= to) {
      months.push(d.slice(0, 7));
    } else if (byDekad) {
      for (let x = d; x <= end;) {
        const close = dekadEnd(x);
        const stop = close < end ? close : end;
        const whole = (x.endsWith('-01') || x.endsWith('-11') || x.endsWith('-21')) && stop === close;
        if (whole) dekads.push(dekadOf(x));
        else days(x, stop);
        x = nextDate(stop);
      }
    } else {
      days(d, end);
    }
    d = nextDate(end);
  }
  return { months, dekads, ranges };
}

function lastDayOfMonth(day: string): string {
  const d = new Date(Date.parse(`${day.slice(0, 7)}-01T00:00:00Z`));
  d.setUTCMonth(d.getUTCMonth() + 1);
  return nextDate(d.toISOString().slice(0, 10), -1);
}

/** Bumps held back in a transaction (deferBumps) until flushBumps: summed per department, category and day. */
type HeldBump = { departmentId: number; categoryId: number | null; day: string; deltas: Partial<Counts> };
const held = new PerTransaction<string, HeldBump>();

/**
 * Bumps written with one statement per counter table, whatever number of units, categories and days they touch: a
 * batch of orders for twenty units wrote seven statements per unit (all under the counter rows' locks, which every
 * dispatch of the day wants on MariaDB), so its throughput fell to a third of the one-unit batch's. Each table's
 * rows are summed by its own key (the city's rows gather every unit) and written in key order, so two batches lock
 * the rows they share in the same order; a row whose changes cancel out is not written.
 */
async function writeBumps(db: Executor, bumps: HeldBump[]): Promise<void> {
  const counters = COUNTERS.filter((c) => bumps.some((b) => (b.deltas[c] ?? 0) !== 0));
  if (counters.length === 0) return;
  // The row's value plus the one the statement offered: VALUES() on MariaDB/MySQL, excluded on SQLite.
  const added = isMysql(db) ? '?? + VALUES(??)' : '?? + excluded.??';
  for (const table of ROLLUP_TABLES) {
    const rows = new Map<string, Record<string, string | number>>();
    for (const b of bumps) {
      const key = rollupKey(table, { department_id: b.departmentId, category_id: b.categoryId, day: b.day });
      const id = ROLLUP_KEYS[table].map((k) => key[k]).join('|');
      const row = rows.get(id) ?? { ...key, ...zeroCounts() };
      for (const c of counters) row[c] = (row[c] as number) + (b.deltas[c] ?? 0);
      rows.set(id, row);
    }
    const written = [...rows]
      .filter(([, row]) => counters.some((c) => row[c] !== 0))
      .sort(([a], [z]) => (a < z ? -1 : a > z ? 1 : 0))
      .map(([, row]) => row);
    if (written.length === 0) continue;
    await db(table)
      .insert(written)
      .onConflict([...ROLLUP_KEYS[table]])
      .merge(Object.fromEntries(counters.map((c) => [c, db.raw(added, [`${table}.${c}`, c])])));
  }
}

export const rollupsRepository = {
  /**
   * From now on this transaction's bumps are summed in memory and written by flushBumps, before its commit. A batch
   * of dispatches (the group commit's creations) then writes each counter row once instead of once per order, and
   * takes the counter rows' locks, which every dispatch of the day wants (MariaDB), only at its end, so they are
   * held for its last statements instead of the whole batch. False when the transaction already defers (its
   * owner flushes).
   */
  deferBumps(trx: Executor): boolean {
    if (held.peek(trx)) return false;
    held.of(trx);
    return true;
  },

  /** Writes the bumps held since deferBumps. */
  async flushBumps(trx: Executor): Promise<void> {
    const bumps = held.take(trx);
    if (bumps?.size) await writeBumps(trx, [...bumps.values()]);
  },

  /** Adds deltas to the change's row in every counter table, creating rows when missing; concurrent bumps add up. */
  async bump(
    db: Executor,
    departmentId: number,
    categoryId: number | null,
    day: string,
    deltas: Partial<Counts>,
  ): Promise<void> {
    const deferred = held.peek(db);
    if (deferred) {
      const key = `${departmentId}|${categoryId ?? 0}|${day}`;
      const sum = deferred.get(key) ?? { departmentId, categoryId, day, deltas: {} };
      for (const [k, v] of Object.entries(deltas) as [Counter, number][]) sum.deltas[k] = (sum.deltas[k] ?? 0) + v;
      deferred.set(key, sum);
      return;
    }
    await writeBumps(db, [{ departmentId, categoryId, day, deltas }]);
  },

  /** Adds an assignment's deltas to its level row (the level's unit, the unit above it, the dispatch day). */
  async bumpLevel(
    db: Executor,
    departmentId: number,
    parentDepartmentId: number,
    day: string,
    deltas: Partial<Counts>,
  ): Promise<void> {
    const entries = LEVEL_COUNTERS.map((c) => [c, deltas[c] ?? 0] as const).filter(([, v]) => v !== 0);
    if (entries.length === 0) return;
    await db('level_day_stats')
      .insert({
        day,
        department_id: departmentId,
        parent_department_id: parentDepartmentId,
        ...Object.fromEntries(LEVEL_COUNTERS.map((c) => [c, 0])),
        ...Object.fromEntries(entries),
      })
      .onConflict([...LEVEL_KEYS])
      .merge(Object.fromEntries(entries.map(([k, v]) => [k, db.raw('?? + ?', [`level_day_stats.${k}`, v])])));
  },

  /**
   * The levels' counters over an inclusive range of local days, per unit and unit above it (or per day, for the
   * whole city's daily figures): what a tree's sums leave out when both units lie in the tree.
   */
  async sumLevels(
    db: Executor,
    from: string,
    to: string,
  ): Promise<Array<{ department_id: number; parent_department_id: number; counts: Counts }>> {
    const rows = await db('level_day_stats')
      .whereBetween('day', [from, to])
      .groupBy('department_id', 'parent_department_id')
      .select('department_id', 'parent_department_id', ...LEVEL_COUNTERS.map((c) => db.raw('SUM(??) as ??', [c, c])));
    return rows.map((r: Record<string, unknown>) => ({
      department_id: Number(r.department_id),
      parent_department_id: Number(r.parent_department_id),
      counts: toCounts(r),
    }));
  },

  async sumLevelsByDay(db: Executor, from: string, to: string): Promise<Map<string, Counts>> {
    const rows = await db('level_day_stats')
      .whereBetween('day', [from, to])
      .groupBy('day')
      .select('day', ...LEVEL_COUNTERS.map((c) => db.raw('SUM(??) as ??', [c, c])));
    return new Map(rows.map((r: Record<string, unknown>) => [String(r.day), toCounts(r)]));
  },

  async allLevels(db: Executor): Promise<LevelRow[]> {
    return db('level_day_stats').select('*');
  },

  async replaceLevels(db: Executor, rows: LevelRow[]): Promise<void> {
    await db('level_day_stats').delete();
    for (let i = 0; i < rows.length; i += 500) await db('level_day_stats').insert(rows.slice(i, i + 500));
  },

  /** Sums of every counter per department over an inclusive range of local days. */
  async sumByDepartment(db: Executor, from: string, to: string): Promise<Map<number, Counts>> {
    return sumOver(db, 'department', 'department_id', from, to);
  },

  async sumByDay(db: Executor, from: string, to: string, departmentId?: number): Promise<Map<string, Counts>> {
    const q = db('department_day_stats')
      .whereBetween('day', [from, to])
      .groupBy('day')
      .select('day', ...COUNTERS.map((c) => db.raw('SUM(??) as ??', [c, c])));
    if (departmentId) q.where('department_id', departmentId);
    return new Map((await q).map((r: Record<string, unknown>) => [String(r.day), toCounts(r)]));
  },

  /** Sums of every counter per category over an inclusive range of local days, for some departments or all. */
  async sumByCategory(db: Executor, from: string, to: string, departmentIds?: number[]): Promise<Map<number, Counts>> {
    return sumOver(db, 'category', 'category_id', from, to, departmentIds);
  },

  /**
   * The unit holding the assignment above a level (null for the hotline's own dispatch): from the parent_id the
   * caller holds, or the stored row when only its id is given.
   */
  async unitAbove(db: Executor, a: { id?: number; parent_id?: number | null }): Promise<number | null> {
    let parentId = a.parent_id;
    if (parentId === undefined && a.id !== undefined)
      parentId = (await db('assignments').where({ id: a.id }).first('parent_id'))?.parent_id ?? null;
    if (!parentId) return null;
    const row = await db('assignments').where({ id: parentId }).first('department_id');
    return row ? Number(row.department_id) : null;
  },

  /** The category of the assignment a rating rates (ratings of a window rate none: null). */
  async categoryOfAssignment(db: Executor, assignmentId: number | null | undefined): Promise<number | null> {
    if (!assignmentId) return null;
    const row = await db('assignments').where({ id: assignmentId }).first('category_id');
    return row?.category_id ?? null;
  },

  /** Valid bad reviews whose remedy is this assignment (not those held in a burst: they count once confirmed). */
  async ratingsRemediedBy(
    db: Executor,
    assignmentId: number,
  ): Promise<Array<{ department_id: number; assignment_id: number | null; score: number; rated_at: string }>> {
    return (
      db('ratings')
        // One waiting for the resident's callback after this reply is judged then (put-right.ts judgeByCallback).
        .where({ remedy_assignment_id: assignmentId, voided: false, flagged: false, remedy_callback: false })
        .select('department_id', 'assignment_id', 'score', 'rated_at')
    );
  },

  async all(db: Executor, table: RollupTable): Promise<Array<RollupRow>> {
    return db(table).select('*');
  },

  async replaceAll(db: Executor, table: RollupTable, rows: RollupRow[]): Promise<void> {
    await db(table).delete();
    for (let i = 0; i < rows.length; i += 500) await db(table).insert(rows.slice(i, i + 500));
  },

  async isEmpty(db: Executor, table: RollupTable | 'assignments' | 'ratings'): Promise<boolean> {
    return !(await db(table).first(db.raw('1 as x')));
  },
};

/**
 * Whole months from the monthly table, whole dekads from a dekad table (a department's, the city's categories'),
 * edge days from the daily one, added up per department or per category.
 */
async function sumOver(
  db: Executor,
  level: 'department' | 'category',
  by: 'department_id' | 'category_id',
  from: string,
  to: string,
  departmentIds?: number[],
) {
  // A department's dekads, or the whole city's categories'; one department's or group's categories have none.
  const dekadTable =
    level === 'department' ? 'department_dekad_stats' : departmentIds ? null : 'city_category_dekad_stats';
  const { months, dekads, ranges } = splitPeriod(from, to, dekadTable !== null);
  const part = (table: string) => {
    const q = db(table)
      .groupBy(by)
      .select(by, ...COUNTERS.map((c) => db.raw('SUM(??) as ??', [c, c])));
    if (departmentIds) q.whereIn('department_id', departmentIds);
    return q;
  };
  const parts = await Promise.all([
    ...(months.length ? [part(`${level}_month_stats`).whereIn('month', months)] : []),
    ...(dekadTable && dekads.length ? [part(dekadTable).whereIn('dekad', dekads)] : []),
    // The whole city's categories: the edge days from the city's own table, a few rows a day. Both edges in one
    // statement: a statement costs more than the few hundred rows it reads.
    ...(ranges.length
      ? [
          part(level === 'category' && !departmentIds ? 'city_category_day_stats' : `${level}_day_stats`).where((w) => {
            for (const range of ranges) w.orWhereBetween('day', range);
          }),
        ]
      : []),
  ]);
  const sums = new Map<number, Counts>();
  for (const r of parts.flat() as Record<string, unknown>[]) {
    const id = Number(r[by]);
    const acc = sums.get(id) ?? zeroCounts();
    for (const c of COUNTERS) acc[c] += Number(r[c] ?? 0);
    sums.set(id, acc);
  }
  return sums;
}

function toCounts(r: Record<string, unknown>): Counts {
  return Object.fromEntries(COUNTERS.map((c) => [c, Number(r[c] ?? 0)])) as Counts;
}
