// The one module that computes figures (docs/rules/figures.md) for any department, group and period. The dashboard,
// reports, exports and the leaderboard all call it; it reads the rollups, and can recount them from the records.
import type { Db } from '../../lib/db.ts';
import { withTransaction } from '../../lib/db.ts';
import { nextDate } from '../../lib/calendar.ts';
import type { Department } from '../departments/departments.repository.ts';
import { below, unitTree, type UnitKind } from '../departments/unit-tree.ts';
import { cityLessLevels, lessCounts, treeSums, type Scope } from './tree-figures.ts';
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
  LEVEL_COUNTERS,
  LEVEL_KEYS,
  ROLLUP_KEYS,
  ROLLUP_TABLES,
  rollupKey,
  rollupsRepository as rollups,
  zeroCounts,
  type Counts,
  type LevelRow,
  type RollupRow,
  type RollupTable,
} from './rollups.repository.ts';
import { categoriesRepository } from '../categories/categories.repository.ts';

export interface DepartmentFigures extends Rates {
  department_id: number;
  name: string;
  group: string;
  /** Where the unit stands in the tree (reports draw it indented): its kind, the unit above it, 0 at the top. */
  kind: UnitKind;
  parent_id: number | null;
  depth: number;
  /** 不合理诉求: its assignments of the period judged unreasonable, a count beside the rates (out of all of them). */
  unreasonable: number;
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
  /** `scope`: what a report counts when it does not say (FIGURES_SCOPE): a unit's own figures, or with its tree. */
  constructor(
    private readonly db: Db,
    readonly scope: Scope = 'own',
  ) {}

  /**
   * Every department's figures over a period, in tree order (each unit before the units below it); departments
   * with nothing in it get zero counts and null rates. scope 'tree': each with its units below (tree-figures.ts).
   */
  async departments(
    period: Period,
    filter: { group?: string; department_id?: number; scope?: Scope } = {},
  ): Promise<DepartmentFigures[]> {
    const scope = filter.scope ?? this.scope;
    const [own, tree, levels] = await Promise.all([
      rollups.sumByDepartment(this.db, period.from, period.to),
      unitTree(this.db),
      scope === 'tree' ? rollups.sumLevels(this.db, period.from, period.to) : [],
    ]);
    const { departments } = tree;
    const sums = scope === 'tree' ? treeSums(tree, own, levels) : own;
    const place = new Map(tree.order.map((id, i) => [id, i]));
    return departments
      .filter(
        (d) => (!filter.group || d.group === filter.group) && (!filter.department_id || d.id === filter.department_id),
      )
      .filter((d) => d.active || own.has(d.id) || sums.has(d.id))
      .sort((a, b) => (place.get(a.id) ?? Infinity) - (place.get(b.id) ?? Infinity) || a.id - b.id)
      .map((d) => this.figuresOf(d, sums.get(d.id) ?? zeroCounts(), tree.nodes.get(d.id)?.depth ?? 0));
  }

  /**
   * The department report's rows and total. Its own figures add the rows up; with their units below (tree), the
   * total is every unit the rows hold, each order once (a district and its street listed together count an order
   * passed between them once), so it never adds a tree's figures to its units' again.
   */
  async report(period: Period, filter: { group?: string; department_id?: number; scope?: Scope } = {}) {
    const scope = filter.scope ?? this.scope;
    const rows = await this.departments(period, { ...filter, scope });
    const total = scope === 'own' ? this.totalOf(rows) : (await this.treeTotaller(period))(rows);
    return { scope, departments: rows, total };
  }

  /**
   * What the report's files draw (report-export.ts): each unit's own figures in tree order, and with scope 'tree'
   * each unit's figures with its units below (its subtotal row) and totals of every unit the rows hold.
   */
  async exportView(period: Period, filter: { group?: string; scope?: Scope } = {}) {
    const scope = filter.scope ?? this.scope;
    const [rows, tree] = await Promise.all([
      this.departments(period, { group: filter.group, scope: 'own' }),
      unitTree(this.db),
    ]);
    const { departments } = tree;
    const trees =
      scope === 'tree'
        ? new Map((await this.departments(period, { group: filter.group, scope })).map((r) => [r.department_id, r]))
        : null;
    return {
      rows,
      trees,
      totalOf: trees ? await this.treeTotaller(period) : (r: DepartmentFigures[]) => this.totalOf(r),
      names: new Map(departments.map((d) => [d.id, d.name])),
      /** The units from the top down to each unit (itself last), and those with units below. */
      paths: new Map([...tree.nodes.values()].map((n) => [n.id, n.path])),
      withUnitsBelow: new Set([...tree.nodes.values()].filter((n) => n.children.length > 0).map((n) => n.id)),
    };
  }

  /** Adds up every unit that some rows hold with their units below, each order once (tree-figures.ts). */
  private async treeTotaller(period: Period) {
    const [own, tree, levels] = await Promise.all([
      rollups.sumByDepartment(this.db, period.from, period.to),
      unitTree(this.db),
      rollups.sumLevels(this.db, period.from, period.to),
    ]);
    return (rows: Array<{ department_id: number }>): Rates & { counts: Counts } => {
      const held = new Set(rows.flatMap((r) => [r.department_id, ...below(tree, r.department_id)]));
      let counts = zeroCounts();
      for (const id of held) counts = addCounts(counts, own.get(id) ?? zeroCounts());
      for (const l of levels)
        if (held.has(l.department_id) && held.has(l.parent_department_id)) counts = lessCounts(counts, l.counts);
      return { ...ratesOf(counts), counts };
    };
  }

  /** Departments' figures added up as if they were one department (a group's, or the whole city's). */
  totalOf(rows: DepartmentFigures[]): Rates & { counts: Counts } {
    const counts = rows.reduce((acc, r) => addCounts(acc, r.counts), zeroCounts());
    return { ...ratesOf(counts), counts };
  }

  /**
   * Figures per day, of one department (its own) or of the whole city, which counts each order once: the levels
   * passed down or co-handled inside it are left out (tree-figures.ts).
   */
  async daily(period: Period, departmentId?: number) {
    const [byDay, levels] = await Promise.all([
      rollups.sumByDay(this.db, period.from, period.to, departmentId),
      departmentId ? new Map<string, Counts>() : rollups.sumLevelsByDay(this.db, period.from, period.to),
    ]);
    const days = [];
    for (let d = period.from; d <= period.to; d = nextDate(d)) {
      const counts = cityLessLevels(byDay.get(d) ?? zeroCounts(), levels.get(d));
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

  figuresOf(d: Department, counts: Counts, depth = 0): DepartmentFigures {
    return {
      department_id: d.id,
      name: d.name,
      group: d.group,
      kind: d.kind,
      parent_id: d.parent_id,
      depth,
      ...ratesOf(counts),
      unreasonable: counts.unreasonable,
      counts,
    };
  }

  /** Every category's figures over a period, for one department, one group or the whole city; 0 is "no category". */
  async categories(
    period: Period,
    filter: { group?: string; department_id?: number } = {},
  ): Promise<CategoryFigures[]> {
    let departmentIds: number[] | undefined;
    if (filter.department_id) departmentIds = [filter.department_id];
    else if (filter.group)
      departmentIds = (await unitTree(this.db)).departments.filter((d) => d.group === filter.group).map((d) => d.id);
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
      table: RollupTable | 'level_day_stats';
      key: Record<string, string | number>;
      counter: string;
      rollup: number;
      recount: number;
    }>
  > {
    const fresh = await this.recount();
    const diffs: Awaited<ReturnType<FiguresService['verify']>> = [];
    const levelKey = (r: LevelRow) => JSON.stringify(LEVEL_KEYS.map((k) => String(r[k])));
    const storedLevels = new Map((await rollups.allLevels(this.db)).map((r) => [levelKey(r), r]));
    const countedLevels = new Map(fresh.levels.map((r) => [levelKey(r), r]));
    for (const k of new Set([...storedLevels.keys(), ...countedLevels.keys()])) {
      const row = (storedLevels.get(k) ?? countedLevels.get(k))!;
      for (const c of LEVEL_COUNTERS) {
        const a = Number(storedLevels.get(k)?.[c] ?? 0);
        const b = Number(countedLevels.get(k)?.[c] ?? 0);
        if (a !== b)
          diffs.push({
            table: 'level_day_stats',
            key: Object.fromEntries(LEVEL_KEYS.map((f) => [f, row[f]])),
            counter: c,
            rollup: a,
            recount: b,
          });
      }
    }
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
      await rollups.replaceLevels(trx, fresh.levels);
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
  private async recount(): Promise<Record<RollupTable, RollupRow[]> & { levels: LevelRow[] }> {
    const [assignments, ratings, supervisions, levelRows, coUnitRatings, coUnitLevels, judged, judgedLevels] =
      await Promise.all([
        recountRepository.assignmentCounts(this.db),
        recountRepository.ratingCounts(this.db),
        supervisionRecount.supervisionCounts(this.db),
        recountRepository.levelCounts(this.db),
        recountRepository.coUnitRatingCounts(this.db),
        recountRepository.coUnitRatingLevels(this.db),
        recountRepository.judgedCounts(this.db),
        recountRepository.judgedLevelCounts(this.db),
      ]);
    // A level row adds up the levels dispatched that day and the ratings counted for co-units that day.
    const levelsByKey = new Map<string, LevelRow>();
    for (const r of [...levelRows, ...coUnitLevels, ...judgedLevels]) {
      const at = { day: String(r.day), department_id: Number(r.department_id) };
      const k = JSON.stringify([at.day, at.department_id, Number(r.parent_department_id)]);
      const row =
        levelsByKey.get(k) ??
        ({
          ...at,
          parent_department_id: Number(r.parent_department_id),
          ...Object.fromEntries(LEVEL_COUNTERS.map((c) => [c, 0])),
        } as LevelRow);
      for (const c of LEVEL_COUNTERS) row[c] += Number(r[c] ?? 0);
      levelsByKey.set(k, row);
    }
    const levels = [...levelsByKey.values()];
    const tables = Object.fromEntries(ROLLUP_TABLES.map((t) => [t, new Map<string, RollupRow>()])) as Record<
      RollupTable,
      Map<string, RollupRow>
    >;
    for (const r of [...assignments, ...ratings, ...supervisions, ...coUnitRatings, ...judged]) {
      const at = { department_id: Number(r.department_id), category_id: Number(r.category_id), day: String(r.day) };
      for (const table of ROLLUP_TABLES) {
        const key = rollupKey(table, at);
        const k = JSON.stringify(Object.values(key));
        const row = tables[table].get(k) ?? ({ ...key, ...zeroCounts() } as RollupRow);
        for (const c of COUNTERS) if (r[c] !== undefined) row[c] += Number(r[c]);
        tables[table].set(k, row);
      }
    }
    return {
      ...(Object.fromEntries(ROLLUP_TABLES.map((t) => [t, [...tables[t].values()]])) as Record<
        RollupTable,
        RollupRow[]
      >),
      levels,
    };
  }
}
