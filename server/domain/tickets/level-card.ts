// Cards at every level (docs/rules/deadlines.md "Cards at every level"): a passed-down (down) or co-handling (co)
// assignment has its own sign-for and reply deadlines, and so its own card and escalation steps, by the very rules of
// the ticket's main assignment (deadlines.ts: yellowStart, cardAt, escalationSteps). A level's yellow moments are not
// stored: they follow from its deadlines, its dispatch and the ticket's urgency, here and only here.
//
// A level counts while it is open (not ended) and owes something: the sign-for deadline until it is signed, the reply
// deadline until it has replied to its parent (a reply awaiting review owes nothing; a send-back clears replied_at
// and the reply deadline counts again). Like the main assignment, it has a card only while the order is held
// (dispatched, accepted; a suspended order keeps the card it had when its clock stopped) and escalates only while
// the clock runs.
import type { WorkCalendar } from '../../lib/calendar.ts';
import { fromDbTime } from '../../lib/db.ts';
import { cardAt, cardOfRow, escalationSteps, yellowStart, type CardInput, type EscalationStep } from './deadlines.ts';
import type { AssignmentRow, Card, TicketRow, Urgency } from './ticket.types.ts';

/** What a level's card needs of its ticket (its main deadlines say which clock the order counts in). */
export type LevelTicket = Pick<TicketRow, 'status' | 'urgency' | 'due_at' | 'due_yellow_at'> &
  Partial<Pick<TicketRow, 'suspended_at'>>;

/** What a level's card needs of its assignment row (times as stored). */
export type LevelDeadlines = Pick<
  AssignmentRow,
  'dispatched_at' | 'sign_deadline_at' | 'due_at' | 'signed_at' | 'replied_at' | 'ended_at'
>;

/**
 * The clock a level's yellow card follows: its order's. An urgent order, or one whose severity tier counts in minutes
 * and hours, has a wall-time window with the last-quarter yellow card; the main reply deadline's stored yellow moment
 * says which rule deadlines.ts#yellowStart applied to the order, so the levels cannot disagree with the main one.
 */
export function levelClock(t: LevelTicket): Urgency {
  if (t.urgency === 'urgent') return 'urgent';
  const due = fromDbTime(t.due_at);
  const yellow = fromDbTime(t.due_yellow_at);
  if (!due || !yellow) return t.urgency;
  return yellow.getTime() === yellowStart(null, 'normal', due, due).getTime() ? 'normal' : 'urgent';
}

/** A level's deadlines in the shape of a ticket's card input: the one card rule then applies unchanged. */
export function levelCardInput(t: LevelTicket, a: LevelDeadlines): CardInput {
  const dispatched = fromDbTime(a.dispatched_at)!;
  const sign = fromDbTime(a.sign_deadline_at)!;
  const due = fromDbTime(a.due_at)!;
  const owes = a.ended_at === null && a.replied_at === null;
  const clock = levelClock(t);
  return {
    // Owing nothing is no card at all, as for an order no department holds.
    status: owes ? t.status : 'replied',
    signed_at: fromDbTime(a.signed_at),
    suspended_at: fromDbTime(t.suspended_at ?? null),
    sign_deadline_at: sign,
    sign_yellow_at: yellowStart(null, clock, dispatched, sign),
    due_at: due,
    due_yellow_at: yellowStart(null, clock, dispatched, due),
  };
}

/** The card of a level (down, co) at a moment. */
export function levelCardOf(t: LevelTicket, a: LevelDeadlines, now: Date): Card {
  return cardAt(levelCardInput(t, a), now);
}

/**
 * The card of any assignment in a ticket's chain, as the ticket view's `levels[].card` and the units' level lists
 * (GET /api/v1/levels) show it: the main assignment in force has the ticket's own card (its stored deadlines, with
 * extensions and suspensions applied), an earlier main one none, a level its own.
 */
export function assignmentCard(
  t: LevelTicket & Parameters<typeof cardOfRow>[0] & Pick<TicketRow, 'assignment_id'>,
  a: LevelDeadlines & Pick<AssignmentRow, 'id'> & { role?: string | null },
  now: Date,
): Card {
  if ((a.role ?? 'main') === 'main') return a.id === t.assignment_id ? cardOfRow(t, now) : 'none';
  return levelCardOf(t, a, now);
}

/** The escalation steps of a level, earliest first (none once it is ended or replied, or the clock is stopped). */
export function levelEscalationSteps(
  cal: WorkCalendar,
  headAfterWorkdays: number,
  t: LevelTicket,
  a: LevelDeadlines,
): EscalationStep[] {
  return escalationSteps(cal, headAfterWorkdays, levelCardInput(t, a));
}
