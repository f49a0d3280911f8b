// The bulletin's monthly analysis (每月热点分析, docs/rules/hot-spots.md "Monthly analysis"): the period's hot
// issues by area and category, its repeat demands and its surge warnings with what was done about them.
//
// Fast on a big city's month: the hot issues are ranked from area_month_counts, the month's sums of area_daily_counts
// (written by the surge job, a row per area, category and day), read in count order (hot-issue-counts.ts); the
// repeats are read from the flagged orders only (the (repeat_rule, created_at) index), the warnings by their
// last_day index; the month's orders are never scanned. Names come from the unit tree (kept in
// process) and the categories named, never a caller's number.
import type { Executor } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { dayStart, nextDate } from '../../lib/calendar.ts';
import { ALL_CATEGORIES, type SurgeWarningRow } from '../hotspots/hotspot.types.ts';
import { unitTree, type UnitTree } from '../departments/unit-tree.ts';
import { monthRowsServe, rankedByMonth, summedByDay } from './hot-issue-counts.ts';

export interface Period {
  from: string;
  to: string;
}

/** Rows of each table: the bulletin is printed, a short table reads best. */
export const TOP = 10;
/** Warnings listed at most (the count says how many there were). */
const MAX_WARNINGS = 50;
/** The levels the hot issues are told at (a community's orders are in its street's and district's counts). */
const LEVELS = ['district', 'street'] as const;
export type Level = (typeof LEVELS)[number];
const TERRITORIAL = new Set(['district', 'street', 'community']);
/** A repeat demand is handled once answered (replied) or closed. */
const HANDLED = ['replied', 'closed'];
const RULES = ['phone', 'place'] as const;

export interface AreaCount {
  area_unit_id: number;
  area: string;
  /** The names from the district down: 东城区 / 东华门街道. */
  path: string[];
  count: number;
  previous: number;
  change: number;
}
export type PairCount = AreaCount & { category_id: number; category: string };

/** A Beijing-day period as stored times: [its first day's midnight, the day after its last). */
const timesOf = (p: Period) => [toDbTime(dayStart(p.from)), toDbTime(dayStart(nextDate(p.to)))] as const;

function areaOf(tree: UnitTree, id: number | null) {
  const n = id === null ? undefined : tree.nodes.get(id);
  if (!n) return { area: '', path: [] as string[] };
  const path = n.path.map((u) => tree.nodes.get(u)!).filter((u) => TERRITORIAL.has(u.kind));
  return { area: n.name, path: path.map((u) => u.name) };
}

async function categoryNames(db: Executor, ids: Iterable<number>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids)].filter((id) => id !== ALL_CATEGORIES);
  if (!wanted.length) return new Map();
  const rows: Array<{ id: number; name: string }> = await db('categories').whereIn('id', wanted).select('id', 'name');
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/** The most orders first; ties by the previous period's (a new issue before an old one), then by ids. */
const byCount = (a: AreaCount & { category_id?: number }, b: AreaCount & { category_id?: number }) =>
  b.count - a.count ||
  a.previous - b.previous ||
  a.area_unit_id - b.area_unit_id ||
  (a.category_id ?? 0) - (b.category_id ?? 0);

async function hotIssues(db: Executor, tree: UnitTree, period: Period, previous: Period) {
  const levelOf = new Map<number, Level>();
  for (const n of tree.nodes.values())
    if ((LEVELS as readonly string[]).includes(n.kind)) levelOf.set(n.id, n.kind as Level);
  const fast = await monthRowsServe(db, period);
  const rows = fast
    ? await rankedByMonth(db, period, previous, levelOf)
    : await summedByDay(db, period, previous, [...levelOf.keys()]);
  const top = (level: Level, all: boolean) =>
    rows
      .filter((r) => levelOf.get(r.area_unit_id) === level && (r.category_id === ALL_CATEGORIES) === all && r.count > 0)
      .map((r) => ({ ...r, ...areaOf(tree, r.area_unit_id) }))
      .sort(byCount)
      .slice(0, TOP);
  const pairs = { district: top('district', false), street: top('street', false) };
  const names = await categoryNames(
    db,
    [...pairs.district, ...pairs.street].map((p) => p.category_id),
  );
  const named = (list: typeof pairs.district): PairCount[] =>
    list.map(({ area_unit_id, area, path, category_id, count, previous: p, change }) => ({
      area_unit_id,
      area,
      path,
      category_id,
      category: names.get(category_id) ?? '',
      count,
      previous: p,
      change,
    }));
  const areas = (level: Level): AreaCount[] => top(level, true).map(({ category_id: _c, ...r }) => r);
  return {
    areas: { district: areas('district'), street: areas('street') },
    pairs: { district: named(pairs.district), street: named(pairs.street) },
  };
}

/** The period's flagged orders (repeat_rule set), read by the (repeat_rule, created_at) index. */
async function repeats(db: Executor, tree: UnitTree, period: Period) {
  const [from, to] = timesOf(period);
  const flagged = () =>
    db('tickets')
      .whereIn('repeat_rule', [...RULES])
      .where('created_at', '>=', from)
      .where('created_at', '<', to);
  const handled = db.raw(`SUM(CASE WHEN status IN (${HANDLED.map(() => '?').join(', ')}) THEN 1 ELSE 0 END)`, HANDLED);
  const [rules, places] = await Promise.all([
    flagged()
      .groupBy('repeat_rule')
      .select('repeat_rule', { n: db.raw('COUNT(*)') }, { handled }),
    flagged()
      .groupBy('area_unit_id', 'category_id')
      .select('area_unit_id', 'category_id', { n: db.raw('COUNT(*)') }, { handled })
      .orderBy([{ column: 'n', order: 'desc' }, { column: 'area_unit_id' }, { column: 'category_id' }])
      .limit(TOP),
  ]);
  const byRule = RULES.map((rule) => {
    const r = rules.find((x: { repeat_rule: string }) => x.repeat_rule === rule);
    return { rule, count: Number(r?.n ?? 0), handled: Number(r?.handled ?? 0) };
  });
  const names = await categoryNames(
    db,
    places.flatMap((p: { category_id: number | null }) => (p.category_id ? [Number(p.category_id)] : [])),
  );
  return {
    total: byRule.reduce((s, r) => s + r.count, 0),
    handled: byRule.reduce((s, r) => s + r.handled, 0),
    by_rule: byRule,
    places: places.map(
      (p: { area_unit_id: number | null; category_id: number | null; n: unknown; handled: unknown }) => {
        const area = p.area_unit_id === null ? null : Number(p.area_unit_id);
        const category = p.category_id === null ? null : Number(p.category_id);
        return {
          area_unit_id: area,
          ...areaOf(tree, area),
          category_id: category,
          category: category === null ? null : (names.get(category) ?? ''),
          count: Number(p.n),
          handled: Number(p.handled),
        };
      },
    ),
  };
}

const WARNING_COLUMNS = [
  'id',
  'area_unit_id',
  'category_id',
  'first_day',
  'last_day',
  'count',
  'peak',
  'baseline',
  'control_limit',
  'status',
  'assigned_unit_id',
  'assign_note',
  'resolution',
] as const;
type Listed = Pick<SurgeWarningRow, (typeof WARNING_COLUMNS)[number]>;

/** The warnings whose days overlap the period, by their last_day index, the oldest first. */
async function surges(db: Executor, tree: UnitTree, period: Period) {
  const overlapping = () =>
    db('surge_warnings').where('last_day', '>=', period.from).where('first_day', '<=', period.to);
  const [counts, rows] = await Promise.all([
    overlapping().select(
      { n: db.raw('COUNT(*)') },
      { open: db.raw("SUM(CASE WHEN status = 'closed' THEN 0 ELSE 1 END)") },
    ),
    overlapping()
      .orderBy([{ column: 'first_day' }, { column: 'id' }])
      .limit(MAX_WARNINGS)
      .select(WARNING_COLUMNS) as Promise<Listed[]>,
  ]);
  const names = await categoryNames(
    db,
    rows.map((r) => Number(r.category_id)),
  );
  return {
    total: Number(counts[0]?.n ?? 0),
    open: Number(counts[0]?.open ?? 0),
    warnings: rows.map((r) => {
      const unit = r.assigned_unit_id === null ? null : Number(r.assigned_unit_id);
      return {
        id: Number(r.id),
        area_unit_id: Number(r.area_unit_id),
        ...areaOf(tree, Number(r.area_unit_id)),
        category_id: Number(r.category_id),
        category: names.get(Number(r.category_id)) ?? '',
        first_day: r.first_day,
        last_day: r.last_day,
        count: Number(r.count),
        peak: Number(r.peak),
        baseline: Number(r.baseline),
        control_limit: Number(r.control_limit),
        status: r.status,
        open: r.status !== 'closed',
        assigned_unit_id: unit,
        assigned_unit: unit === null ? null : (tree.nodes.get(unit)?.name ?? null),
        assign_note: r.assign_note ?? null,
        resolution: r.resolution ?? null,
      };
    }),
  };
}

/** The bulletin's `hot_issues`: the period against the one compared with (the same days of the month before). */
export async function monthlyAnalysis(db: Executor, period: Period, previous: Period) {
  const tree = await unitTree(db);
  const [issues, rep, sur, counted, counterCounted] = await Promise.all([
    hotIssues(db, tree, period, previous),
    repeats(db, tree, period),
    surges(db, tree, period),
    scannedDays(db, period),
    scannedDays(db, previous),
  ]);
  // The days the surge job has counted (hotspot_days): a day it never scanned (before it was deployed) counts
  // nothing, and the page says so rather than show a smaller month.
  const days = { period: daysOf(period), counted, previous: daysOf(previous), previous_counted: counterCounted };
  return { days, ...issues, repeats: rep, surges: sur };
}

const daysOf = (p: Period) => Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000) + 1;

async function scannedDays(db: Executor, p: Period): Promise<number> {
  const row = await db('hotspot_days').whereBetween('day', [p.from, p.to]).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export type MonthlyAnalysis = Awaited<ReturnType<typeof monthlyAnalysis>>;
