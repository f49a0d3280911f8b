// 回访 (docs/rules/reviews.md): an operator calls the resident of a replied order and asks three things: did the
// unit contact you, is the problem solved (yes / partly / no), how satisfied are you (1-5, a reason for 1-2). A
// resident who already rated this assignment (the link, the look-up, a device) is not rated again: the callback
// then asks only the first two. A failed attempt (no answer, wrong number, busy) is recorded with who and when and
// the order waits for another try; the configured number of failures (three) closes it as unreachable (联系不上)
// without a score. The answers are kept per assignment in ticket_callbacks, which the resolution rate (solved /
// answered, partly half) and the callback rate count. Both actions run inside TicketWriter.mutate, so of two operators
// acting on one version one wins and the other gets 409.
import type { Knex } from 'knex';
import type { Executor } from '../../lib/db.ts';
import { fromDbTime, isMysql } from '../../lib/db.ts';
import { detail, errors } from '../../lib/errors.ts';
import type { Actor } from '../users/actor.ts';
import type { Change, MutationContext } from './ticket-writer.ts';
import { iso } from '../../lib/time.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import { judgeByCallback } from '../figures/put-right.ts';
import { callsBack, residentOf } from '../ratings/rectification-callback.ts';

export type Solved = 'yes' | 'partly' | 'no';
export type CallbackFailure = 'no_answer' | 'wrong_number' | 'busy';

export interface CallbackInput {
  version: number;
  score?: number;
  reason?: string;
  note?: string;
  contacted?: boolean;
  solved?: Solved;
}
export interface CallbackFailedInput {
  version: number;
  reason: CallbackFailure;
  note?: string;
}

/** A callback's rating of an assignment (channel 'callback'). */
export interface CallbackRating {
  score: number;
  department_id: number;
  ticket_id: number;
  assignment_id: number;
  reason: string | null;
  comment: string | null;
  created_by: number | null;
  rated_at: string;
  created_at: string;
}

/** What the ticket actions ask of the ratings (ratings/rating-store.ts, passed in by services.ts). */
export interface TicketRatings {
  /** Stores the callback's rating with its count and announcement; 409 when the assignment has one already. */
  storeCallbackRating(trx: Knex.Transaction, row: CallbackRating): Promise<number>;
  /** The assignment that puts a bad review right (a reopening, 重办). */
  setRemedy(trx: Knex.Transaction, ratingId: number, assignmentId: number): Promise<void>;
  /** The resident's single-use rating link, issued with the reply. */
  issueTicketLink(
    trx: Knex.Transaction,
    t: { ticket_id: number; assignment_id: number; department_id: number },
    now: Date,
  ): Promise<string>;
}

/** A rectification order of an anonymous bad review (a window's device or code, no order rated) has nobody to call
 *  back: it closes by itself 7 days after its reply (auto-close). One of a named review is called back like any order
 *  (ratings/rectification-callback.ts, RECTIFICATION_CALLBACK). */
export async function refuseRectification(db: Executor, t: { id: number; type: string }): Promise<void> {
  if (!(await callsBack(db, t))) {
    throw errors.invalidTransition('ticket.rectificationNoCallback');
  }
}

/** The resident's own rating of the assignment, if any (the earliest: the one that counts). `current`: read the
 *  committed rows, not the transaction's snapshot (MariaDB's repeatable read), after the link's row was locked. */
async function residentRating(db: Executor, assignmentId: number, current = false) {
  const q = db('ratings')
    .where({ assignment_id: assignmentId })
    .orderBy('id')
    .first('id', 'score', 'channel', 'rated_at');
  if (current && isMysql(db)) q.forShare();
  return (await q) ?? null;
}

/**
 * Stores the callback's answers (and its rating, unless the resident already rated). `reopen` says whether the
 * score was a bad review, which sends the order back to its department (the caller does that: a new assignment).
 */
export async function answerCallback(ctx: MutationContext, actor: Actor, input: CallbackInput, ratings: TicketRatings) {
  const t = ctx.ticket;
  await refuseRectification(ctx.trx, t);
  const assignmentId = t.assignment_id!;
  // One rating per service, also when the resident rates through the link at this very moment: the link's row is
  // locked first (a public rating spends it in its transaction), so either their rating is seen here, or the
  // callback's rating spends the link and theirs is refused as used. (SQLite runs one writer at a time.)
  const link = () => ctx.trx('rating_tokens').where({ assignment_id: assignmentId }).whereNull('used_at');
  if (isMysql(ctx.trx)) await link().forUpdate().select('token');
  const rated = await residentRating(ctx.trx, assignmentId, true);
  if (rated && input.score !== undefined) {
    throw errors.alreadyExists('ticket.alreadyRatedNoScore');
  }
  if (!rated && input.score === undefined) throw errors.validation([detail('score', 'ticket.chooseScore')]);
  if (rated && !input.solved) throw errors.validation([detail('solved', 'ticket.saySolved')]);
  let ratingId: number | null = null;
  if (input.score !== undefined) {
    ratingId = await ratings.storeCallbackRating(ctx.trx, {
      score: input.score,
      department_id: t.department_id!,
      ticket_id: t.id,
      assignment_id: assignmentId,
      reason: input.reason ?? null,
      comment: input.note ?? null,
      created_by: actor.id,
      rated_at: ctx.nowDb,
      created_at: ctx.nowDb,
    });
    await link().update({ used_at: ctx.nowDb, rating_id: ratingId });
  }
  await insertAnswer(ctx, actor, {
    outcome: 'answered',
    contacted: input.contacted ?? null,
    solved: input.solved ?? null,
    rating_id: ratingId,
    rated_before: Boolean(rated),
  });
  return {
    ratingId,
    reopen: input.score !== undefined && input.score <= 2,
    data: {
      score: input.score ?? null,
      reason: input.reason ?? null,
      contacted: input.contacted ?? null,
      solved: input.solved ?? null,
      rated_before: Boolean(rated),
      resident_score: rated?.score ?? null,
    },
  };
}

/** A failed attempt: recorded, the order stays replied; the last allowed one closes it as unreachable. */
export async function failCallback(
  ctx: MutationContext,
  actor: Actor,
  input: CallbackFailedInput,
  maxAttempts: number,
): Promise<Change> {
  const t = ctx.ticket;
  await refuseRectification(ctx.trx, t);
  const n = (t.callback_failures ?? 0) + 1;
  await ctx.trx('ticket_callback_attempts').insert({
    ticket_id: t.id,
    assignment_id: t.assignment_id,
    reason: input.reason,
    note: input.note ?? null,
    operator_id: actor.id,
    created_at: ctx.nowDb,
  });
  const data = { reason: input.reason, attempt: n, max_attempts: maxAttempts };
  if (n < maxAttempts) {
    return { patch: { callback_failures: n }, event: { action: 'callback_failed', note: input.note, data } };
  }
  await insertAnswer(ctx, actor, {
    outcome: 'unreachable',
    contacted: null,
    solved: null,
    rating_id: null,
    rated_before: false,
  });
  return {
    patch: { status: 'closed', closed_at: ctx.nowDb, callback_failures: n },
    event: { action: 'callback_unreachable', note: input.note, public: true, data },
  };
}

async function insertAnswer(
  ctx: MutationContext,
  actor: Actor,
  a: {
    outcome: 'answered' | 'unreachable';
    contacted: boolean | null;
    solved: Solved | null;
    rating_id: number | null;
    rated_before: boolean;
  },
) {
  const t = ctx.ticket;
  await ctx.trx('ticket_callbacks').insert({
    ticket_id: t.id,
    assignment_id: t.assignment_id,
    department_id: t.department_id,
    ...a,
    failed_attempts: t.callback_failures ?? 0,
    operator_id: actor.id,
    created_at: ctx.nowDb,
  });
  // A completed callback follows the assignment up (回访率); its "solved?" answer counts in the resolution rate.
  if (a.outcome === 'answered') await figuresRecorder.callbackAnswered(ctx.trx, t.assignment_id!, a.solved, ctx.nowDb);
  // A bad review whose remedy is this assignment and waits for its callback is judged now (差评整改回访).
  await judgeByCallback(ctx.trx, t.assignment_id!);
}

/** GET /tickets/:id/callback: what the operator needs before calling (rated already? attempts so far). */
export async function callbackStatus(
  db: Executor,
  ticket: { id: number; type: string; status: string; assignment_id: number | null; callback_failures?: number },
  maxAttempts: number,
) {
  const assignmentId = ticket.assignment_id;
  // 差评整改回访: whom to call for a rectification order (the rated order's caller; the hotline reads it, never the
  // department: this status is the hotline's alone, ticket.callback.read). null: anonymous, no callback.
  const named = ticket.type === 'rectification' ? await residentOf(db, ticket.id) : null;
  const [rated, attempts, answer] = assignmentId
    ? await Promise.all([
        residentRating(db, assignmentId),
        db('ticket_callback_attempts as a')
          .leftJoin('users as u', 'u.id', 'a.operator_id')
          .where('a.assignment_id', assignmentId)
          .orderBy('a.id')
          .select('a.id', 'a.reason', 'a.note', 'a.operator_id', 'u.display_name as operator_name', 'a.created_at'),
        db('ticket_callbacks').where({ assignment_id: assignmentId }).first(),
      ])
    : [null, [], null];
  return {
    ticket_id: ticket.id,
    assignment_id: assignmentId,
    status: ticket.status,
    max_attempts: maxAttempts,
    failures: ticket.callback_failures ?? 0,
    rectification: named
      ? {
          rating_id: named.rating_id,
          score: named.score,
          reason: named.reason,
          rated_ticket_id: named.rated_ticket_id,
          rated_ticket_number: named.rated_ticket_number,
          resident_name: named.caller_name,
          resident_phone: named.caller_phone,
        }
      : null,
    resident_rating: rated ? { score: rated.score, channel: rated.channel, rated_at: iso(rated.rated_at) } : null,
    attempts: (attempts as Array<Record<string, unknown> & { created_at: string | Date }>).map((a) => ({
      ...a,
      created_at: iso(a.created_at),
    })),
    answer: answer
      ? {
          outcome: answer.outcome,
          contacted: answer.contacted === null ? null : Boolean(answer.contacted),
          solved: answer.solved,
          rating_id: answer.rating_id,
          rated_before: Boolean(answer.rated_before),
          failed_attempts: answer.failed_attempts,
          created_at: fromDbTime(answer.created_at)!.toISOString(),
        }
      : null,
  };
}
