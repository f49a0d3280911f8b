// The surge job's work (docs/rules/hot-spots.md "Surges"): each run scans every day since the last finalized one,
// today included, counts the day's orders per territorial area and category, rewrites what changed of the day's
// area_daily_counts rows, tests each pair against its baseline and raises or extends warnings, all of a day in
// one transaction. The cost of a day is in proportion to its orders: its tickets by a created_at range, the
// baselines of its own pairs only, its rows compared and written in batches.
import type { Config } from '../../../config/default.ts';
import { bus } from '../../lib/bus.ts';
import { dayStart, localDate, nextDate } from '../../lib/calendar.ts';
import type { Db, Executor } from '../../lib/db.ts';
import { fromDbTime, onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { render } from '../../i18n/index.ts';
import { unitTree, type UnitTree } from '../departments/unit-tree.ts';
import { ALL_CATEGORIES, type SurgeRunResult, type SurgeWarningRow } from './hotspot.types.ts';
import { alarmingAreas, limitFor, type LevelCount, type SurgeSettings } from './surge-rule.ts';
import { surgeRepository as repo, type PairHistory, type PairKey } from './surge.repository.ts';
import { queueSurgeNotices } from './surge-notices.ts';
import { yieldToRequests } from '../../lib/yield.ts';

const TERRITORIAL = new Set(['district', 'street', 'community']);
const DAY_MS = 86_400_000;
const key = (area: number, category: number) => `${area}|${category}`;
const NONE: PairHistory = { sum: 0, squares: 0, busiest: 0 };
const pairOf = (k: string): PairKey => {
  const [area, category] = k.split('|').map(Number);
  return { area, category };
};
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

interface Tested {
  count: number;
  mu: number;
  limit: number;
}

export class SurgeDetector {
  /**
   * The baselines of today's pairs, read once per pair a day: the days before today are final once a run has
   * scanned them after their end, so the runs of the rest of the day read only the pairs new since. Any run that
   * scans another day than today (a catch-up, midnight) starts it afresh.
   */
  private baselines: { day: string; days: number; since: string; sums: Map<string, PairHistory> } | null = null;

  constructor(
    private readonly deps: {
      db: Db;
      config: Pick<Config, 'publicUrl' | 'supervisorsEmail' | 'intake'>;
      logger?: Logger;
    },
  ) {}

  get settings(): SurgeSettings {
    const i = this.deps.config.intake;
    return {
      alpha: i.surgeAlpha,
      minCount: i.surgeMinCount,
      baselineDays: i.surgeBaselineDays,
      minHistoryDays: i.surgeMinHistoryDays,
      maxDispersion: i.surgeMaxDispersion,
    };
  }

  /** Scans every day since the last finalized one up to now's day, oldest first; stops between days when told. */
  async run(now: Date, signal?: AbortSignal): Promise<SurgeRunResult> {
    const { db } = this.deps;
    const today = localDate(now);
    const result: SurgeRunResult = { days: [], orders: 0, pairs: 0, raised: 0, extended: 0 };
    let day = await this.firstDayToScan(today);
    if (day > today) return result;
    const first = (await repo.firstScanned(db)) ?? day;
    // The cached baselines hold while the run scans today alone from the same history.
    if (day !== today || this.baselines?.since !== first) this.baselines = null;
    for (; day <= today; day = nextDate(day)) {
      if (signal?.aborted) break;
      await yieldToRequests();
      const scanned = await this.scanDay(day, first, now);
      result.days.push(day);
      result.orders += scanned.orders;
      result.pairs += scanned.pairs;
      result.raised += scanned.raised;
      result.extended += scanned.extended;
    }
    return result;
  }

  /** The day after the last finalized one; on an empty table the first order's day, at most baselineDays+1 back. */
  private async firstDayToScan(today: string): Promise<string> {
    const last = await repo.lastFinalized(this.deps.db);
    if (last) return nextDate(last);
    const firstAt = await repo.firstOrderAt(this.deps.db);
    if (!firstAt) return today;
    const earliest = nextDate(today, -(this.settings.baselineDays + 1));
    const firstDay = localDate(fromDbTime(firstAt)!);
    return firstDay > earliest ? (firstDay < today ? firstDay : today) : earliest;
  }

  private async scanDay(day: string, first: string, now: Date) {
    const tree = await unitTree(this.deps.db);
    const s = this.settings;
    const finalized = now.getTime() >= dayStart(nextDate(day)).getTime();
    const history = Math.min(s.baselineDays, daysBetween(first, day));
    return withTransaction(this.deps.db, async (trx) => {
      const orders = await repo.ordersBetween(trx, toDbTime(dayStart(day)), toDbTime(dayStart(nextDate(day))));
      const counts = countByArea(tree, orders);
      await this.writeCounts(trx, day, counts);
      const tested = new Map<string, Tested>();
      if (history >= s.minHistoryDays) {
        // ALL_CATEGORIES rows are counted (the map shades by them) but not tested: a warning names a category.
        const pairs = [...counts.keys()].filter((k) => pairOf(k).category !== ALL_CATEGORIES);
        const sums = await this.historySums(trx, day, history, first, pairs);
        for (const k of pairs) {
          const count = counts.get(k)!;
          const past = sums.get(k) ?? NONE;
          const limit = limitFor(past.sum, history, s, past)!;
          tested.set(k, { count, ...limit });
        }
      }
      const alarms = alarmsOf(tree, tested);
      const outcome = await this.warn(trx, day, alarms, tree, now);
      await repo.recordDay(trx, {
        day,
        orders: orders.length,
        pairs: tested.size,
        warnings: alarms.size,
        finalized,
        scanned_at: toDbTime(now),
      });
      return { orders: orders.length, pairs: tested.size, ...outcome };
    });
  }

  /** Writes the day's rows that differ from those stored, and deletes those no order of the day counts in now; the
   *  month rows (area_month_counts) get the differences, in the same transaction. */
  private async writeCounts(trx: Executor, day: string, counts: Map<string, number>) {
    const stored = await repo.dayRows(trx, day);
    const changed: Array<[PairKey, number]> = [];
    for (const [k, n] of counts) if (stored.get(k) !== n) changed.push([pairOf(k), n]);
    const gone = [...stored.keys()].filter((k) => !counts.has(k)).map(pairOf);
    await repo.writeDay(trx, day, changed, gone, stored);
  }

  /** Each pair's orders over the `history` days before `day`, read for the pairs not yet known today. */
  private async historySums(trx: Executor, day: string, history: number, first: string, pairs: string[]) {
    const cache = this.baselines;
    const fresh = !cache || cache.day !== day || cache.days !== history || cache.since !== first;
    const known = fresh ? new Map<string, PairHistory>() : cache.sums;
    const missing = pairs.filter((k) => !known.has(k));
    if (missing.length) {
      const read = await repo.historySums(trx, missing.map(pairOf), nextDate(day, -history), day);
      for (const k of missing) known.set(k, read.get(k) ?? NONE);
    }
    this.baselines = { day, days: history, since: first, sums: known };
    return known;
  }

  /** Raises a warning for each alarming pair, or extends the pair's warning that is not closed. */
  private async warn(trx: Executor, day: string, alarms: Map<string, Tested>, tree: UnitTree, now: Date) {
    let raised = 0;
    let extended = 0;
    if (!alarms.size) return { raised, extended };
    const areas = [...new Set([...alarms.keys()].map((k) => pairOf(k).area))];
    const open = new Map<string, SurgeWarningRow>();
    const covered = new Set<string>();
    for (const w of await repo.warningsAround(trx, areas, day)) {
      if (w.first_day > day) continue;
      const k = key(Number(w.area_unit_id), Number(w.category_id));
      if (w.status !== 'closed') open.set(k, w);
      else if (w.last_day >= day) covered.add(k);
    }
    const at = toDbTime(now);
    const changedIds: number[] = [];
    for (const [k, t] of alarms) {
      const pair = pairOf(k);
      const w = open.get(k);
      // A closed warning that already covers the day (scanned again to be finalized) keeps it.
      if (!w && covered.has(k)) continue;
      if (w) {
        const last = w.last_day > day ? w.last_day : day;
        const count = await repo.pairTotal(trx, pair, w.first_day, last);
        const peak = Math.max(Number(w.peak), t.count);
        if (last === w.last_day && count === Number(w.count) && peak === Number(w.peak)) continue;
        await trx('surge_warnings').where('id', w.id).update({ last_day: last, count, peak, updated_at: at });
        if (last !== w.last_day) extended++;
        changedIds.push(Number(w.id));
        continue;
      }
      const id = await this.raise(trx, pair, day, t, at);
      if (id === null) continue;
      raised++;
      changedIds.push(id);
      await queueSurgeNotices(trx, await this.noticeOf(trx, tree, id, pair, day, t), now, this.deps.config);
    }
    onCommit(trx, () => {
      for (const id of changedIds) bus.publish({ type: 'surge.changed', id });
    });
    return { raised, extended };
  }

  /** Inserts the warning; null when another instance raised it first (the unique index decides). */
  private async raise(trx: Executor, pair: PairKey, day: string, t: Tested, at: string): Promise<number | null> {
    try {
      const [id] = await trx('surge_warnings').insert({
        area_unit_id: pair.area,
        category_id: pair.category,
        first_day: day,
        last_day: day,
        count: t.count,
        peak: t.count,
        baseline: Math.round(t.mu * 10_000) / 10_000,
        control_limit: t.limit,
        status: 'open',
        version: 1,
        created_at: at,
        updated_at: at,
      });
      return Number(id);
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  private async noticeOf(trx: Executor, tree: UnitTree, id: number, pair: PairKey, day: string, t: Tested) {
    const area = await trx('departments').where('id', pair.area).first('name', 'head_email', 'liaison_mobile');
    const category =
      pair.category === ALL_CATEGORIES
        ? render('surgeAlert.allCategories', {}, 'zh')
        : ((await trx('categories').where('id', pair.category).first('name'))?.name ?? '');
    const path = (tree.nodes.get(pair.area)?.path ?? [pair.area])
      .map((u) => tree.nodes.get(u))
      .filter((u) => u && TERRITORIAL.has(u.kind))
      .map((u) => u!.name);
    return { id, day, count: t.count, baseline: t.mu, limit: t.limit, path, category, area };
  }
}

/**
 * The day's orders per pair: each order in its area and every territorial unit above it, for its category and for
 * ALL_CATEGORIES. An area's chain is worked out once per day, not once per order.
 */
export function countByArea(
  tree: UnitTree,
  orders: Array<{ area_unit_id: number; category_id: number | null }>,
): Map<string, number> {
  const chains = new Map<number, number[]>();
  const chainOf = (area: number) => {
    let chain = chains.get(area);
    if (!chain) {
      const node = tree.nodes.get(area);
      chain = (node?.path ?? [area]).filter((id) => {
        const n = tree.nodes.get(id);
        return !n || TERRITORIAL.has(n.kind);
      });
      chains.set(area, chain);
    }
    return chain;
  };
  const counts = new Map<string, number>();
  const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const o of orders) {
    const area = Number(o.area_unit_id);
    const category = o.category_id === null ? null : Number(o.category_id);
    for (const a of chainOf(area)) {
      add(key(a, ALL_CATEGORIES));
      if (category !== null && category !== ALL_CATEGORIES) add(key(a, category));
    }
  }
  return counts;
}

/** The pairs that alarm, level by level per category (surge-rule.ts#alarmingAreas). */
function alarmsOf(tree: UnitTree, tested: Map<string, Tested>): Map<string, Tested> {
  const byCategory = new Map<number, LevelCount[]>();
  for (const [k, t] of tested) {
    // Only categories with a pair at or above its limit need the levels worked out.
    const { area, category } = pairOf(k);
    const list = byCategory.get(category) ?? [];
    list.push({ area, parent: null, count: t.count, limit: t.limit });
    byCategory.set(category, list);
  }
  const alarms = new Map<string, Tested>();
  for (const [category, levels] of byCategory) {
    if (!levels.some((l) => l.count >= l.limit!)) continue;
    const present = new Set(levels.map((l) => l.area));
    for (const l of levels) l.parent = territorialParent(tree, l.area, present);
    for (const area of alarmingAreas(levels)) alarms.set(key(area, category), tested.get(key(area, category))!);
  }
  return alarms;
}

/** The nearest unit above `area` among the pairs of the day (an order counts in every level, so it is the parent). */
function territorialParent(tree: UnitTree, area: number, present: Set<number>): number | null {
  const path = tree.nodes.get(area)?.path ?? [];
  for (let i = path.length - 2; i >= 0; i--) if (present.has(path[i])) return path[i];
  return null;
}
