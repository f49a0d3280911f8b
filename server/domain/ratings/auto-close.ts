// docs/rules/work-orders.md: replied --no rating in 7 days--> closed (defaulted 3). A rectification order
// (差评整改) has no resident behind it: a defaulted 基本满意 would lift its department's satisfaction rate over
// the very bad review it answers, so it closes after the same days without a rating; one of a named bad review
// waits for the resident's callback instead (rectification-callback.ts, left out by repliedBefore). The job (jobs/)
// calls RatingsService.closeUnrated(now); it walks what is due in batches, and each ticket closes in its own
// transaction through the ticket writer, so a run that is repeated, interrupted or racing an operator's callback
// closes every ticket once: whoever comes second finds it closed (409) and is skipped.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { AppError } from '../../lib/errors.ts';
import type { TicketWriter } from '../tickets/ticket-writer.ts';
import { SYSTEM } from '../users/actor.ts';
import type { NewRating, RatingStore } from './rating-store.ts';
import { ratingsRepository as repo } from './ratings.repository.ts';

export interface AutoCloseDeps {
  db: Db;
  config: Config;
  writer: TicketWriter;
  store: RatingStore;
}

export const DEFAULT_SCORE = 3; // 基本满意

export interface CloseResult {
  closed: number;
  defaulted: number;
  skipped: number;
}

async function closeOne(deps: AutoCloseDeps, ticketId: number): Promise<boolean> {
  let defaulted = false;
  let withoutRating = false;
  // The 'callback' rule of the state machine: only a replied ticket closes this way.
  await deps.writer.mutate(SYSTEM, ticketId, null, 'callback', async (ctx) => {
    const assignmentId = ctx.ticket.assignment_id!;
    // A resident who rated through the ticket's link (or a device) has rated: close without inventing a score.
    if (ctx.ticket.type === 'rectification') withoutRating = true;
    else if (!(await repo.assignmentRated(ctx.trx, assignmentId))) {
      const rating: NewRating = {
        score: DEFAULT_SCORE,
        channel: 'callback' as const,
        department_id: ctx.ticket.department_id,
        window_id: null,
        staff_id: null,
        device_id: null,
        seq: null,
        ticket_id: ctx.ticket.id,
        assignment_id: assignmentId,
        reason: null,
        comment: null,
        voided: false,
        defaulted: true,
        dedupe_key: `callback:${assignmentId}`,
        rectification_ticket_id: null,
        created_by: null,
        rated_at: ctx.nowDb,
        created_at: ctx.nowDb,
      };
      defaulted = (await deps.store.storeCounted(ctx.trx, rating)) !== null;
    }
    return {
      patch: { status: 'closed', closed_at: ctx.nowDb },
      event: {
        action: 'auto_close',
        public: true,
        data: withoutRating
          ? { defaulted: false, score: null, without_rating: true, reason: 'rectification' }
          : { defaulted, score: defaulted ? DEFAULT_SCORE : null },
      },
    };
  });
  return defaulted;
}

export async function closeUnrated(deps: AutoCloseDeps, now: Date, batchSize: number): Promise<CloseResult> {
  const before = toDbTime(new Date(now.getTime() - deps.config.ratings.autoCloseDays * 86_400_000));
  const result: CloseResult = { closed: 0, defaulted: 0, skipped: 0 };
  let cursor: { replied_at: string; id: number } | null = null;
  for (;;) {
    const batch = await repo.repliedBefore(deps.db, before, cursor, batchSize);
    for (const t of batch) {
      try {
        if (await closeOne(deps, t.id)) result.defaulted++;
        result.closed++;
      } catch (err) {
        // Someone else acted on the ticket meanwhile (a callback, another instance's run): theirs stands.
        if (err instanceof AppError && err.status === 409) result.skipped++;
        else throw err;
      }
    }
    if (batch.length < batchSize) return result;
    cursor = batch[batch.length - 1];
  }
}
