// The one module that computes figures (SPEC "Figures") for any department, group and period. The dashboard,
// reports, exports and the leaderboard all call it; it reads the rollups, and can recount them from the records.
import type { Db } from '../../lib/db.ts';
import { withTransaction } from '../../lib/db.ts';
import { nextDate } from '../../lib/calendar.ts';
import { departmentsRepository, type Department } from '../departments/departments.repository.ts';
import { iso } from '../tickets/ticket-view.ts';
import { drilldownRepository, type Drill } from './drilldown.repository.ts';
import { addCounts, ratesOf, type Rates } from './rates.ts';
import { recountRepository } from './recount.repository.ts';
import { COUNTERS, rollupsRepository as rollups, zeroCounts, type Counter, type Counts, type RollupRow, type RollupTable } from './rollups.repository.ts';
import { categoriesRepository } from '../categories/categories.repository.ts';

export interface DepartmentFigures extends Rates {
  department_id: number;
  name: string;
  group: string;
  counts: Counts;
}

export interface CategoryFigures extends Rates {
  /** null: orders with no category (差评整改) and ratings that rate no order (a window's). */
  category_id: number | null;
  name: string | null;
  counts: Counts;
}

export interface Period { from: string; to: string }

/** The period of the same length just before this one (month-on-month for a calendar month). */
export function previousPeriod(p: Period): Period {
  if (p.from.endsWith('-01') && nextDate(p.to).endsWith('-01') && p.from.slice(0, 7) === p.to.slice(0, 7)) {
    const prevTo = nextDate(p.from, -1);
    return { from: `${prevTo.slice(0, 7)}-01`, to: prevTo };
  }
  const days = Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000) + 1;
  return { from: nextDate(p.from, -days), to: nextDate(p.from, -1) };
}

export function monthPeriod(month: string): Period {
  const from = `${month}-01`;
  const next = new Date(Date.parse(`${from}T00:00:00Z`));
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { from, to: nextDate(next.toISOString().slice(0, 10), -1) };
}

export class FiguresService {
  constructor(private readonly db: Db) {}

  /** Every department's figures over a period; departments with nothing in it get zero counts and null rates. */
  async departments(period: Period, filter: { group?: string; department_id?: number } = {}): Promise<DepartmentFigures[]> {
    const [departments, sums] = await Promise.all([departmentsRepository.list(this.db), rollups.sumByDepartment(this.db, period.from, period.to)]);
    return departments
      .filter((d) => (!filter.group || d.group === filter.group) && (!filter.department_id || d.id === filter.department_id))
      .filter((d) => d.active || sums.has(d.id))
      .map((d) => this.figuresOf(d, sums.get(d.id) ?? zeroCounts()));
  }

  /** One group's (or the whole city's) figures as if it were one department. */
  async total(period: Period, group?: string): Promise<Rates & { counts: Counts }> {
    const rows = await this.departments(period, { group });
    const counts = rows.reduce((acc, r) => addCounts(acc, r.counts), zeroCounts());
    return { ...ratesOf(counts), counts };
  }

  async daily(period: Period, departmentId?: number) {
    const byDay = await rollups.sumByDay(this.db, period.from, period.to, departmentId);
    const days = [];
    for (let d = period.from; d <= period.to; d = nextDate(d)) {
      const counts = byDay.get(d) ?? zeroCounts();
      days.push({ day: d, ...ratesOf(counts), counts });
    }
    return days;
  }

  /** The assignments behind a number of a department's report. */
  async drilldown(departmentId: number, q: { from: string; to: string; figure: Drill; page: number; per_page: number }) {
    const { items, total } = await drilldownRepository.assignments(this.db, departmentId, q.from, q.to, q.figure, q.page, q.per_page);
    const times = ['dispatched_at', 'sign_deadline_at', 'signed_at', 'due_at', 'replied_at'] as const;
    return {
      total, page: q.page, per_page: q.per_page,
      items: items.map((i: Record<string, any>) => ({ ...i, is_redo: Boolean(i.is_redo), ...Object.fromEntries(times.map((t) => [t, iso(i[t])])) })),
    };
  }

  figuresOf(d: Department, counts: Counts): DepartmentFigures {
    return { department_id: d.id, name: d.name, group: d.group, ...ratesOf(counts), counts };
  }

  /** Every category's figures over a period, for one department, one group or the whole city; 0 is "no category". */
  async categories(period: Period, filter: { group?: string; department_id?: number } = {}): Promise<CategoryFigures[]> {
    let departmentIds: number[] | undefined;
    if (filter.department_id) departmentIds = [filter.department_id];
    else if (filter.group) departmentIds = (await departmentsRepository.list(this.db)).filter((d) => d.group === filter.group).map((d) => d.id);
    const [categories, sums] = await Promise.all([categoriesRepository.list(this.db), rollups.sumByCategory(this.db, period.from, period.to, departmentIds)]);
    const names = new Map(categories.map((c) => [c.id, c.name]));
    return [...sums.entries()]
      .map(([id, counts]) => ({ category_id: id || null, name: id ? names.get(id) ?? null : null, ...ratesOf(counts), counts }))
      .sort((a, b) => b.counts.dispatched - a.counts.dispatched || (a.category_id ?? 0) - (b.category_id ?? 0));
  }

  /** Recounts every counter from assignments and ratings; answers the rows where rollups and recount differ. */
  async verify(): Promise<Array<{ table: RollupTable; department_id: number; category_id?: number; day: string; counter: string; rollup: number; recount: number }>> {
    const fresh = await this.recount();
    const diffs = [];
    for (const table of ['department_day_stats', 'category_day_stats'] as const) {
      const stored = await rollups.all(this.db, table);
      const key = (r: RollupRow) => `${r.department_id}|${table === 'category_day_stats' ? r.category_id : ''}|${r.day}`;
      const storedMap = new Map(stored.map((r) => [key(r), r]));
      const freshMap = new Map(fresh[table].map((r) => [key(r), r]));
      for (const k of new Set([...storedMap.keys(), ...freshMap.keys()])) {
        const [department_id, category_id, day] = k.split('|');
        for (const c of COUNTERS) {
          const a = Number(storedMap.get(k)?.[c] ?? 0);
          const b = Number(freshMap.get(k)?.[c] ?? 0);
          if (a !== b) {
            diffs.push({ table, department_id: Number(department_id), ...(category_id ? { category_id: Number(category_id) } : {}), day, counter: c, rollup: a, recount: b });
          }
        }
      }
    }
    return diffs;
  }

  /** Rebuilds the rollups from the records (after a restore, or if verify() ever finds drift). */
  async rebuild(): Promise<number> {
    const fresh = await this.recount();
    await withTransaction(this.db, async (trx) => {
      await rollups.replaceAll(trx, 'department_day_stats', fresh.department_day_stats);
      await rollups.replaceAll(trx, 'category_day_stats', fresh.category_day_stats);
    });
    return fresh.department_day_stats.length;
  }

  /** Fills the counters by category of a database whose records predate them (the migration that added them). */
  async ensureCategoryRollups(): Promise<boolean> {
    if (!(await rollups.isEmpty(this.db, 'category_day_stats'))) return false;
    if (await rollups.isEmpty(this.db, 'assignments') && await rollups.isEmpty(this.db, 'ratings')) return false;
    await this.rebuild();
    return true;
  }

  /** Both tables' rows counted from the records: by category, and by department (the sums over categories). */
  private async recount(): Promise<Record<RollupTable, RollupRow[]>> {
    const [assignments, ratings] = await Promise.all([recountRepository.assignmentCounts(this.db), recountRepository.ratingCounts(this.db)]);
    const byCategory = new Map<string, RollupRow>();
    const byDepartment = new Map<string, RollupRow>();
    const add = (rows: Map<string, RollupRow>, key: string, base: Omit<RollupRow, Counter>, r: Partial<Counts>) => {
      const row = rows.get(key) ?? ({ ...base, ...zeroCounts() } as RollupRow);
      for (const c of COUNTERS) if (r[c] !== undefined) row[c] += Number(r[c]);
      rows.set(key, row);
    };
    for (const r of [...assignments, ...ratings]) {
      const department_id = Number(r.department_id);
      const category_id = Number(r.category_id);
      const day = String(r.day);
      add(byCategory, `${department_id}|${category_id}|${day}`, { department_id, category_id, day }, r);
      add(byDepartment, `${department_id}|${day}`, { department_id, day }, r);
    }
    return { department_day_stats: [...byDepartment.values()], category_day_stats: [...byCategory.values()] };
  }
}
