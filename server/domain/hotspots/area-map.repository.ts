// Every query of the map of hot spots: the uploaded maps (the newest is the city's), the orders per area from the
// surge job's daily counts and from today's tickets, open warnings per area, and the orders of an area.
import type { Executor } from '../../lib/db.ts';
import { ALL_CATEGORIES, SURGE_STATUSES, type AreaMapRow } from './hotspot.types.ts';

const NOT_CLOSED = SURGE_STATUSES.filter((s) => s !== 'closed');

export interface AreaMapListed {
  id: number;
  name: string;
  features: number;
  uploaded_by: number | null;
  created_at: string;
}

export interface AreaTicketRow {
  id: number;
  number: string;
  title: string;
  category_id: number | null;
  category_name: string | null;
  status: string;
  created_at: string;
}

const counted = (rows: Array<{ area_unit_id: number | string; n: number | string | null }>) =>
  new Map(rows.map((r) => [Number(r.area_unit_id), Number(r.n ?? 0)]));

export const areaMapRepository = {
  async insert(db: Executor, row: Omit<AreaMapRow, 'id' | 'created_at'> & { created_at: string }): Promise<number> {
    const [id] = await db('area_maps').insert(row);
    return Number(id);
  },

  /** The id of the city's map (the newest upload), or null: one read of the primary key. */
  async currentId(db: Executor): Promise<number | null> {
    const row = await db('area_maps').max({ id: 'id' }).first();
    return row?.id ? Number(row.id) : null;
  },

  async byId(db: Executor, id: number): Promise<(AreaMapListed & { geojson: string }) | null> {
    const row = await db('area_maps')
      .where({ id })
      .first('id', 'name', 'features', 'uploaded_by', 'created_at', 'geojson');
    return row ? { ...row, id: Number(row.id), features: Number(row.features) } : null;
  },

  /** Orders per area over days (YYYY-MM-DD, both included) from the surge job's counts of every category. */
  async dailyOrders(db: Executor, areas: readonly number[], from: string, to: string): Promise<Map<number, number>> {
    if (!areas.length || from > to) return new Map();
    const rows = await db('area_daily_counts')
      .whereIn('area_unit_id', areas)
      .where('category_id', ALL_CATEGORIES)
      .whereBetween('day', [from, to])
      .groupBy('area_unit_id')
      .select('area_unit_id', db.raw('SUM(count) as n'));
    return counted(rows);
  },

  /**
   * Orders created in [start, end) per unit they lie in (the units named, not those above them), read from the
   * (area_unit_id, created_at) index alone: one range per unit.
   */
  async createdPerUnit(
    db: Executor,
    units: readonly number[],
    start: string,
    end: string,
  ): Promise<Map<number, number>> {
    if (!units.length) return new Map();
    const rows = await db('tickets')
      .whereIn('area_unit_id', units)
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .groupBy('area_unit_id')
      .select('area_unit_id', db.raw('COUNT(*) as n'));
    return counted(rows);
  },

  /** Warnings not closed, per the unit they were raised for. */
  async openWarningsPerUnit(db: Executor): Promise<Map<number, number>> {
    const rows = await db('surge_warnings')
      .whereIn('status', NOT_CLOSED)
      .groupBy('area_unit_id')
      .select('area_unit_id', db.raw('COUNT(*) as n'));
    return counted(rows);
  },

  /** The newest orders of the units in [start, end), newest first; no caller's data. */
  async tickets(
    db: Executor,
    units: readonly number[],
    start: string,
    end: string,
    limit: number,
  ): Promise<{ items: AreaTicketRow[]; total: number }> {
    const scope = () =>
      db('tickets')
        .whereIn('tickets.area_unit_id', units)
        .where('tickets.created_at', '>=', start)
        .where('tickets.created_at', '<', end);
    const [items, total] = await Promise.all([
      scope()
        .leftJoin('categories', 'categories.id', 'tickets.category_id')
        .orderBy([
          { column: 'tickets.created_at', order: 'desc' },
          { column: 'tickets.id', order: 'desc' },
        ])
        .limit(limit)
        .select(
          'tickets.id',
          'tickets.number',
          'tickets.title',
          'tickets.category_id',
          'categories.name as category_name',
          'tickets.status',
          'tickets.created_at',
        ),
      scope().count({ n: '*' }).first(),
    ]);
    return {
      items: items.map((r) => ({ ...r, id: Number(r.id), category_id: r.category_id ? Number(r.category_id) : null })),
      total: Number(total?.n ?? 0),
    };
  },
};
