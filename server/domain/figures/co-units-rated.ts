// CO_UNITS_RATED=1 (docs/rules/figures.md "Co-units' satisfaction"): a resident's rating of an order also counts in
// the satisfaction of the co-units (会办) that took part in the rated assignment. The units are fixed when the
// rating is stored, inside its transaction (rating_co_units), so the counters (figures-recorder.ts) and the recount
// (recount.repository.ts) count the same units whatever the flag or the levels become later.
import type { Knex } from 'knex';
import type { Executor } from '../../lib/db.ts';

/**
 * Co levels that took part: those still open when the order was rated, replied, or ended `closed` with the order
 * (received, unreplied: a late co-unit is rated with the order it held up). Not those that left with the order
 * (returned, recalled, merged) or were taken back: they were not the co-unit's order in the end.
 */
const TOOK_PART = (q: Knex.QueryBuilder) => q.whereNull('end_reason').orWhereIn('end_reason', ['replied', 'closed']);

interface RatedOrder {
  id: number;
  department_id: number | null;
  assignment_id?: number | null;
  ticket_id?: number | null;
}

export const coUnitsRated = {
  /** Records the co-units a new rating counts for (none when the flag is off or it rates no order). */
  async record(trx: Executor, enabled: boolean, ratings: RatedOrder[]): Promise<void> {
    if (!enabled) return;
    for (const r of ratings) {
      if (!r.assignment_id || !r.ticket_id || !r.department_id) continue;
      const units = (await trx('assignments')
        .where({ parent_id: r.assignment_id, role: 'co' })
        .where(TOOK_PART)
        .whereNot('department_id', r.department_id)
        .distinct('department_id')) as Array<{ department_id: number }>;
      if (units.length)
        await trx('rating_co_units').insert(units.map((u) => ({ rating_id: r.id, department_id: u.department_id })));
    }
  },

  /** The co-units a stored rating counts for, in id order (the order the counter rows are locked in). */
  async of(db: Executor, ratingId: number | undefined): Promise<number[]> {
    if (!ratingId) return [];
    const rows = (await db('rating_co_units')
      .where('rating_id', ratingId)
      .orderBy('department_id')
      .select('department_id')) as Array<{ department_id: number }>;
    return rows.map((r) => Number(r.department_id));
  },
};
