// The map of hot spots (热点地图, docs/rules/hot-spots.md "The map"): the GeoJSON of the city's areas an
// administrator uploads (the newest is the city's map), the figures each area is shaded by (its orders over a
// period and its open warnings, each counting the units below it), and the orders of an area.
//
// Orders of past days come from the surge job's area_daily_counts (category 0, every order of the area with the
// units below it); today's are read live from tickets (the job's row of today may be an interval old). The live
// dashboard asks for the shading on every picture (at most every 100 ms): the past days' sums are kept until the
// day, the map or the job's finalized days change, so a picture reads only today's orders and the open warnings.
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { dayStart, localDate, nextDate } from '../../lib/calendar.ts';
import { errors } from '../../lib/errors.ts';
import { iso } from '../../lib/time.ts';
import { requireAccess } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { below, unitTree, type UnitTree } from '../departments/unit-tree.ts';
import { matchUnits, parseAreaMap, storedMap } from './area-map.geojson.ts';
import { areaMapRepository as repo } from './area-map.repository.ts';

const TERRITORIAL = new Set(['district', 'street', 'community']);
/** The most orders an area's list shows (newest first). */
export const AREA_TICKETS_LIMIT = 100;
/** The dashboard's period, as its other panels (近30日). */
export const DASHBOARD_DAYS = 30;
/** The past days' sums are read again at least this often (a catch-up of the job may rewrite an older day). */
const PAST_TTL_MS = 60_000;

export interface Period {
  from: string;
  to: string;
}

export interface AreaFigures {
  unit_id: number;
  name: string;
  kind: string;
  parent_id: number | null;
  orders: number;
  open_warnings: number;
}

/** The shading on the live dashboard's picture: keyed by unit id. */
export interface DashboardShading {
  map_id: number;
  from: string;
  to: string;
  areas: Record<number, { orders: number; open_warnings: number }>;
}

/** The last N days to today (Beijing), or from..to as asked. */
export function periodOf(q: { days?: number; from?: string; to?: string }): Period {
  if (q.from && q.to) return { from: q.from, to: q.to };
  const to = localDate(clock.now());
  return { from: nextDate(to, -((q.days ?? DASHBOARD_DAYS) - 1)), to };
}

export class AreaMapService {
  /** The units each map draws, read once per map (maps are never changed, only superseded). */
  private readonly mapUnits = new Map<number, Promise<number[]>>();
  private past: { key: string; at: number; sums: Promise<Map<number, number>> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly maxBytes: number,
  ) {}

  get maxUploadBytes(): number {
    return this.maxBytes;
  }

  /** Stores a valid map as the city's; 400 with every problem's path (and nothing stored) otherwise. */
  async upload(actor: Actor, file: { filename: string; bytes: Buffer; name?: string }) {
    requireAccess(actor, 'hotspot.map.upload');
    const map = parseAreaMap(file.bytes);
    const matched = matchUnits(map, await unitTree(this.db));
    const name = (file.name?.trim() || map.name || file.filename.replace(/\.(geo)?json$/i, '') || '区域地图').slice(
      0,
      100,
    );
    const now = clock.now();
    const id = await repo.insert(this.db, {
      name,
      geojson: storedMap(map, matched),
      features: matched.length,
      uploaded_by: actor.id,
      created_at: toDbTime(now),
    });
    return { id, name, features: matched.length, matched, created_at: now.toISOString() };
  }

  /** The id of the city's map, or null before any upload (cheap: a wall screen's ETag asks it). */
  currentId(): Promise<number | null> {
    return repo.currentId(this.db);
  }

  /** The city's map with its GeoJSON as stored (a string: sent as it is), or 404 before any upload. */
  async current() {
    const id = await repo.currentId(this.db);
    const row = id === null ? null : await repo.byId(this.db, id);
    if (!row) throw errors.notFound('areaMap');
    return { ...row, created_at: iso(row.created_at) };
  }

  /** Each mapped area's orders over the period and its open warnings, both with the units below it. */
  async areas(period: Period): Promise<{ map_id: number | null; from: string; to: string; areas: AreaFigures[] }> {
    const mapId = await repo.currentId(this.db);
    if (mapId === null) return { map_id: null, ...period, areas: [] };
    const [units, tree] = await Promise.all([this.unitsOf(mapId), unitTree(this.db)]);
    const today = localDate(clock.now());
    const [past, live, warnings] = await Promise.all([
      repo.dailyOrders(this.db, units, period.from, period.to < today ? period.to : nextDate(today, -1)),
      period.to >= today && period.from <= today ? this.todayOrders(tree, units, today) : new Map<number, number>(),
      this.openWarnings(tree, units),
    ]);
    return {
      map_id: mapId,
      ...period,
      areas: units.map((id) => {
        const n = tree.nodes.get(id);
        return {
          unit_id: id,
          name: n?.name ?? '',
          kind: n?.kind ?? '',
          parent_id: n?.parent_id ?? null,
          orders: (past.get(id) ?? 0) + (live.get(id) ?? 0),
          open_warnings: warnings.get(id) ?? 0,
        };
      }),
    };
  }

  /** The live dashboard's shading over the last 30 days, or null without a map: read on every picture. */
  async dashboardShading(): Promise<DashboardShading | null> {
    const mapId = await repo.currentId(this.db);
    if (mapId === null) return null;
    const [units, tree] = await Promise.all([this.unitsOf(mapId), unitTree(this.db)]);
    const { from, to } = periodOf({ days: DASHBOARD_DAYS });
    const [past, live, warnings] = await Promise.all([
      this.pastSums(mapId, units, from, to),
      this.todayOrders(tree, units, to),
      this.openWarnings(tree, units),
    ]);
    const areas: DashboardShading['areas'] = {};
    for (const id of units) {
      areas[id] = { orders: (past.get(id) ?? 0) + (live.get(id) ?? 0), open_warnings: warnings.get(id) ?? 0 };
    }
    return { map_id: mapId, from, to, areas };
  }

  /** The orders of a territorial unit and every unit below it in the period, newest first (at most 100). */
  async areaTickets(unitId: number, period: Period) {
    const tree = await unitTree(this.db);
    const n = tree.nodes.get(unitId);
    if (!n || !TERRITORIAL.has(n.kind)) throw errors.notFound('area');
    const { items, total } = await repo.tickets(
      this.db,
      [unitId, ...below(tree, unitId)],
      toDbTime(dayStart(period.from)),
      toDbTime(dayStart(nextDate(period.to))),
      AREA_TICKETS_LIMIT,
    );
    return {
      unit_id: unitId,
      name: n.name,
      ...period,
      total,
      items: items.map((t) => ({ ...t, created_at: iso(t.created_at) })),
    };
  }

  /** Forgets the kept past days' sums (tests that write the job's counts behind its back). */
  forget(): void {
    this.past = null;
  }

  private unitsOf(mapId: number): Promise<number[]> {
    let units = this.mapUnits.get(mapId);
    if (!units) {
      units = repo.byId(this.db, mapId).then((row) => {
        const fc = JSON.parse(row?.geojson ?? '{"features":[]}') as { features: { properties: { unit_id: number } }[] };
        return fc.features.map((f) => Number(f.properties.unit_id));
      });
      units.catch(() => this.mapUnits.delete(mapId));
      this.mapUnits.set(mapId, units);
    }
    return units;
  }

  /** The past days of the dashboard's period, kept while the day, the map and the job's finalized days stay. */
  private async pastSums(mapId: number, units: number[], from: string, today: string) {
    const finalized = await this.db('hotspot_days').where({ finalized: true }).max({ day: 'day' }).first();
    const key = `${mapId}|${from}|${today}|${finalized?.day ?? ''}`;
    if (!this.past || this.past.key !== key || performance.now() - this.past.at > PAST_TTL_MS) {
      const sums = repo.dailyOrders(this.db, units, from, nextDate(today, -1));
      sums.catch(() => (this.past = null));
      this.past = { key, at: performance.now(), sums };
    }
    return this.past.sums;
  }

  /** Today's orders of each mapped area, with the units below it (each order counted in every area above it). */
  private async todayOrders(tree: UnitTree, areas: number[], today: string): Promise<Map<number, number>> {
    const inside = new Set<number>();
    for (const id of areas) {
      inside.add(id);
      for (const u of below(tree, id)) inside.add(u);
    }
    const perUnit = await repo.createdPerUnit(
      this.db,
      [...inside],
      toDbTime(dayStart(today)),
      toDbTime(dayStart(nextDate(today))),
    );
    return rollUp(tree, areas, perUnit);
  }

  private async openWarnings(tree: UnitTree, areas: number[]): Promise<Map<number, number>> {
    return rollUp(tree, areas, await repo.openWarningsPerUnit(this.db));
  }
}

/** Each area's total of the counts of the units at or below it. */
function rollUp(tree: UnitTree, areas: number[], perUnit: Map<number, number>): Map<number, number> {
  const wanted = new Set(areas);
  const out = new Map<number, number>();
  for (const [unit, n] of perUnit) {
    for (const id of tree.nodes.get(unit)?.path ?? [unit]) {
      if (wanted.has(id)) out.set(id, (out.get(id) ?? 0) + n);
    }
  }
  return out;
}
