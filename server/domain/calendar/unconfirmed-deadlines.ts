// Deadlines computed on days of a year that has no official schedule yet (chinese-days lags the State Council's
// notice by months; December's 15-working-day deadlines already reach into the next year). The ticket writer marks
// a ticket whenever its deadlines are set (escalations/escalation-schedule.ts#deadlineUnconfirmed); once an
// administrator enters that year, the marked tickets are recomputed (deadline-recompute.ts). The horizon is the last
// escalation step (the head's mail, N working days after the deadline): it too is counted on the calendar, even for
// an urgent order's deadline in hours.
import { WORKDAY_MS, type WorkCalendar } from '../../lib/calendar.ts';
import { fromDbTime } from '../../lib/db.ts';
import type { TicketRow } from '../tickets/ticket.types.ts';

type Row = Pick<TicketRow, 'signed_at' | 'sign_deadline_at' | 'due_at'>;

/** Whether the deadlines of a row, computed at `now`, reach into a year with no schedule. */
export function unconfirmedOn(cal: WorkCalendar, headAfterWorkdays: number, row: Row, now: Date): boolean {
  const deadlines = [row.signed_at ? null : fromDbTime(row.sign_deadline_at), fromDbTime(row.due_at)].filter(
    (d): d is Date => d !== null,
  );
  if (deadlines.length === 0) return false;
  const last = new Date(Math.max(...deadlines.map((d) => d.getTime())));
  const horizon = cal.addWorkingMs(last, headAfterWorkdays * WORKDAY_MS);
  return cal.firstUnconfirmedYear(now, horizon) !== null;
}
