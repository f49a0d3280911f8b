// The surge_warnings rows as the warnings' life reads and changes them (the surge job writes its own). Every change
// claims the row's version with a conditional UPDATE: of two supervisors acting at once, exactly one changes it.
import type { Executor } from '../../lib/db.ts';
import type { SurgeStatus, SurgeWarningRow } from './hotspot.types.ts';
import type { SurgeFilter } from './surge-warnings.schemas.ts';

/** The statuses a warning still to be acted on has (the list's and the dashboard's `active`). */
export const ACTIVE_STATUSES: readonly SurgeStatus[] = ['open', 'acknowledged', 'assigned'];

/** A warning with the names the views show: its category, the unit it was assigned to and who took each step. */
export type SurgeWarningJoined = SurgeWarningRow & {
  category_name: string | null;
  assigned_unit_name: string | null;
  acknowledged_by_name: string | null;
  assigned_by_name: string | null;
  closed_by_name: string | null;
};

/** A change's columns, times as stored (toDbTime). */
export type SurgePatch = Partial<Record<keyof SurgeWarningRow, unknown>>;

export interface SurgeListFilter {
  status: SurgeFilter;
  /** YYYY-MM-DD bounds of a month: warnings whose days overlap it. */
  from?: string;
  to?: string;
  /** The area and every unit below it. */
  areas?: number[];
  limit: number;
}

const NUMBERS = ['count', 'peak', 'control_limit', 'version'] as const;

function joined(db: Executor) {
  return db('surge_warnings as w')
    .leftJoin('categories as c', 'c.id', 'w.category_id')
    .leftJoin('departments as d', 'd.id', 'w.assigned_unit_id')
    .leftJoin('users as ua', 'ua.id', 'w.acknowledged_by')
    .leftJoin('users as us', 'us.id', 'w.assigned_by')
    .leftJoin('users as uc', 'uc.id', 'w.closed_by')
    .select(
      'w.*',
      'c.name as category_name',
      'd.name as assigned_unit_name',
      'ua.display_name as acknowledged_by_name',
      'us.display_name as assigned_by_name',
      'uc.display_name as closed_by_name',
    );
}

/** MariaDB answers decimals as strings; the views want numbers. */
function normalised(row: Record<string, unknown>): SurgeWarningJoined {
  const out = { ...row } as Record<string, unknown>;
  for (const k of NUMBERS) out[k] = Number(row[k]);
  out.baseline = Number(row.baseline);
  return out as unknown as SurgeWarningJoined;
}

export const surgeWarningsRepository = {
  async find(db: Executor, id: number): Promise<SurgeWarningJoined | null> {
    const row = await joined(db).where('w.id', id).first();
    return row ? normalised(row) : null;
  },

  /** Newest first: the latest days a warning was above its limit, then the latest raised. */
  async list(db: Executor, f: SurgeListFilter): Promise<SurgeWarningJoined[]> {
    const q = joined(db)
      .orderBy([
        { column: 'w.last_day', order: 'desc' },
        { column: 'w.first_day', order: 'desc' },
        { column: 'w.id', order: 'desc' },
      ])
      .limit(f.limit);
    if (f.status === 'active') q.whereIn('w.status', ACTIVE_STATUSES);
    else q.where('w.status', f.status);
    if (f.from) q.where('w.last_day', '>=', f.from);
    if (f.to) q.where('w.first_day', '<=', f.to);
    if (f.areas) q.whereIn('w.area_unit_id', f.areas);
    return (await q).map(normalised);
  },

  /**
   * The dashboard's few: how many are not closed, and the newest of them. Both are walks of the (status, last_day)
   * index over the three live statuses, however many closed warnings years have kept.
   */
  async active(db: Executor, limit: number) {
    const [counted, rows] = await Promise.all([
      db('surge_warnings').whereIn('status', ACTIVE_STATUSES).count({ n: '*' }).first(),
      db('surge_warnings as w')
        .leftJoin('categories as c', 'c.id', 'w.category_id')
        .whereIn('w.status', ACTIVE_STATUSES)
        .orderBy([
          { column: 'w.last_day', order: 'desc' },
          { column: 'w.first_day', order: 'desc' },
          { column: 'w.id', order: 'desc' },
        ])
        .limit(limit)
        .select('w.id', 'w.area_unit_id', 'c.name as category', 'w.count', 'w.baseline', 'w.status', 'w.first_day'),
    ]);
    return { open: Number(counted?.n ?? 0), rows: rows.map((r) => ({ ...r, count: Number(r.count) })) };
  },

  /** The change made on `version`: false when another action claimed it first (nothing is written then). */
  async update(trx: Executor, id: number, version: number, patch: SurgePatch): Promise<boolean> {
    return (
      (await trx('surge_warnings')
        .where({ id, version })
        .update({ ...patch, version: version + 1 })) === 1
    );
  },

  /** The orders behind a warning: its area and every unit below it, its category, its days; oldest first. */
  async orders(db: Executor, areas: number[], categoryId: number, from: string, to: string, limit: number) {
    return db('tickets')
      .whereIn('area_unit_id', areas)
      .where('category_id', categoryId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit)
      .select('id', 'number', 'title', 'status', 'created_at');
  },
};
