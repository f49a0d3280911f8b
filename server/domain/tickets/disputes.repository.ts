// Every query of disputed returns and designations (disputes.ts): the approved returns with the unit each ended,
// orders back at the hotline after enough of them, and the settled disputes (dispatch_disputes).
import type { Executor } from '../../lib/db.ts';
import type { TicketRow } from './ticket.types.ts';

export interface DisputedReturn {
  ticket_id: number;
  request_id: number;
  department_id: number | null;
  department_name: string | null;
  reason: string;
  requested_by_name: string | null;
  created_at: string;
  decided_at: string | null;
}

/** A settled dispute (指定): table dispatch_disputes, with the names a page shows. */
export interface DesignationRow {
  id: number;
  ticket_id: number;
  assignment_id: number;
  department_id: number;
  department_name: string;
  returns: number;
  note: string;
  designated_by_name: string | null;
  created_at: string;
}

export const disputesRepository = {
  /** The approved returns of these orders, oldest first, each with the unit whose assignment it ended. */
  async returnsOf(db: Executor, ticketIds: readonly number[]): Promise<DisputedReturn[]> {
    if (ticketIds.length === 0) return [];
    return db('ticket_requests as r')
      .leftJoin('assignments as a', 'a.id', 'r.assignment_id')
      .leftJoin('departments as d', 'd.id', 'a.department_id')
      .leftJoin('users as u', 'u.id', 'r.requested_by')
      .whereIn('r.ticket_id', ticketIds)
      .where({ 'r.kind': 'return', 'r.status': 'approved' })
      .orderBy('r.id')
      .select(
        'r.ticket_id',
        'r.id as request_id',
        'a.department_id',
        'd.name as department_name',
        'r.reason',
        'u.display_name as requested_by_name',
        'r.created_at',
        'r.decided_at',
      );
  },

  /** Orders at the hotline (received) with at least `threshold` approved returns, longest waiting first. */
  async awaiting(db: Executor, threshold: number, limit: number): Promise<TicketRow[]> {
    const disputed = db('ticket_requests')
      .where({ kind: 'return', status: 'approved' })
      .groupBy('ticket_id')
      .havingRaw('count(*) >= ?', [threshold])
      .select('ticket_id');
    return db('tickets')
      .where('status', 'received')
      .whereIn('id', disputed)
      .orderByRaw('coalesce(queued_at, created_at)')
      .orderBy('id')
      .limit(limit);
  },

  async insertDesignation(
    trx: Executor,
    d: Omit<DesignationRow, 'id' | 'department_name' | 'designated_by_name'> & { designated_by: number | null },
  ): Promise<void> {
    await trx('dispatch_disputes').insert(d);
  },

  /** Designations (指定), newest first: of these orders, or the latest `limit` of all. */
  async designations(db: Executor, opts: { ticketIds?: readonly number[]; limit?: number }): Promise<DesignationRow[]> {
    const q = db('dispatch_disputes as x')
      .join('departments as d', 'd.id', 'x.department_id')
      .leftJoin('users as u', 'u.id', 'x.designated_by')
      .orderBy('x.id', 'desc')
      .select('x.*', 'd.name as department_name', 'u.display_name as designated_by_name');
    if (opts.ticketIds) q.whereIn('x.ticket_id', opts.ticketIds);
    if (opts.limit) q.limit(opts.limit);
    return q;
  },
};
