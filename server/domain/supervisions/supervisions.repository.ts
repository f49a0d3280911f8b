// Every query of supervision orders (督办): a supervisor's order and a red card's automatic one are written through
// issue-supervision.ts (which also counts them), and read here for the supervisors' list.
import type { Executor } from '../../lib/db.ts';

/** A supervision order (督办) of a ticket's current assignment, as written. */
export interface NewSupervision {
  ticket_id: number;
  department_id: number | null;
  assignment_id: number | null;
  note: string;
  automatic: boolean;
  created_by: number | null;
  created_at: string;
}

export interface SupervisionFilter {
  department_id?: number;
  /** A handler's units (access.ts scopeToUnits): its department and those below it. */
  department_ids?: readonly number[];
  /** UTC bounds of the period, as stored: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  automatic?: boolean;
  limit: number;
  offset: number;
}

export interface SupervisionListRow {
  id: number;
  ticket_id: number;
  ticket_number: string;
  ticket_title: string;
  department_id: number | null;
  department_name: string | null;
  note: string;
  automatic: boolean | number;
  created_by: number | null;
  created_by_name: string | null;
  created_at: string;
}

export const supervisionsRepository = {
  async insert(trx: Executor, s: NewSupervision): Promise<void> {
    await trx('supervisions').insert(s);
  },

  /** One page, newest first, and how many there are in all. */
  async list(db: Executor, f: SupervisionFilter): Promise<{ items: SupervisionListRow[]; total: number }> {
    const q = db('supervisions as s');
    if (f.department_id !== undefined) q.where('s.department_id', f.department_id);
    if (f.department_ids) q.whereIn('s.department_id', f.department_ids);
    if (f.from !== undefined) q.where('s.created_at', '>=', f.from);
    if (f.to !== undefined) q.where('s.created_at', '<', f.to);
    if (f.automatic !== undefined) q.where('s.automatic', f.automatic);
    const [[{ n }], items] = await Promise.all([
      q.clone().count({ n: '*' }),
      q
        .clone()
        .join('tickets as t', 't.id', 's.ticket_id')
        .leftJoin('departments as d', 'd.id', 's.department_id')
        .leftJoin('users as u', 'u.id', 's.created_by')
        .orderBy('s.created_at', 'desc')
        .orderBy('s.id', 'desc')
        .limit(f.limit)
        .offset(f.offset)
        .select(
          's.id',
          's.ticket_id',
          't.number as ticket_number',
          't.title as ticket_title',
          's.department_id',
          'd.name as department_name',
          's.note',
          's.automatic',
          's.created_by',
          'u.display_name as created_by_name',
          's.created_at',
        ),
    ]);
    return { items, total: Number(n) };
  },
};
