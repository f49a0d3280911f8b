// The SQL of the per-department, per-day counters and of the recount that checks them.
import type { Executor } from '../../lib/db.ts';

export const COUNTERS = ['dispatched', 'returned', 'signed_timely', 'replied', 'replied_on_time', 'redo', 'ratings', 'ratings_good', 'bad', 'bad_fixed'] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const zeroCounts = (): Counts => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;

export const rollupsRepository = {
  /** Adds deltas to one department-day row, creating it when missing; concurrent bumps add up. */
  async bump(db: Executor, departmentId: number, day: string, deltas: Partial<Counts>): Promise<void> {
    const entries = Object.entries(deltas).filter(([, v]) => v !== 0) as [Counter, number][];
    if (entries.length === 0) return;
    const insert: Record<string, unknown> = { department_id: departmentId, day, ...zeroCounts() };
    const merge: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      insert[k] = v;
      merge[k] = db.raw('?? + ?', [`department_day_stats.${k}`, v]);
    }
    await db('department_day_stats').insert(insert).onConflict(['department_id', 'day']).merge(merge);
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

  /** Valid bad reviews whose remedy is this assignment. */
  async ratingsRemediedBy(db: Executor, assignmentId: number): Promise<Array<{ department_id: number; score: number; rated_at: string }>> {
    return db('ratings').where({ remedy_assignment_id: assignmentId, voided: false }).select('department_id', 'score', 'rated_at');
  },

  async all(db: Executor): Promise<Array<{ department_id: number; day: string } & Counts>> {
    return db('department_day_stats').orderBy(['department_id', 'day']);
  },

  async replaceAll(db: Executor, rows: Array<{ department_id: number; day: string } & Counts>): Promise<void> {
    await db('department_day_stats').delete();
    for (let i = 0; i < rows.length; i += 500) await db('department_day_stats').insert(rows.slice(i, i + 500));
  },
};

function toCounts(r: Record<string, unknown>): Counts {
  return Object.fromEntries(COUNTERS.map((c) => [c, Number(r[c] ?? 0)])) as Counts;
}
