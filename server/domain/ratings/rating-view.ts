// What a rating looks like to the people who read it. No view carries anything of the resident: ratings hold
// none, and the operator who recorded a callback (created_by) is left out for departments. Nor do departments
// learn which of their tickets a resident rated through a link, a code or a device (ticket_id, assignment_id):
// that ticket names the caller. A callback's rating keeps them, as it rates the ticket the department holds
// again (reopened) or sees closed by that callback on its own timeline.
import { iso } from '../../lib/time.ts';
import { can } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { LEVELS } from './rectification.ts';
import type { RatingDetail, RatingRow } from './ratings.repository.ts';

/** What a device gets back, the same for the first post and for a retried one. */
export function deviceRatingView(r: RatingRow) {
  return {
    id: r.id,
    seq: r.seq === null ? null : Number(r.seq),
    score: r.score,
    channel: r.channel,
    department_id: r.department_id,
    window_id: r.window_id,
    staff_id: r.staff_id,
    device_id: r.device_id,
    ticket_id: r.ticket_id,
    reason: r.reason,
    comment: r.comment,
    rated_at: iso(r.rated_at),
    created_at: iso(r.created_at),
  };
}

export function ratingView(r: RatingDetail, actor: Actor) {
  const traced = can(actor, 'rating.trace');
  const unlinked = !traced && r.channel !== 'callback';
  return {
    ...deviceRatingView(r),
    ticket_id: unlinked ? null : r.ticket_id,
    level: LEVELS[r.score],
    window_name: r.window_name,
    staff_name: r.staff_name,
    staff_no: r.staff_no,
    assignment_id: unlinked ? null : r.assignment_id,
    bad: r.score <= 2,
    voided: Boolean(r.voided),
    /** Held in a burst until a supervisor decides; flag_state says how it was decided ('confirmed', 'voided'). */
    flagged: Boolean(r.flagged),
    flag_state: r.flag_state ?? null,
    defaulted: Boolean(r.defaulted),
    rectification_ticket_id: r.rectification_ticket_id,
    created_by: traced ? r.created_by : undefined,
    appeal:
      r.appeal_id === null
        ? null
        : {
            id: r.appeal_id,
            status: r.appeal_status,
            reason: r.appeal_reason,
            decision_note: r.appeal_decision_note,
            created_at: iso(r.appeal_created_at),
            decided_at: iso(r.appeal_decided_at),
          },
  };
}

export type RatingView = ReturnType<typeof ratingView>;
