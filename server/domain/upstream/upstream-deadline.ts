// An upstream's deadline at dispatch (docs/rules/deadlines.md "Orders from an upstream"): an order sent down by an
// upstream platform is due by the sooner of the upstream's deadline and the one our rules give it. A later
// upstream deadline changes nothing; our rules never give the department more time than the upstream allows.
import type { WorkCalendar } from '../../lib/calendar.ts';
import { fromDbTime, type Executor } from '../../lib/db.ts';
import { yellowStart, type Deadlines } from '../tickets/deadlines.ts';
import { upstreamOrdersRepository } from './upstream-orders.repository.ts';

const earlier = (a: Date, b: Date) => (a < b ? a : b);

/**
 * The deadlines with the upstream's due moment when it is sooner. The yellow card follows the rule the window
 * runs on (`wall`: urgent or a tier on the wall clock, else the deadline's own day) and always begins before the
 * deadline; the sign-for deadline is never after the reply deadline.
 */
export function withUpstreamDue(d: Deadlines, upstreamDue: Date | null, cal: WorkCalendar, wall: boolean, at: Date) {
  if (!upstreamDue || upstreamDue >= d.due_at) return d;
  const yellow = (deadline: Date) =>
    earlier(yellowStart(cal, wall ? 'urgent' : 'normal', at, deadline), new Date(deadline.getTime() - 1));
  const sign = earlier(d.sign_deadline_at, upstreamDue);
  return {
    sign_deadline_at: sign,
    sign_yellow_at: sign === d.sign_deadline_at ? d.sign_yellow_at : yellow(sign),
    due_at: upstreamDue,
    due_yellow_at: yellow(upstreamDue),
  };
}

/** The dispatch's deadlines for a ticket, the upstream's due applied when the ticket came from an upstream. */
export async function upstreamDeadlines(
  trx: Executor,
  ticket: { id: number; peer_feed?: boolean | number },
  d: Deadlines,
  cal: WorkCalendar,
  wall: boolean,
  at: Date,
): Promise<Deadlines> {
  // Only a ticket with a feed can have come from an upstream: every other one costs no query.
  if (!ticket.peer_feed) return d;
  return withUpstreamDue(d, fromDbTime(await upstreamOrdersRepository.dueOf(trx, ticket.id)), cal, wall, at);
}
