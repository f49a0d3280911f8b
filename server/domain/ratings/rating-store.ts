// The one module by which ratings are written. A rating is stored with its consequences in one transaction: the
// department's day counters (figures), the rated ticket's timeline, and for a bad review (差评) outside a callback
// the rectification ticket. A rating caught in a burst (rating-bursts.ts) is stored held, and its consequences wait
// for a supervisor. Every stored rating is announced on the bus ('rating.created') once its transaction commits;
// every later change of a rating (its rectification, its remedy, a void, a supervisor's decision) is written here.
import type { Knex } from 'knex';
import type { Config } from '../../../config/default.ts';
import type { Db, Executor } from '../../lib/db.ts';
import { fromDbTime, onCommit, withTransaction } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import { errors } from '../../lib/errors.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import { coUnitsRated } from '../figures/co-units-rated.ts';
import type { CurrentCalendar } from '../tickets/ticket-deps.ts';
import type { CallbackRating, TicketRatings } from '../tickets/ticket-callback.ts';
import type { TicketWriter } from '../tickets/ticket-writer.ts';
import type { FedTicket } from '../peers/ticket-feed.ts';
import { createRectification, type RectificationSource } from './rectification.ts';
import { holdBursts, recheckBursts } from './rating-bursts.ts';
import { provinceRatings, type WithdrawReason } from './province-ratings.ts';
import { issueTicketLink } from './rating-links.ts';
import { remedyWaitsForCallback } from './rectification-callback.ts';
import { ratingsRepository as repo, type FlagState, type RatingRow } from './ratings.repository.ts';

export interface StoreDeps {
  db: Db;
  config: Config;
  calendar: CurrentCalendar;
  writer: TicketWriter;
}
export type NewRating = Omit<RatingRow, 'id'>;

/** What may change on a stored rating. */
export type RatingPatch = Partial<
  Pick<RatingRow, 'voided' | 'rectification_ticket_id' | 'remedy_assignment_id' | 'remedy_callback'>
>;

/** A supervisor's decision on held ratings (rating-flags.service.ts). */
export interface FlagDecision {
  flagged: false;
  flag_state: FlagState;
  flag_decided_by: number | null;
  flag_decided_at: string;
  flag_note: string;
  voided?: true;
}

export interface StoreOptions {
  /** Names for the rectification ticket's description. */
  names?: { window_name?: string | null; staff_name?: string | null };
  /** Who the ticket's timeline says rated it. */
  actorRole: string;
  /** More work in the same transaction once the rating has its id (e.g. spending a single-use link). */
  within?: (trx: Knex.Transaction, ratingId: number) => Promise<void>;
  /** The rated ticket's row when the caller read it (its peer_feed spares the feed a look-up). */
  ticket?: FedTicket;
}

const announce = (trx: Executor, r: NewRating, id: number) =>
  onCommit(trx, () =>
    bus.publish({
      type: 'rating.created',
      rating_id: id,
      channel: r.channel,
      score: r.score,
      department_id: r.department_id,
    }),
  );

export class RatingStore implements TicketRatings {
  constructor(private readonly deps: StoreDeps) {}

  /** The new rating's id, or null when a unique key says it is already stored (then nothing was written). */
  async store(row: NewRating, opts: StoreOptions): Promise<number | null> {
    const { db, config, writer } = this.deps;
    const bad = row.score <= 2 && row.channel !== 'callback';
    let held = false;
    const stored = await withTransaction(db, async (trx) => {
      const id = await repo.insert(trx, row);
      if (id === null) return null;
      await opts.within?.(trx, id);
      await this.recordCoUnits(trx, [{ ...row, id }]);
      // A rating held in a burst has no consequence yet: no rectification order, no count (until confirmed).
      held = (await holdBursts(trx, config.ratings.burst, [{ ...row, id }], row.created_at)).has(id);
      const rectification =
        bad && !held ? await this.rectify(trx, { ...row, id }, opts.names ?? {}, fromDbTime(row.created_at)!) : null;
      if (row.ticket_id !== null) {
        await writer.note(
          trx,
          [
            {
              ticket_id: row.ticket_id,
              action: 'rated',
              actor_id: null,
              actor_role: opts.actorRole,
              from_status: null,
              to_status: null,
              data: {
                rating_id: id,
                channel: row.channel,
                score: row.score,
                rectification_ticket_id: rectification?.id ?? null,
                rectification_number: rectification?.number ?? null,
              },
              created_at: row.created_at,
            },
          ],
          opts.ticket ? [opts.ticket] : undefined,
        );
      }
      // Counted now, so sent to the province now (a held one when confirmed).
      if (!held) await provinceRatings.counted(db, trx, [{ ...row, id }], fromDbTime(row.created_at)!);
      // Last, so the department-day counter row (shared by every rating of the day) is locked for the shortest time.
      if (!held) await figuresRecorder.rated(trx, { ...row, id });
      announce(trx, row, id);
      return id;
    });
    // Counted as not in a burst: looked at again now that racing ratings have committed (rating-bursts.ts).
    if (stored !== null && !held)
      await recheckBursts(db, config.ratings.burst, [{ ...row, id: stored }], row.created_at);
    return stored;
  }

  /**
   * Ratings with dedupe keys not stored yet, in one statement inside the caller's transaction (rating-batcher.ts):
   * their ids by key. They are announced; counting them (outside bursts) is the caller's.
   */
  async insertBatch(trx: Knex.Transaction, rows: NewRating[]): Promise<Map<string, number>> {
    await repo.insertMany(trx, rows);
    const ids = await repo.idsByDedupeKeys(
      trx,
      rows.map((r) => r.dedupe_key!),
    );
    await this.recordCoUnits(
      trx,
      rows.map((r) => ({ ...r, id: ids.get(r.dedupe_key!)! })),
    );
    for (const r of rows) announce(trx, r, ids.get(r.dedupe_key!)!);
    return ids;
  }

  /**
   * CO_UNITS_RATED: the co-units a new rating of an order counts for, fixed now inside its transaction, before any
   * counter is bumped (docs/rules/figures.md "Co-units' satisfaction").
   */
  private recordCoUnits(trx: Knex.Transaction, rows: Array<NewRating & { id: number }>): Promise<void> {
    return coUnitsRated.record(trx, this.deps.config.coHandling.unitsRated, rows);
  }

  /**
   * A rating given inside a ticket's change (a callback, the auto-close's default), counted at once; null when
   * it is stored already.
   */
  async storeCounted(trx: Knex.Transaction, row: NewRating): Promise<number | null> {
    const id = await repo.insert(trx, row);
    if (id === null) return null;
    await this.recordCoUnits(trx, [{ ...row, id }]);
    await provinceRatings.counted(this.deps.db, trx, [{ ...row, id }], fromDbTime(row.created_at)!);
    await figuresRecorder.rated(trx, { ...row, id });
    announce(trx, row, id);
    return id;
  }

  /**
   * Ratings that count from now, sent to the province in one insert: a batch of device ratings outside a burst,
   * held ones confirmed (`mayBeSent`: counted and sent before a later burst held them).
   */
  sendCounted(trx: Knex.Transaction, rows: RatingRow[], now: Date, mayBeSent = false): Promise<void> {
    return provinceRatings.counted(this.deps.db, trx, rows, now, mayBeSent);
  }

  /** Voided ratings that were sent are withdrawn from the province, in the void's transaction. */
  withdraw(trx: Knex.Transaction, rows: RatingRow[], reason: WithdrawReason, now: Date): Promise<void> {
    return provinceRatings.voided(this.deps.db, trx, rows, reason, now);
  }

  async storeCallbackRating(trx: Knex.Transaction, r: CallbackRating): Promise<number> {
    const id = await this.storeCounted(trx, {
      ...r,
      channel: 'callback',
      window_id: null,
      staff_id: null,
      device_id: null,
      seq: null,
      voided: false,
      defaulted: false,
      dedupe_key: `callback:${r.assignment_id}`,
      rectification_ticket_id: null,
    });
    if (id === null) throw errors.alreadyExists('ticket.alreadyRated');
    return id;
  }

  /** A bad review's rectification order, opened now, and the rating linked to the assignment that puts it right. */
  async rectify(
    trx: Knex.Transaction,
    r: RatingRow,
    names: Pick<RectificationSource, 'window_name' | 'staff_name'>,
    now: Date,
  ) {
    const rectification = await createRectification(
      trx,
      this.deps,
      {
        rating_id: r.id,
        department_id: r.department_id!,
        score: r.score,
        channel: r.channel,
        reason: r.reason,
        comment: r.comment,
        rated_at: fromDbTime(r.rated_at)!,
        ...names,
      },
      now,
    );
    // The rectification order's assignment is what puts this review right (the rectification rate); a named
    // review's only once the resident's callback after its reply is not bad again (rectification-callback.ts).
    await this.update(trx, r.id, {
      rectification_ticket_id: rectification.id,
      remedy_assignment_id: rectification.assignment_id,
      remedy_callback: await this.waitsForCallback(trx, r, rectification.assignment_id),
    });
    return rectification;
  }

  async update(trx: Knex.Transaction, id: number, patch: RatingPatch): Promise<void> {
    await repo.update(trx, id, patch);
  }

  async setRemedy(trx: Knex.Transaction, ratingId: number, assignmentId: number): Promise<void> {
    const r = (await repo.find(trx, ratingId))!;
    await this.update(trx, ratingId, {
      remedy_assignment_id: assignmentId,
      remedy_callback: await this.waitsForCallback(trx, r, assignmentId),
    });
  }

  private waitsForCallback(trx: Knex.Transaction, r: Pick<RatingRow, 'ticket_id' | 'channel'>, remedyId: number) {
    return remedyWaitsForCallback(trx, this.deps.config.ratings.rectificationCallback, r, remedyId);
  }

  /** Decides held ratings still held; answers how many were (fewer: someone else decided some first). */
  decideHeld(trx: Knex.Transaction, ids: number[], decision: FlagDecision): Promise<number> {
    return repo.decideHeld(trx, ids, decision);
  }

  issueTicketLink(
    trx: Knex.Transaction,
    t: { ticket_id: number; assignment_id: number; department_id: number },
    now: Date,
  ) {
    return issueTicketLink(trx, t, now, this.deps.config.ratings.linkValidDays);
  }
}
