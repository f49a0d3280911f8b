// The one module that computes figures (docs/rules/figures.md) for any department, group and period. The dashboard,
// reports, exports and the leaderboard all call it; it reads the rollups, and can recount them from the records.
import type { Db } from '../../lib/db.ts';
import { withTransaction } from '../../lib/db.ts';
import { nextDate } from '../../lib/calendar.ts';
import { departmentsRepository, type Department } from '../departments/departments.repository.ts';
import { iso } from '../../lib/time.ts';
import {
  drilldownRepository,
  RATING_DRILLS,
  type AssignmentDrill,
  type Drill,
  type RatingDrill,
} from './drilldown.repository.ts';
import { addCounts, drillTotal, ratesOf, type Rates } from './rates.ts';
import { recountRepository, supervisionRecount } from './recount.repository.ts';
import {
  COUNTERS,
  ROLLUP_KEYS,
  ROLLUP_TABLES,
  rollupKey,
  rollupsRepository as rollups,
  zeroCounts,
  type Counts,
  type RollupRow,
  type RollupTable,
} from './rollups.repository.ts';
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

export interface Period {
  from: string;
  to: string;
}

/**
 * What a period is compared with (环比), like with like: a whole month with the whole month before; part of a month
 * from its 1st (a month to date) with the same days of the month before (1-5 December with 1-5 November, cut at
 * that month's end); any other period with the period of the same length just before it.
 */
export function previousPeriod(p: Period): Period {
  if (p.from.endsWith('-01') && p.from.slice(0, 7) === p.to.slice(0, 7)) {
    const prevTo = nextDate(p.from, -1);
    if (nextDate(p.to).endsWith('-01')) return { from: `${prevTo.slice(0, 7)}-01`, to: prevTo };
    const sameDay = `${prevTo.slice(0, 7)}-${p.to.slice(8)}`;
    return { from: `${prevTo.slice(0, 7)}-01`, to: sameDay < prevTo ? sameDay : prevTo };
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

/**
 * A month as far as it has gone on `today`: the whole month once it has ended, else its 1st to today (截至今日),
 * so a month under way is never reported as if it had ended. `to_date` says which.
 */
export function monthSoFar(month: string, today: string): Period & { to_date: boolean } {
  const whole = monthPeriod(month);
  return today >= whole.from && today < whole.to
    ? { from: whole.from, to: today, to_date: true }
    : { ...whole, to_date: false };
}

export class FiguresService {
  constructor(private readonly db: Db) {}

  /** Every department's figures over a period; departments with nothing in it get zero counts and null rates. */
  async departments(
    period: Period,
    filter: { group?: string; department_id?: number } = {},
  ): Promise<DepartmentFigures[]> {
    const [departments, sums] = await Promise.all([
      departmentsRepository.list(this.db),
      rollups.sumByDepartment(this.db, period.from, period.to),
    ]);
    return departments
      .filter(
        (d) => (!filter.group || d.group === filter.group) && (!filter.department_id || d.id === filter.department_id),
      )
      .filter((d) => d.active || sums.has(d.id))
      .map((d) => this.figuresOf(d, sums.get(d.id) ?? zeroCounts()));
  }

  /** Departments' figures added up as if they were one department (a group's, or the whole city's). */
  totalOf(rows: DepartmentFigures[]): Rates & { counts: Counts } {
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
  async drilldown(
    departmentId: number,
    q: { from: string; to: string; figure: Drill; page: number; per_page: number },
  ) {
    const sums = await rollups.sumByDepartment(this.db, q.from, q.to);
    const total = drillTotal(sums.get(departmentId) ?? zeroCounts(), q.figure);
    // Nothing behind the number (or a page past the end): no need to read a month of assignments to find none.
    if (RATING_DRILLS.includes(q.figure)) {
      const ratings =
        total > (q.page - 1) * q.per_page
          ? await drilldownRepository.ratings(
              this.db,
              departmentId,
              q.from,
              q.to,
              q.figure as RatingDrill,
              q.page,
              q.per_page,
            )
          : [];
      const times = ['rated_at', 'remedy_due_at', 'remedy_replied_at'] as const;
      return {
        total,
        page: q.page,
        per_page: q.per_page,
        items: ratings.map((i) => ({ ...i, ...Object.fromEntries(times.map((t) => [t, iso(i[t])])) })),
      };
    }
    const items =
      total > (q.page - 1) * q.per_page
        ? await drilldownRepository.assignments(
            this.db,
            departmentId,
            q.from,
            q.to,
            q.figure as AssignmentDrill,
            q.page,
            q.per_page,
          )
        : [];
    const times = ['dispatched_at', 'sign_deadline_at', 'signed_at', 'due_at', 'replied_at'] as const;
    return {
      total,
      page: q.page,
      per_page: q.per_page,
      items: items.map((i) => ({
        ...i,
        is_redo: Boolean(i.is_redo),
        ...Object.fromEntries(times.map((t) => [t, iso(i[t])])),
      })),
    };
  }

  figuresOf(d: Department, counts: Counts): DepartmentFigures {
    return { department_id: d.id, name: d.name, group: d.group, ...ratesOf(counts), counts };
  }

  /** Every category's figures over a period, for one department, one group or the whole city; 0 is "no category". */
  async categories(
    period: Period,
    filter: { group?: string; department_id?: number } = {},
  ): Promise<CategoryFigures[]> {
    let departmentIds: number[] | undefined;
    if (filter.department_id) departmentIds = [filter.department_id];
    else if (filter.group)
      departmentIds = (await departmentsRepository.list(this.db))
        .filter((d) => d.group === filter.group)
        .map((d) => d.id);
    const [categories, sums] = await Promise.all([
      categoriesRepository.list(this.db),
      rollups.sumByCategory(this.db, period.from, period.to, departmentIds),
    ]);
    const names = new Map(categories.map((c) => [c.id, c.name]));
    return [...sums.entries()]
      .map(([id, counts]) => ({
        category_id: id || null,
        name: id ? (names.get(id) ?? null) : null,
        ...ratesOf(counts),
        counts,
      }))
      .sort((a, b) => b.counts.dispatched - a.counts.dispatched || (a.category_id ?? 0) - (b.category_id ?? 0));
  }

  /** Recounts every counter from assignments and ratings; answers the rows where rollups and recount differ. */
  async verify(): Promise<
    Array<{
      table: RollupTable;
      key: Record<string, string | number>;
      counter: string;
      rollup: number;
      recount: number;
    }>
  > {
    const fresh = await this.recount();
    const diffs = [];
    for (const table of ROLLUP_TABLES) {
      const keyOf = (r: RollupRow) => JSON.stringify(ROLLUP_KEYS[table].map((k) => String(r[k])));
      const stored = new Map((await rollups.all(this.db, table)).map((r) => [keyOf(r), r]));
      const counted = new Map(fresh[table].map((r) => [keyOf(r), r]));
      for (const k of new Set([...stored.keys(), ...counted.keys()])) {
        const row = (stored.get(k) ?? counted.get(k))!;
        for (const c of COUNTERS) {
          const a = Number(stored.get(k)?.[c] ?? 0);
          const b = Number(counted.get(k)?.[c] ?? 0);
          if (a !== b)
            diffs.push({
              table,
              key: Object.fromEntries(ROLLUP_KEYS[table].map((f) => [f, row[f]!])),
              counter: c,
              rollup: a,
              recount: b,
            });
        }
      }
    }
    return diffs;
  }

  /** Rebuilds the rollups from the records (after a restore, or if verify() ever finds drift). */
  async rebuild(): Promise<Record<RollupTable, number>> {
    const fresh = await this.recount();
    await withTransaction(this.db, async (trx) => {
      for (const table of ROLLUP_TABLES) await rollups.replaceAll(trx, table, fresh[table]);
    });
    return Object.fromEntries(ROLLUP_TABLES.map((t) => [t, fresh[t].length])) as Record<RollupTable, number>;
  }

  /** Fills the counters of a database whose records predate a counter table (the migration that added it). */
  async ensureRollups(): Promise<boolean> {
    if ((await rollups.isEmpty(this.db, 'assignments')) && (await rollups.isEmpty(this.db, 'ratings'))) return false;
    for (const table of ROLLUP_TABLES) {
      if (await rollups.isEmpty(this.db, table)) {
        await this.rebuild();
        return true;
      }
    }
    return false;
  }

  /** Every table's rows counted from the records: by department, category and day, then added up to the rest. */
  private async recount(): Promise<Record<RollupTable, RollupRow[]>> {
    const [assignments, ratings, supervisions] = await Promise.all([
      recountRepository.assignmentCounts(this.db),
      recountRepository.ratingCounts(this.db),
      supervisionRecount.supervisionCounts(this.db),
    ]);
    const tables = Object.fromEntries(ROLLUP_TABLES.map((t) => [t, new Map<string, RollupRow>()])) as Record<
      RollupTable,
      Map<string, RollupRow>
    >;
    for (const r of [...assignments, ...ratings, ...supervisions]) {
      const at = { department_id: Number(r.department_id), category_id: Number(r.category_id), day: String(r.day) };
      for (const table of ROLLUP_TABLES) {
        const key = rollupKey(table, at);
        const k = JSON.stringify(Object.values(key));
        const row = tables[table].get(k) ?? ({ ...key, ...zeroCounts() } as RollupRow);
        for (const c of COUNTERS) if (r[c] !== undefined) row[c] += Number(r[c]);
        tables[table].set(k, row);
      }
    }
    return Object.fromEntries(ROLLUP_TABLES.map((t) => [t, [...tables[t].values()]])) as Record<
      RollupTable,
      RollupRow[]
    >;
  }
}
