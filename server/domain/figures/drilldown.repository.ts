// The assignments behind a number of a department's report (drill-down), by the same definitions. How many there
// are comes from the counters (rates.ts drillTotal), so the list's total is the report's number by construction.
import type { Executor } from '../../lib/db.ts';
import { dayStart, nextDate } from '../../lib/calendar.ts';
import { toDbTime } from '../../lib/db.ts';

export type Drill = 'received' | 'signed_late' | 'unreplied' | 'replied_late' | 'returned' | 'redo';

export const drilldownRepository = {
  async assignments(db: Executor, departmentId: number, from: string, to: string, drill: Drill, page: number, perPage: number) {
    const q = db('assignments as a').join('tickets as t', 't.id', 'a.ticket_id')
      .where('a.department_id', departmentId)
      .where('a.dispatched_at', '>=', toDbTime(dayStart(from)))
      .where('a.dispatched_at', '<', toDbTime(dayStart(nextDate(to))));
    const received = () => q.where((w) => w.whereNull('a.end_reason').orWhereNot('a.end_reason', 'returned'));
    if (drill === 'returned') q.where('a.end_reason', 'returned');
    else received();
    if (drill === 'signed_late') q.where((w) => w.whereNull('a.signed_at').orWhereRaw('a.signed_at > a.sign_deadline_at'));
    if (drill === 'unreplied') q.whereNull('a.replied_at');
    if (drill === 'replied_late') q.whereNotNull('a.replied_at').whereRaw('a.replied_at > a.due_at');
    if (drill === 'redo') q.where('a.is_redo', true);
    return q.orderBy('a.dispatched_at').limit(perPage).offset((page - 1) * perPage).select(
      'a.id as assignment_id', 't.id as ticket_id', 't.number', 't.title', 't.type', 't.status', 'a.is_redo',
      'a.dispatched_at', 'a.sign_deadline_at', 'a.signed_at', 'a.due_at', 'a.replied_at', 'a.end_reason');
  },
};
