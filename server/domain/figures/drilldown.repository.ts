// The assignments behind a number of a department's report (drill-down), by the same definitions. How many there
// are comes from the counters (rates.ts drillTotal), so the list's total is the report's number by construction.
import type { Executor } from '../../lib/db.ts';
import { dayStart, nextDate } from '../../lib/calendar.ts';
import { toDbTime } from '../../lib/db.ts';
import { notRecalled, REPLIED } from './recount.repository.ts';
import { PUT_RIGHT_SQL } from './put-right.ts';

/**
 * not_contacted: received, its resident not reached by the sign-for deadline (响应率); not_followed: replied and not
 * followed up (回访率).
 */
export type AssignmentDrill =
  'received' | 'signed_late' | 'unreplied' | 'replied_late' | 'returned' | 'redo' | 'not_contacted' | 'not_followed';
/**
 * The ratings behind the satisfaction rate (the valid bad ones) and behind the rectification rate (those not put
 * right on time).
 */
export type RatingDrill = 'unsatisfied' | 'bad_unfixed';
export type Drill = AssignmentDrill | RatingDrill;
export const RATING_DRILLS: readonly Drill[] = ['unsatisfied', 'bad_unfixed'];

export const drilldownRepository = {
  async assignments(
    db: Executor,
    departmentId: number,
    from: string,
    to: string,
    drill: AssignmentDrill,
    page: number,
    perPage: number,
  ) {
    const q = db('assignments as a')
      .join('tickets as t', 't.id', 'a.ticket_id')
      .where('a.department_id', departmentId)
      .where(notRecalled)
      .where('a.dispatched_at', '>=', toDbTime(dayStart(from)))
      .where('a.dispatched_at', '<', toDbTime(dayStart(nextDate(to))));
    const received = () => q.where((w) => w.whereNull('a.end_reason').orWhereNot('a.end_reason', 'returned'));
    if (drill === 'returned') q.where('a.end_reason', 'returned');
    else received();
    if (drill === 'signed_late')
      q.where((w) => w.whereNull('a.signed_at').orWhereRaw('a.signed_at > a.sign_deadline_at'));
    if (drill === 'unreplied') q.whereNot((w) => w.whereRaw(REPLIED));
    if (drill === 'replied_late') q.whereRaw(REPLIED).whereRaw('a.replied_at > a.due_at');
    if (drill === 'redo') q.where('a.is_redo', true);
    if (drill === 'not_contacted')
      q.where((w) => w.whereNull('a.contacted_at').orWhereRaw('a.contacted_at > a.sign_deadline_at'));
    if (drill === 'not_followed') q.whereRaw(REPLIED).whereNull('a.followed_up_at');
    return q
      .orderBy('a.dispatched_at')
      .limit(perPage)
      .offset((page - 1) * perPage)
      .select(
        'a.id as assignment_id',
        't.id as ticket_id',
        't.number',
        't.title',
        't.type',
        't.status',
        'a.is_redo',
        'a.dispatched_at',
        'a.sign_deadline_at',
        'a.signed_at',
        'a.due_at',
        'a.replied_at',
        'a.end_reason',
      );
  },

  /** Valid bad reviews given to the department in the period, with the order that puts each right (rates.ts). */
  async ratings(
    db: Executor,
    departmentId: number,
    from: string,
    to: string,
    drill: RatingDrill,
    page: number,
    perPage: number,
  ) {
    const q = db('ratings as r')
      .leftJoin('tickets as t', 't.id', 'r.ticket_id')
      .leftJoin('assignments as a', 'a.id', 'r.remedy_assignment_id')
      .leftJoin('tickets as rt', 'rt.id', 'a.ticket_id')
      .where('r.department_id', departmentId)
      .where('r.voided', false)
      .where('r.flagged', false)
      .where('r.score', '<=', 2)
      .where('r.rated_at', '>=', toDbTime(dayStart(from)))
      .where('r.rated_at', '<', toDbTime(dayStart(nextDate(to))));
    // Put right on time (put-right.ts, the recount's bad_fixed): the remedy's reply came before its due deadline,
    // and a named review's callback after it was not bad again.
    if (drill === 'bad_unfixed') q.whereNot((w) => w.whereRaw(PUT_RIGHT_SQL));
    return q
      .orderBy('r.rated_at')
      .orderBy('r.id')
      .limit(perPage)
      .offset((page - 1) * perPage)
      .select(
        'r.id as rating_id',
        'r.score',
        'r.channel',
        'r.reason',
        'r.rated_at',
        't.id as ticket_id',
        't.number',
        't.title',
        'rt.id as remedy_ticket_id',
        'rt.number as remedy_number',
        'rt.status as remedy_status',
        'a.due_at as remedy_due_at',
        'a.replied_at as remedy_replied_at',
      );
  },
};
