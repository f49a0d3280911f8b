// Every query of ratings, their appeals and the single-use rating links of tickets. Ratings are written by
// rating-store.ts (and the burst rule it runs, rating-bursts.ts) alone.
import type { Executor } from '../../lib/db.ts';
import { isMysql } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';
import type { AssignmentRow, TicketRow } from '../tickets/ticket.types.ts';
import { CALLED_BACK_SQL } from './rectification-callback.ts';

export const CHANNELS = ['device', 'qr', 'callback', 'web'] as const;
export type RatingChannel = (typeof CHANNELS)[number];
export const APPEAL_STATUSES = ['pending', 'upheld', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export interface RatingRow {
  id: number;
  score: number;
  channel: RatingChannel;
  department_id: number | null;
  window_id: number | null;
  staff_id: number | null;
  device_id: number | null;
  seq: number | string | null;
  ticket_id: number | null;
  assignment_id: number | null;
  reason: string | null;
  comment: string | null;
  voided: boolean | number;
  defaulted: boolean | number;
  dedupe_key: string | null;
  rectification_ticket_id: number | null;
  /** 事项编码 of a rating of no order: the device post's, else its window's (province-ratings.ts); null: none. */
  item_code?: string | null;
  /** The assignment that puts a bad review right (figures' rectification rate). */
  remedy_assignment_id?: number | null;
  /** The remedy puts it right only with a callback not bad again (rectification-callback.ts, figures/put-right.ts). */
  remedy_callback?: boolean | number;
  created_by: number | null;
  rated_at: string;
  created_at: string;
  /** Held out of every figure as part of a burst, until a supervisor decides (rating-bursts.ts). */
  flagged?: boolean | number;
  /** null: never flagged; 'held', 'confirmed' or 'voided'. */
  flag_state?: FlagState | null;
  flagged_at?: string | null;
  flag_decided_by?: number | null;
  flag_decided_at?: string | null;
  flag_note?: string | null;
}

export type FlagState = 'held' | 'confirmed' | 'voided';

/** A rating with its appeal and the names the pages show. */
export interface RatingDetail extends RatingRow {
  window_name: string | null;
  staff_name: string | null;
  staff_no: string | null;
  appeal_id: number | null;
  appeal_status: AppealStatus | null;
  appeal_reason: string | null;
  appeal_decision_note: string | null;
  appeal_created_at: string | null;
  appeal_decided_at: string | null;
}

export interface TokenRow {
  token: string;
  ticket_id: number;
  assignment_id: number;
  department_id: number;
  rating_id: number | null;
  used_at: string | null;
  expires_at: string;
  created_at: string;
}

export interface RatingFilter {
  department_id?: number;
  /** A handler's units (access.ts scopeToUnits): its department and those below it. */
  department_ids?: readonly number[];
  window_id?: number;
  staff_id?: number;
  ticket_id?: number;
  channel?: RatingChannel;
  bad?: boolean;
  voided?: boolean;
  flagged?: boolean;
  appeal_status?: AppealStatus | 'none';
  from?: string;
  to?: string;
  page: number;
  per_page: number;
}

function detailQuery(db: Executor) {
  return db('ratings as r')
    .leftJoin('rating_appeals as a', 'a.rating_id', 'r.id')
    .leftJoin('windows as w', 'w.id', 'r.window_id')
    .leftJoin('staff as s', 's.id', 'r.staff_id')
    .select(
      'r.*',
      'w.name as window_name',
      's.name as staff_name',
      's.staff_no',
      'a.id as appeal_id',
      'a.status as appeal_status',
      'a.reason as appeal_reason',
      'a.decision_note as appeal_decision_note',
      'a.created_at as appeal_created_at',
      'a.decided_at as appeal_decided_at',
    );
}

const held = (at: string) => ({ flagged: true, flag_state: 'held', flagged_at: at });

export const ratingsRepository = {
  /** The new rating's id, or null when a unique key (the device's seq, one per ticket per channel) already holds it. */
  async insert(db: Executor, row: Omit<RatingRow, 'id'>): Promise<number | null> {
    try {
      const [id] = await db('ratings').insert(row);
      return Number(id);
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  },

  /** Several ratings in one statement; a duplicate key fails them all (the caller then stores them one by one). */
  async insertMany(db: Executor, rows: Omit<RatingRow, 'id'>[]): Promise<void> {
    await db('ratings').insert(rows);
  },

  /** The ids of the ratings holding these dedupe keys. */
  async idsByDedupeKeys(db: Executor, keys: string[]): Promise<Map<string, number>> {
    const rows: { id: number; dedupe_key: string }[] = await db('ratings')
      .whereIn('dedupe_key', keys)
      .select('id', 'dedupe_key');
    return new Map(rows.map((r) => [r.dedupe_key, Number(r.id)]));
  },

  async update(db: Executor, id: number, patch: Partial<RatingRow>): Promise<void> {
    await db('ratings').where({ id }).update(patch);
  },

  /** A supervisor's decision on the ratings still held among `ids`; answers how many it took. */
  async decideHeld(db: Executor, ids: number[], decision: Partial<RatingRow>): Promise<number> {
    let changed = 0;
    for (let i = 0; i < ids.length; i += 500) {
      changed += await db('ratings')
        .whereIn('id', ids.slice(i, i + 500))
        .where('flagged', true)
        .update(decision);
    }
    return changed;
  },

  /** Holds ratings of this transaction's own in a burst (rating-bursts.ts). */
  async hold(db: Executor, ids: number[], at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 500)
      await db('ratings')
        .whereIn('id', ids.slice(i, i + 500))
        .update(held(at));
  },

  /** Holds a counted rating of a burst if it is still never flagged nor void; false when someone else held it first. */
  async holdCounted(db: Executor, id: number, at: string): Promise<boolean> {
    return (await db('ratings').where({ id, voided: false }).whereNull('flag_state').update(held(at))) === 1;
  },

  async find(db: Executor, id: number): Promise<RatingDetail | null> {
    return (await detailQuery(db).where('r.id', id).first()) ?? null;
  },

  async findByDedupeKey(db: Executor, key: string): Promise<RatingDetail | null> {
    return (await detailQuery(db).where('r.dedupe_key', key).first()) ?? null;
  },

  async list(db: Executor, f: RatingFilter): Promise<{ items: RatingDetail[]; total: number }> {
    const q = db('ratings as r').leftJoin('rating_appeals as a', 'a.rating_id', 'r.id');
    for (const k of ['department_id', 'window_id', 'staff_id', 'ticket_id', 'channel'] as const) {
      if (f[k] !== undefined) q.where(`r.${k}`, f[k]);
    }
    if (f.department_ids) q.whereIn('r.department_id', f.department_ids);
    if (f.bad !== undefined) q.where('r.score', f.bad ? '<=' : '>=', f.bad ? 2 : 3);
    if (f.voided !== undefined) q.where('r.voided', f.voided);
    if (f.flagged !== undefined) q.where('r.flagged', f.flagged);
    if (f.appeal_status === 'none') q.whereNull('a.id');
    else if (f.appeal_status) q.where('a.status', f.appeal_status);
    if (f.from) q.where('r.rated_at', '>=', f.from);
    if (f.to) q.where('r.rated_at', '<', f.to);
    const [{ n }] = await q.clone().count({ n: '*' });
    const ids = (
      await q
        .select('r.id')
        .orderBy('r.rated_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(f.per_page)
        .offset((f.page - 1) * f.per_page)
    ).map((r: { id: number }) => r.id);
    const rows: RatingDetail[] = ids.length ? await detailQuery(db).whereIn('r.id', ids) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { items: ids.map((id: number) => byId.get(id)!), total: Number(n) };
  },

  /** Whether the assignment has been rated through any channel (the 7-day auto-close defaults only the unrated). */
  async assignmentRated(db: Executor, assignmentId: number): Promise<boolean> {
    return Boolean(await db('ratings').where({ assignment_id: assignmentId }).first('id'));
  },

  /** The appeal's id, or null when the rating already has one. */
  async insertAppeal(
    db: Executor,
    a: { rating_id: number; department_id: number; reason: string; requested_by: number | null; created_at: string },
  ): Promise<number | null> {
    try {
      const [id] = await db('rating_appeals').insert({ ...a, status: 'pending' });
      return Number(id);
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  },

  /** Decides a pending appeal; false when there is none pending (never filed, or decided first by someone else). */
  async decideAppeal(
    db: Executor,
    ratingId: number,
    d: { status: 'upheld' | 'rejected'; decided_by: number | null; decision_note: string | null; decided_at: string },
  ): Promise<boolean> {
    return (await db('rating_appeals').where({ rating_id: ratingId, status: 'pending' }).update(d)) === 1;
  },

  /**
   * The rectification order of an upheld appeal and its assignment, read to be changed: on MariaDB a locking read,
   * which sees the latest commit and holds off a concurrent sign or reply until the decision commits (SQLite has
   * a single writer). The ticket first, then its assignment, in the order every ticket action takes them.
   */
  async ticketForUpdate(db: Executor, id: number): Promise<TicketRow | null> {
    const q = db('tickets').where({ id }).first();
    if (isMysql(db)) q.forUpdate();
    return (await q) ?? null;
  },

  async assignmentForUpdate(db: Executor, id: number): Promise<AssignmentRow | null> {
    const q = db('assignments').where({ id }).first();
    if (isMysql(db)) q.forUpdate();
    return (await q) ?? null;
  },

  async insertToken(db: Executor, t: TokenRow): Promise<void> {
    await db('rating_tokens').insert(t);
  },

  async findToken(db: Executor, token: string): Promise<TokenRow | null> {
    return (await db('rating_tokens').where({ token }).first()) ?? null;
  },

  async latestTokenOfTicket(db: Executor, ticketId: number): Promise<TokenRow | null> {
    return (
      (await db('rating_tokens')
        .where({ ticket_id: ticketId })
        .orderBy('created_at', 'desc')
        .orderBy('token')
        .first()) ?? null
    );
  },

  /** Spends a link; false when it was used (or expired) first. The conditional update is the single-use guard. */
  async useToken(db: Executor, token: string, ratingId: number, now: string): Promise<boolean> {
    return (
      (await db('rating_tokens')
        .where({ token })
        .whereNull('used_at')
        .where('expires_at', '>', now)
        .update({ used_at: now, rating_id: ratingId })) === 1
    );
  },

  /**
   * One batch of the 7-day auto-close: replied tickets whose reply is at or before `before`, after the cursor
   * in (replied_at, id) order, so the walk follows the (status, replied_at) index and never revisits a ticket.
   */
  async repliedBefore(db: Executor, before: string, after: { replied_at: string; id: number } | null, limit: number) {
    // A rectification order called back (rectification-callback.ts) waits for its callback, however long.
    const q = db('tickets')
      .where('status', 'replied')
      .where('replied_at', '<=', before)
      .whereNot((w) => w.where('type', 'rectification').whereRaw(CALLED_BACK_SQL));
    if (after) {
      q.where((w) =>
        w
          .where('replied_at', '>', after.replied_at)
          .orWhere((x) => x.where('replied_at', after.replied_at).where('id', '>', after.id)),
      );
    }
    return q.orderBy('replied_at').orderBy('id').limit(limit).select('id', 'replied_at') as Promise<
      { id: number; replied_at: string }[]
    >;
  },
};
