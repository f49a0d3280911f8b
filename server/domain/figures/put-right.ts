// When a bad review counts as put right on time (bad_fixed, docs/rules/figures.md "rectification rate"), in one
// place for the counters (figures-recorder.ts), the recount (recount.repository.ts), the drill-down and the voids:
// its remedy (the rectification order's assignment, or the reopened one) was replied by its due deadline, and, for
// a named bad review whose remedy waits for the resident's callback (ratings.remedy_callback, fixed when the remedy
// was set: docs/rules/reviews.md "The rectification callback"), that callback was not bad again: answered with a
// score of 3-5, or "solved" when the resident had rated already and the callback asked no score, or unreachable
// (联系不上: after the configured failed attempts the department is not held to a resident nobody could reach).
import type { Executor } from '../../lib/db.ts';
import { figuresRecorder } from './figures-recorder.ts';

/** The remedy's callback that does not undo it; `a` is the remedy assignment. */
const CALLBACK_NOT_BAD =
  'EXISTS (SELECT 1 FROM ticket_callbacks pc LEFT JOIN ratings pcr ON pcr.id = pc.rating_id ' +
  "WHERE pc.assignment_id = a.id AND (pc.outcome = 'unreachable' OR pcr.score >= 3 " +
  "OR (pc.rating_id IS NULL AND pc.solved = 'yes')))";

/**
 * SQL over a rating `r` joined to its remedy assignment `a` (left join on r.remedy_assignment_id): true when the
 * review is put right on time. The score (1-2) is the caller's to check.
 */
export const PUT_RIGHT_SQL =
  '(a.replied_at IS NOT NULL AND a.replied_at <= a.due_at ' + `AND (r.remedy_callback = 0 OR ${CALLBACK_NOT_BAD}))`;

/** Whether one stored rating's bad review is put right on time now (a void or a confirmed burst moves it). */
export async function isPutRight(db: Executor, ratingId: number): Promise<boolean> {
  const row = await db('ratings as r')
    .join('assignments as a', 'a.id', 'r.remedy_assignment_id')
    .where('r.id', ratingId)
    .whereRaw(PUT_RIGHT_SQL)
    .first(db.raw('1 as x'));
  return Boolean(row);
}

/**
 * The callback of a remedy assignment has been answered (or ended unreachable), inside its transaction: each valid
 * bad review that waited for it is now put right on time, or not, for good (one callback per assignment). Counted on
 * the review's own day, like every bad_fixed.
 */
export async function judgeByCallback(db: Executor, assignmentId: number): Promise<void> {
  const waiting = await db('ratings as r')
    .join('assignments as a', 'a.id', 'r.remedy_assignment_id')
    .where('r.remedy_assignment_id', assignmentId)
    .where('r.remedy_callback', true)
    .where('r.voided', false)
    .where('r.flagged', false)
    .where('r.score', '<=', 2)
    .whereRaw(PUT_RIGHT_SQL)
    .select('r.id', 'r.department_id', 'r.assignment_id', 'r.score', 'r.rated_at');
  for (const r of waiting) await figuresRecorder.remedied(db, r);
}
