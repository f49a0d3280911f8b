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
import { COUNTERS, rollupsRepository as rollups, zeroCounts, type Counts } from './rollups.repository.ts';

export interface DepartmentFigures extends Rates {
  department_id: number;
  name: string;
  group: string;
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

  /** Recounts every counter from assignments and ratings; answers the rows where rollups and recount differ. */
  async verify(): Promise<Array<{ department_id: number; day: string; counter: string; rollup: number; recount: number }>> {
    const [stored, fresh] = await Promise.all([rollups.all(this.db), this.recount()]);
    const key = (r: { department_id: number; day: string }) => `${r.department_id}|${r.day}`;
    const storedMap = new Map(stored.map((r) => [key(r), r]));
    const freshMap = new Map(fresh.map((r) => [key(r), r]));
    const diffs = [];
    for (const k of new Set([...storedMap.keys(), ...freshMap.keys()])) {
      const [department_id, day] = k.split('|');
      for (const c of COUNTERS) {
        const a = Number(storedMap.get(k)?.[c] ?? 0);
        const b = Number(freshMap.get(k)?.[c] ?? 0);
        if (a !== b) diffs.push({ department_id: Number(department_id), day, counter: c, rollup: a, recount: b });
      }
    }
    return diffs;
  }

  /** Rebuilds the rollups from the records (after a restore, or if verify() ever finds drift). */
  async rebuild(): Promise<number> {
    const rows = await this.recount();
    await withTransaction(this.db, (trx) => rollups.replaceAll(trx, rows));
    return rows.length;
  }

  private async recount(): Promise<Array<{ department_id: number; day: string } & Counts>> {
    const [assignments, ratings] = await Promise.all([recountRepository.assignmentCounts(this.db), recountRepository.ratingCounts(this.db)]);
    const rows = new Map<string, { department_id: number; day: string } & Counts>();
    for (const r of [...assignments, ...ratings]) {
      const k = `${r.department_id}|${r.day}`;
      const row = rows.get(k) ?? { department_id: Number(r.department_id), day: String(r.day), ...zeroCounts() };
      for (const c of COUNTERS) if (r[c] !== undefined) row[c] += Number(r[c]);
      rows.set(k, row);
    }
    return [...rows.values()];
  }
}
