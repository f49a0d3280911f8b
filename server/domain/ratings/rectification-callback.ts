// 差评整改回访 (docs/rules/reviews.md "The rectification callback"). A named bad review is one whose resident the
// hotline knows: it rates an order (the single-use link, the look-up, a device given the order's number) whose caller
// left a number. With RECTIFICATION_CALLBACK on, its rectification order is called back after its reply like any
// order: the operators' 待回访 lists it, the 7-day auto-close leaves it, and the review is put right only when that
// callback is not bad again (figures/put-right.ts). The mark (ratings.remedy_callback) is fixed when the remedy is
// set. The rectification order itself still names nobody: the resident's number is read by the hotline alone, through
// the callback's status (GET /tickets/:id/callback), from the rated order; the department never reads it.
import type { Knex } from 'knex';
import type { Executor } from '../../lib/db.ts';

/** SQL over `tickets`: a rectification order whose bad review waits for the resident's callback. */
export const CALLED_BACK_SQL =
  'EXISTS (SELECT 1 FROM ratings cbr WHERE cbr.rectification_ticket_id = tickets.id AND cbr.remedy_callback = 1)';

/** Whether a bad review names its resident: it rates an order whose caller left a number. */
export async function isNamed(db: Executor, r: { ticket_id: number | null }): Promise<boolean> {
  if (r.ticket_id === null) return false;
  const t = await db('tickets').where({ id: r.ticket_id }).first('caller_phone');
  return Boolean(t?.caller_phone);
}

/** The bad review behind a rectification order that waits for the callback, with its resident; null: anonymous. */
export async function residentOf(db: Executor, rectificationTicketId: number) {
  const row = await db('ratings as r')
    .join('tickets as rt', 'rt.id', 'r.ticket_id')
    .where('r.rectification_ticket_id', rectificationTicketId)
    .where('r.remedy_callback', true)
    .orderBy('r.id')
    .first(
      'r.id as rating_id',
      'r.score',
      'r.reason',
      'r.comment',
      'rt.id as rated_ticket_id',
      'rt.number as rated_ticket_number',
      'rt.caller_name',
      'rt.caller_phone',
    );
  return row ?? null;
}

/** Whether the order is a rectification the operators call back (every other order is called back anyway). */
export async function callsBack(db: Executor, t: { id: number; type: string }): Promise<boolean> {
  if (t.type !== 'rectification') return true;
  return Boolean(await residentOf(db, t.id));
}

/**
 * A remedy just set for a bad review: it waits for the resident's callback when the setting is on and either the
 * review is named (its rectification order) or the remedy reopens a rectification order that is called back (a
 * callback bad again on it: the redo is judged by the next callback too).
 */
export async function remedyWaitsForCallback(
  trx: Knex.Transaction,
  on: boolean,
  r: { ticket_id: number | null; channel: string },
  remedyAssignmentId: number,
): Promise<boolean> {
  if (!on) return false;
  const remedy = await trx('assignments as a')
    .join('tickets as t', 't.id', 'a.ticket_id')
    .where('a.id', remedyAssignmentId)
    .first('t.id', 't.type');
  if (!remedy || remedy.type !== 'rectification') return false;
  // The rectification order raised for this review (the first remedy), or one reopened by its callback.
  if (r.channel !== 'callback') return isNamed(trx, r);
  return Boolean(await residentOf(trx, remedy.id));
}
