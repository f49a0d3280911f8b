// The SQL of unreasonable demands (不合理诉求, docs/rules/work-orders.md "Unreasonable demands"): what a judgement
// takes out of the figures (the assignment, its levels below, its ratings) and the month's judged ones for the report.
import type { Executor } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import type { AssignmentRow } from '../tickets/ticket.types.ts';

export interface JudgedRow {
  ticket_id: number;
  number: string;
  title: string;
  department_id: number;
  department_name: string;
  role: string;
  unreasonable_kind: string | null;
  reason: string;
  requested_by_name: string | null;
  decided_by_name: string | null;
  decided_at: string;
  dispatched_at: string;
}

/** The first instant of a month (YYYY-MM) in Beijing, as stored (UTC). */
const monthStart = (month: string) => toDbTime(new Date(`${month}-01T00:00:00+08:00`));
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

export const unreasonableRepository = {
  /** The assignment and every level below it (passed down, co-handling, their own levels), top first. */
  async withLevelsBelow(db: Executor, assignmentId: number): Promise<AssignmentRow[]> {
    const top = await db('assignments').where({ id: assignmentId }).first();
    if (!top) return [];
    const out: AssignmentRow[] = [top];
    for (let ids = [top.id]; ids.length;) {
      const below: AssignmentRow[] = await db('assignments').whereIn('parent_id', ids).orderBy('id');
      out.push(...below);
      ids = below.map((a) => a.id);
    }
    return out;
  },

  /** The valid ratings of an assignment (not voided, not held in a burst): they leave the figures with it. */
  async ratingsOf(db: Executor, assignmentId: number) {
    return db('ratings')
      .where({ assignment_id: assignmentId, voided: false, flagged: false })
      .orderBy('id')
      .select('id', 'department_id', 'assignment_id', 'score', 'rated_at');
  },

  async markJudged(db: Executor, ids: number[], at: string): Promise<void> {
    if (ids.length)
      await db('assignments').whereIn('id', ids).whereNull('unreasonable_at').update({ unreasonable_at: at });
  },

  /**
   * The judged assignments dispatched in a month (the day they count on, like the `unreasonable` counter), each with
   * the approved application of its order; of some units or all.
   */
  async judgedInMonth(db: Executor, month: string, departmentIds?: readonly number[]): Promise<JudgedRow[]> {
    const q = db('assignments as a')
      .join('tickets as t', 't.id', 'a.ticket_id')
      .join('departments as d', 'd.id', 'a.department_id')
      .join('ticket_requests as r', (j) =>
        j.on('r.ticket_id', 'a.ticket_id').andOnVal('r.kind', 'unreasonable').andOnVal('r.status', 'approved'),
      )
      .leftJoin('users as ru', 'ru.id', 'r.requested_by')
      .leftJoin('users as du', 'du.id', 'r.decided_by')
      .whereNotNull('a.unreasonable_at')
      .where((w) => w.whereNull('a.end_reason').orWhereNotIn('a.end_reason', ['recalled', 'taken_back']))
      .where('a.dispatched_at', '>=', monthStart(month))
      .where('a.dispatched_at', '<', monthStart(nextMonth(month)))
      .orderBy('d.name')
      .orderBy('a.dispatched_at')
      .orderBy('a.id')
      .select(
        't.id as ticket_id',
        't.number',
        't.title',
        'a.department_id',
        'd.name as department_name',
        'a.role',
        'a.dispatched_at',
        'r.unreasonable_kind',
        'r.reason',
        'r.decided_at',
        'ru.display_name as requested_by_name',
        'du.display_name as decided_by_name',
      );
    if (departmentIds) q.whereIn('a.department_id', departmentIds);
    return q;
  },
};
