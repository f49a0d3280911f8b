// Storing a rating with its consequences in one transaction: the department's day counters (figures), the
// rated ticket's timeline, and for a bad review (差评) outside a callback the rectification ticket. A rating
// caught in a burst (rating-bursts.ts) is stored held, and its consequences wait for a supervisor.
import type { Knex } from 'knex';
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, onCommit, withTransaction } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import { ticketsRepository as tickets } from '../tickets/tickets.repository.ts';
import { createRectification } from './rectification.ts';
import { holdBursts, recheckBursts } from './rating-bursts.ts';
import { ratingsRepository as repo, type RatingRow } from './ratings.repository.ts';

export interface StoreDeps { db: Db; config: Config; calendar: CalendarService }
export type NewRating = Omit<RatingRow, 'id'>;

export interface StoreOptions {
  /** Names for the rectification ticket's description. */
  names?: { window_name?: string | null; staff_name?: string | null };
  /** Who the ticket's timeline says rated it. */
  actorRole: string;
  /** More work in the same transaction once the rating has its id (e.g. spending a single-use link). */
  within?: (trx: Knex.Transaction, ratingId: number) => Promise<void>;
}

export const publish = (r: NewRating, id: number) =>
  bus.publish({ type: 'rating.created', rating_id: id, channel: r.channel, score: r.score, department_id: r.department_id });

/** The new rating's id, or null when a unique key says it is already stored (then nothing was written). */
export async function storeRating(deps: StoreDeps, row: NewRating, opts: StoreOptions): Promise<number | null> {
  const bad = row.score <= 2 && row.channel !== 'callback';
  let held = false;
  const stored = await withTransaction(deps.db, async (trx) => {
    const id = await repo.insert(trx, row);
    if (id === null) return null;
    await opts.within?.(trx, id);
    // A rating held in a burst has no consequence yet: no rectification order, no count (until confirmed).
    held = (await holdBursts(trx, deps.config.ratings.burst, [{ ...row, id }], row.created_at)).has(id);
    let rectification: { id: number; number: string; assignment_id: number } | null = null;
    if (bad && !held) {
      rectification = await createRectification(trx, deps, {
        rating_id: id, department_id: row.department_id!, score: row.score, channel: row.channel, reason: row.reason,
        comment: row.comment, rated_at: fromDbTime(row.rated_at)!, ...opts.names,
      }, fromDbTime(row.created_at)!);
      // The rectification order's assignment is what puts this review right (the rectification rate).
      await repo.update(trx, id, { rectification_ticket_id: rectification.id, remedy_assignment_id: rectification.assignment_id });
    }
    if (row.ticket_id !== null) {
      await tickets.insertEvent(trx, {
        ticket_id: row.ticket_id, action: 'rated', actor_id: null, actor_role: opts.actorRole, from_status: null, to_status: null,
        data: { rating_id: id, channel: row.channel, score: row.score, rectification_ticket_id: rectification?.id ?? null,
          rectification_number: rectification?.number ?? null },
        created_at: row.created_at,
      });
    }
    // Last, so the department-day counter row (shared by every rating of the day) is locked for the shortest time.
    if (!held) await figuresRecorder.rated(trx, row);
    onCommit(trx, () => publish(row, id));
    return id;
  });
  // Counted as not in a burst: looked at again now that racing ratings have committed (rating-bursts.ts).
  if (stored !== null && !held) await recheckBursts(deps.db, deps.config.ratings.burst, [{ ...row, id: stored }], row.created_at);
  return stored;
}
