// The surge warnings on the live dashboard (热点预警 panel): how many are not closed and the newest six of them. The
// picture is recomputed on every change (at most every 100 ms under load), so this reads two short walks of the
// (status, last_day) index and names areas from the unit tree kept in process.
import type { Executor } from '../../lib/db.ts';
import { areaView } from '../tickets/ticket-area.ts';
import { surgeWarningsRepository } from './surge-warnings.repository.ts';
import { roundBaseline } from './surge-warnings.service.ts';

/** The warnings the panel lists. */
const SHOWN = 6;

export interface SurgesPicture {
  /** Warnings not closed (open, acknowledged or assigned). */
  open: number;
  /** The newest of them: latest days first. */
  items: Array<{
    id: number;
    /** The area's names from the district down: ['东城区', '东华门街道']. */
    area: string[];
    category: string | null;
    count: number;
    baseline: number;
    status: string;
    first_day: string;
  }>;
}

export async function surgesPicture(db: Executor): Promise<SurgesPicture> {
  const { open, rows } = await surgeWarningsRepository.active(db, SHOWN);
  const items = [];
  for (const r of rows) {
    const area = await areaView(db, r.area_unit_id);
    items.push({
      id: r.id,
      area: area?.path ?? [],
      category: r.category,
      count: r.count,
      baseline: roundBaseline(r.baseline),
      status: r.status,
      first_day: r.first_day,
    });
  }
  return { open, items };
}

/** The newest change of any warning: the dashboard's watermark hears other instances' through it. */
export async function surgesMark(db: Executor): Promise<string> {
  const row = await db('surge_warnings').max({ m: 'updated_at' }).first();
  return String(row?.m ?? '');
}
