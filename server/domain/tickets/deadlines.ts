// Deadlines (SPEC "Deadlines"): computed at dispatch from type and urgency, in working days on the Chinese
// calendar or in hours for urgent orders. Each deadline also gets the moment its yellow card begins, so the
// card is a plain comparison with the clock (and with SQL).
import type { Config } from '../../../config/default.ts';
import { WORKDAY_MS, type WorkCalendar } from '../../lib/calendar.ts';
import type { Card, TicketType, Urgency } from './ticket.types.ts';

export interface Deadlines {
  sign_deadline_at: Date;
  sign_yellow_at: Date;
  due_at: Date;
  due_yellow_at: Date;
}

export function yellowStart(cal: WorkCalendar, urgency: Urgency, windowStart: Date, deadline: Date): Date {
  if (urgency === 'urgent') {
    // Urgent: yellow when less than a quarter of the window remains.
    return new Date(deadline.getTime() - (deadline.getTime() - windowStart.getTime()) / 4);
  }
  // Otherwise: yellow when less than one working day remains.
  return cal.subtractWorkingMs(deadline, WORKDAY_MS);
}

export function computeDeadlines(cal: WorkCalendar, rules: Config['rules'], type: TicketType, urgency: Urgency, at: Date): Deadlines {
  let sign: Date;
  let due: Date;
  if (urgency === 'urgent') {
    sign = new Date(at.getTime() + rules.urgentSignMinutes * 60_000);
    due = new Date(at.getTime() + rules.urgentDueHours * 3600_000);
  } else {
    sign = cal.addWorkdays(at, rules.signWorkdays);
    due = cal.addWorkdays(at, rules.dueWorkdays[type] ?? 15);
  }
  return {
    sign_deadline_at: sign,
    sign_yellow_at: yellowStart(cal, urgency, at, sign),
    due_at: due,
    due_yellow_at: yellowStart(cal, urgency, at, due),
  };
}

/** Remaining time of a deadline at a moment: working time for day-based deadlines, wall time for urgent ones. */
export function remainingMs(cal: WorkCalendar, urgency: Urgency, from: Date, deadline: Date): number {
  return urgency === 'urgent' ? Math.max(0, deadline.getTime() - from.getTime()) : cal.workingMsBetween(from, deadline);
}

/** The deadline after a pause: the remaining time carries on from `from`. */
export function resumeDeadline(cal: WorkCalendar, urgency: Urgency, from: Date, remaining: number): Date {
  return urgency === 'urgent' ? new Date(from.getTime() + remaining) : cal.addWorkingMs(from, remaining);
}

export interface CardInput {
  status: string;
  signed_at: Date | null;
  suspended_at: Date | null;
  sign_deadline_at: Date | null;
  sign_yellow_at: Date | null;
  due_at: Date | null;
  due_yellow_at: Date | null;
}

/**
 * The card of a ticket at a moment. Only tickets a department holds have one; a suspended ticket keeps the
 * card it had when the clock stopped. The sign-for deadline counts until the ticket is signed.
 */
export function cardAt(t: CardInput, now: Date): Card {
  if (!['dispatched', 'accepted', 'suspended'].includes(t.status)) return 'none';
  const at = t.status === 'suspended' && t.suspended_at ? t.suspended_at : now;
  const past = (d: Date | null) => d !== null && at > d;
  const signOpen = t.signed_at === null;
  if (past(t.due_at) || (signOpen && past(t.sign_deadline_at))) return 'red';
  if (past(t.due_yellow_at) || (signOpen && past(t.sign_yellow_at))) return 'yellow';
  return 'none';
}
