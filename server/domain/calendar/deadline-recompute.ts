// Once a year's schedule is entered, every held ticket marked as computed on unconfirmed days
// (unconfirmed-deadlines.ts) gets its deadlines not yet passed recomputed on the new calendar, through the ticket
// writer (so the event, the assignment and the escalation schedule follow, and figures see the deadline they will
// judge).
//
// A deadline is a number of working days after its assignment's dispatch day, extensions added, and for a resumed
// order the remaining working time carried on. Under every calendar it is the same amount of working time after
// the start of the day following the dispatch: that amount is measured on the calendar it was computed with and
// laid out again on the new one. A deadline already signed for (sign-for) or already passed stays as it was, and
// one the new calendar would put in the past stays too: the department was told the old one.
import type { Knex } from 'knex';
import type { Config } from '../../../config/default.ts';
import { dayStart, localDate, nextDate, type WorkCalendar } from '../../lib/calendar.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';
import { clock } from '../../lib/clock.ts';
import { yellowStart } from '../tickets/deadlines.ts';
import { tierOfDispatch } from '../categories/catalogue-entry.ts';
import type { TicketWriter } from '../tickets/ticket-writer.ts';
import { ticketsRepository } from '../tickets/tickets.repository.ts';
import { upstreamOrdersRepository } from '../upstream/upstream-orders.repository.ts';
import type { TicketRow } from '../tickets/ticket.types.ts';
import type { Actor } from '../users/actor.ts';
import { calendarRepository as repo } from './calendar.repository.ts';
import { unconfirmedOn } from './unconfirmed-deadlines.ts';

export interface Recomputed {
  /** Held tickets that were marked, all of them looked at. */
  checked: number;
  /** Those whose deadlines moved, each with a `deadline_recomputed` event. */
  moved: Array<{ id: number; number: string; due_at_before: string | null; due_at_after: string | null }>;
}

function relaid(before: WorkCalendar, after: WorkCalendar, dispatchDay: string, deadline: Date): Date {
  const anchor = dayStart(nextDate(dispatchDay));
  if (deadline <= anchor) return deadline;
  const work = before.workingMsBetween(anchor, deadline);
  return work > 0 ? after.addWorkingMs(anchor, work) : deadline;
}

/** The deadline fields that change for one ticket (empty when nothing moves). */
async function newDeadlines(
  trx: Knex.Transaction,
  before: WorkCalendar,
  after: WorkCalendar,
  t: TicketRow,
  now: Date,
  tiers: Config['rules']['severityTiers'],
): Promise<Partial<TicketRow>> {
  // Urgent orders run on wall-clock hours: only their escalation's last step counts working days.
  if (t.urgency === 'urgent' || t.assignment_id === null) return {};
  const assignment = await ticketsRepository.findAssignment(trx, t.assignment_id);
  if (!assignment) return {};
  // So do leaves of a tier with limits of its own (life, utility: docs/rules/catalogue.md): no calendar moves them.
  if (tiers?.[await tierOfDispatch(trx, assignment)]) return {};
  const dispatchedAt = fromDbTime(assignment.dispatched_at)!;
  const dispatchDay = localDate(dispatchedAt);
  const patch: Partial<TicketRow> = {};
  // An upstream's deadline (upstream-deadline.ts) is a moment, not working days: no calendar moves it.
  const upstreamDue = t.peer_feed ? fromDbTime(await upstreamOrdersRepository.dueOf(trx, t.id)) : null;
  const move = (stored: string | null, field: 'sign' | 'due') => {
    const old = fromDbTime(stored);
    if (!old || old <= now || old.getTime() === upstreamDue?.getTime()) return;
    const relaidAt = relaid(before, after, dispatchDay, old);
    // ...nor lets one laid out again pass it.
    const moved = upstreamDue && relaidAt > upstreamDue ? upstreamDue : relaidAt;
    if (moved.getTime() === old.getTime() || moved <= now) return;
    const yellow = toDbTime(yellowStart(after, t.urgency, dispatchedAt, moved));
    if (field === 'sign') Object.assign(patch, { sign_deadline_at: toDbTime(moved), sign_yellow_at: yellow });
    else Object.assign(patch, { due_at: toDbTime(moved), due_yellow_at: yellow });
  };
  if (t.signed_at === null) move(t.sign_deadline_at, 'sign');
  move(t.due_at, 'due');
  return patch;
}

export async function recomputeDeadlines(
  trx: Knex.Transaction,
  actor: Actor,
  before: WorkCalendar,
  after: WorkCalendar,
  year: number,
  config: Pick<Config, 'rules'>,
  writer: TicketWriter,
): Promise<Recomputed> {
  const now = clock.now();
  const ids = await repo.unconfirmedTicketIds(trx);
  const moved: Recomputed['moved'] = [];
  for (const id of ids) {
    const t = (await ticketsRepository.find(trx, id))!;
    const patch = await newDeadlines(trx, before, after, t, now, config.rules.severityTiers);
    if (Object.keys(patch).length === 0) {
      // Nothing a person sees moves: the mark and the escalation's last step (the head's mail) follow quietly.
      const unconfirmed = unconfirmedOn(after, config.rules.escalateHeadAfterWorkdays, t, now);
      await writer.settleMark(trx, t, unconfirmed);
      continue;
    }
    const done = await writer.mutate(
      actor,
      id,
      null,
      'recompute_deadlines',
      async (ctx) => {
        await ticketsRepository.updateAssignment(ctx.trx, t.assignment_id!, {
          ...(patch.sign_deadline_at ? { sign_deadline_at: patch.sign_deadline_at } : {}),
          ...(patch.due_at ? { due_at: patch.due_at } : {}),
        });
        return { patch, event: { action: 'deadline_recomputed', data: { calendar_year: year } } };
      },
      trx,
    );
    moved.push({ id, number: done.number, due_at_before: iso(t.due_at), due_at_after: iso(done.due_at) });
  }
  return { checked: ids.length, moved };
}
