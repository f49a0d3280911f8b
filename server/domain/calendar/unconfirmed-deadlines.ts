// Deadlines computed on days of a year that has no official schedule yet (chinese-days lags the State Council's
// notice by months; December's 15-working-day deadlines already reach into the next year). mutateTicket marks a
// ticket whenever it computes deadlines; once an administrator enters that year, the marked tickets are recomputed
// (deadline-recompute.ts). The horizon is the last escalation step (the head's mail, N working days after the
// deadline): it too is counted on the calendar, even for an urgent order's deadline in hours.
import { WORKDAY_MS, type WorkCalendar } from '../../lib/calendar.ts';
import { fromDbTime, type Executor } from '../../lib/db.ts';
import { escalationPolicy } from '../tickets/escalation-schedule.ts';
import type { TicketRow } from '../tickets/ticket.types.ts';

type Row = Pick<TicketRow, 'signed_at' | 'sign_deadline_at' | 'due_at'>;

export const DEADLINE_FIELDS = ['sign_deadline_at', 'sign_yellow_at', 'due_at', 'due_yellow_at'] as const;

/** Whether a change sets or clears any deadline (then the mark is computed afresh). */
export function touchesDeadlines(patch: Partial<TicketRow>): boolean {
  return DEADLINE_FIELDS.some((f) => f in patch);
}

/** Whether the deadlines of a row, computed at `now`, reach into a year with no schedule. */
export function unconfirmedOn(cal: WorkCalendar, headAfterWorkdays: number, row: Row, now: Date): boolean {
  const deadlines = [row.signed_at ? null : fromDbTime(row.sign_deadline_at), fromDbTime(row.due_at)].filter((d): d is Date => d !== null);
  if (deadlines.length === 0) return false;
  const last = new Date(Math.max(...deadlines.map((d) => d.getTime())));
  const horizon = cal.addWorkingMs(last, headAfterWorkdays * WORKDAY_MS);
  return cal.firstUnconfirmedYear(now, horizon) !== null;
}

/** The mark to store with a row whose deadlines were just computed, on the calendar the change used. */
export async function deadlineUnconfirmed(db: Executor, row: Row, now: Date): Promise<boolean> {
  const policy = escalationPolicy(db);
  return unconfirmedOn(await policy.calendar(), policy.headAfterWorkdays, row, now);
}
