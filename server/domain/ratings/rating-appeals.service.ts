// 申诉: a handler of the rated department appeals a bad review with a reason; a supervisor upholds it (the
// rating is voided: kept, but out of every figure, and its rectification order, if still open, is closed) or
// rejects it. Each step is audited and written to the
// timelines of the tickets the rating concerns (the rated ticket, the rectification ticket).
import type { Knex } from 'knex';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import type { TicketWriter } from '../tickets/ticket-writer.ts';
import type { TicketRow } from '../tickets/ticket.types.ts';
import { requireAccess } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { withdrawRectification } from './rectification.ts';
import type { RatingStore } from './rating-store.ts';
import { ratingView } from './rating-view.ts';
import { ratingsRepository as repo, type RatingDetail } from './ratings.repository.ts';
import { isPutRight } from '../figures/put-right.ts';

export interface AppealsDeps {
  db: Db;
  writer: TicketWriter;
  store: RatingStore;
}

export class RatingAppealsService {
  private readonly db: Db;

  constructor(private readonly deps: AppealsDeps) {
    this.db = deps.db;
  }

  /** Refusals are audited outside the rolled-back work, like refused ticket actions. */
  private async audited<T>(actor: Actor, attempted: string, ratingId: number, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AppError && err.status === 403) {
        await auditRepository.record(
          this.db,
          actor,
          'forbidden',
          { type: 'rating', id: ratingId },
          { attempted, reason: err.message },
          toDbTime(clock.now()),
        );
        err.audited = true; // once, against the rating: the error middleware would add a second, route row
      }
      throw err;
    }
  }

  private async load(db: Db | Knex.Transaction, id: number): Promise<RatingDetail> {
    const r = await repo.find(db, id);
    if (!r) throw errors.notFound('rating');
    return r;
  }

  private async timeline(
    trx: Knex.Transaction,
    r: RatingDetail,
    actor: Actor,
    action: string,
    note: string | null,
    data: object,
    at: string,
  ) {
    const ids = [...new Set([r.ticket_id, r.rectification_ticket_id].filter((x): x is number => x !== null))];
    await this.deps.writer.note(
      trx,
      ids.map((ticketId) => ({
        ticket_id: ticketId,
        action,
        actor_id: actor.id,
        actor_role: actor.role,
        from_status: null,
        to_status: null,
        note,
        data: { rating_id: r.id, ...data },
        created_at: at,
      })),
    );
  }

  appeal(actor: Actor, ratingId: number, input: { reason: string }) {
    return this.audited(actor, 'appeal', ratingId, async () => {
      const r = await this.load(this.db, ratingId);
      requireAccess(actor, 'rating.appeal', r);
      if (r.score > 2) throw errors.invalidTransition('ratings.onlyBadAppealed');
      if (r.voided) throw errors.invalidTransition('ratings.alreadyVoid');
      if (r.flagged) throw errors.invalidTransition('ratings.heldForSupervisor');
      const now = toDbTime(clock.now());
      await withTransaction(this.db, async (trx) => {
        const id = await repo.insertAppeal(trx, {
          rating_id: r.id,
          department_id: r.department_id!,
          reason: input.reason,
          requested_by: actor.id,
          created_at: now,
        });
        if (id === null) throw errors.alreadyExists('ratings.alreadyAppealed');
        await auditRepository.record(
          trx,
          actor,
          'rating_appeal',
          { type: 'rating', id: r.id },
          { appeal_id: id, reason: input.reason },
          now,
        );
        await this.timeline(trx, r, actor, 'rating_appeal', input.reason, { appeal_id: id }, now);
        onCommit(trx, () => bus.publish({ type: 'rating.appealed', rating_id: r.id, department_id: r.department_id }));
      });
      return ratingView(await this.load(this.db, ratingId), actor);
    });
  }

  decide(actor: Actor, ratingId: number, input: { uphold: boolean; note?: string }) {
    return this.audited(actor, 'appeal_decision', ratingId, async () => {
      requireAccess(actor, 'rating.appeal.decide');
      const r = await this.load(this.db, ratingId);
      if (r.appeal_id === null) throw errors.notFound('appeal');
      const now = toDbTime(clock.now());
      const status = input.uphold ? 'upheld' : 'rejected';
      await withTransaction(this.db, async (trx) => {
        // Two supervisors deciding at once: the conditional update lets one through.
        const decided = await repo.decideAppeal(trx, r.id, {
          status,
          decided_by: actor.id,
          decision_note: input.note ?? null,
          decided_at: now,
        });
        if (!decided) throw errors.invalidTransition('ratings.appealDecided');
        let rectification: TicketRow | null = null;
        if (input.uphold) {
          await this.deps.store.update(trx, r.id, { voided: true });
          // Sent to the province when it counted: withdrawn there, after it in its stream.
          await this.deps.store.withdraw(trx, [r], 'appeal_upheld', fromDbTime(now)!);
          // The rectification order is locked first: a reply of it either committed before (and is read here) or
          // waits for this decision (and then finds the rating void and the order closed).
          rectification = r.rectification_ticket_id ? await repo.ticketForUpdate(trx, r.rectification_ticket_id) : null;
          // Out of every figure, with the on-time rectification it may already have counted.
          const remedy = r.remedy_assignment_id ? await repo.assignmentForUpdate(trx, r.remedy_assignment_id) : null;
          const fixed = remedy ? await isPutRight(trx, r.id) : false;
          await figuresRecorder.voided(trx, {
            id: r.id,
            department_id: r.department_id,
            assignment_id: r.assignment_id,
            score: r.score,
            rated_at: r.rated_at,
            fixed,
          });
        }
        await auditRepository.record(
          trx,
          actor,
          'rating_appeal_decision',
          { type: 'rating', id: r.id },
          { appeal_id: r.appeal_id, status, note: input.note ?? null },
          now,
        );
        await this.timeline(
          trx,
          r,
          actor,
          'rating_appeal_decision',
          input.note ?? null,
          { appeal_id: r.appeal_id, status },
          now,
        );
        // Its consequence goes with it: the order closes (rectification.ts), after the decision on its timeline.
        if (rectification)
          await withdrawRectification(
            trx,
            this.deps.writer,
            rectification,
            { rating_id: r.id, appeal_id: r.appeal_id },
            now,
          );
        onCommit(trx, () =>
          bus.publish({
            type: input.uphold ? 'rating.voided' : 'rating.appeal_rejected',
            rating_id: r.id,
            department_id: r.department_id,
          }),
        );
      });
      return ratingView(await this.load(this.db, ratingId), actor);
    });
  }
}
