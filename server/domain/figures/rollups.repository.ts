// The SQL of the counters: per department and day (department_day_stats, what the department report and the
// leaderboard read) and per department, category and day (category_day_stats, the report by category).
import type { Executor } from '../../lib/db.ts';

export const COUNTERS = ['dispatched', 'returned', 'signed_timely', 'replied', 'replied_on_time', 'redo', 'ratings', 'ratings_good', 'bad', 'bad_fixed'] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const zeroCounts = (): Counts => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;

export const rollupsRepository = {
  /** Adds deltas to one department-day row and to its category's row, creating them when missing; concurrent
   *  bumps add up. Category 0 stands for none. */
  async bump(db: Executor, departmentId: number, categoryId: number | null, day: string, deltas: Partial<Counts>): Promise<void> {
    const entries = Object.entries(deltas).filter(([, v]) => v !== 0) as [Counter, number][];
    if (entries.length === 0) return;
    const counts = { ...zeroCounts(), ...Object.fromEntries(entries) };
    const merge = (table: string) => Object.fromEntries(entries.map(([k, v]) => [k, db.raw('?? + ?', [`${table}.${k}`, v])]));
    await db('department_day_stats').insert({ department_id: departmentId, day, ...counts })
      .onConflict(['department_id', 'day']).merge(merge('department_day_stats'));
    await db('category_day_stats').insert({ department_id: departmentId, category_id: categoryId ?? 0, day, ...counts })
      .onConflict(['day', 'category_id', 'department_id']).merge(merge('category_day_stats'));
  },

  /** Sums of every counter per department over an inclusive range of local days. */
  async sumByDepartment(db: Executor, from: string, to: string): Promise<Map<number, Counts>> {
    const rows = await db('department_day_stats').whereBetween('day', [from, to]).groupBy('department_id')
      .select('department_id', ...COUNTERS.map((c) => db.raw('SUM(??) as ??', [c, c])));
    return new Map(rows.map((r: Record<string, unknown>) => [Number(r.department_id), toCounts(r)]));
  },

  async sumByDay(db: Executor, from: string, to: string, departmentId?: number): Promise<Map<string, Counts>> {
    const q = db('department_day_stats').whereBetween('day', [from, to]).groupBy('day')
      .select('day', ...COUNTERS.map((c) => db.raw('SUM(??) as ??', [c, c])));
    if (departmentId) q.where('department_id', departmentId);
    return new Map((await q).map((r: Record<string, unknown>) => [String(r.day), toCounts(r)]));
  },

  /** Sums of every counter per category over an inclusive range of local days, for one department or all. */
  async sumByCategory(db: Executor, from: string, to: string, departmentIds?: number[]): Promise<Map<number, Counts>> {
    const q = db('category_day_stats').whereBetween('day', [from, to]).groupBy('category_id')
      .select('category_id', ...COUNTERS.map((c) => db.raw('SUM(??) as ??', [c, c])));
    if (departmentIds) q.whereIn('department_id', departmentIds);
    return new Map((await q).map((r: Record<string, unknown>) => [Number(r.category_id), toCounts(r)]));
  },

  /** The category of the assignment a rating rates (ratings of a window rate none: null). */
  async categoryOfAssignment(db: Executor, assignmentId: number | null | undefined): Promise<number | null> {
    if (!assignmentId) return null;
    const row = await db('assignments').where({ id: assignmentId }).first('category_id');
    return row?.category_id ?? null;
  },

  /** Valid bad reviews whose remedy is this assignment. */
  async ratingsRemediedBy(db: Executor, assignmentId: number): Promise<Array<{ department_id: number; assignment_id: number | null; score: number; rated_at: string }>> {
    return db('ratings').where({ remedy_assignment_id: assignmentId, voided: false }).select('department_id', 'assignment_id', 'score', 'rated_at');
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

export type RollupTable = 'department_day_stats' | 'category_day_stats';
export type RollupRow = { department_id: number; category_id?: number; day: string } & Counts;

function toCounts(r: Record<string, unknown>): Counts {
  return Object.fromEntries(COUNTERS.map((c) => [c, Number(r[c] ?? 0)])) as Counts;
}
