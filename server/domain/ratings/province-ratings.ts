// Ratings to the provincial 好差评 system (docs/integration.md "Ratings to the provincial 好差评 system"). Each rating
// that counts is queued once to every active peer of kind 'province_ratings', in the transaction that makes it count
// (stored outside a burst, a held one confirmed, a callback, the auto-close's default); a rating voided after it was
// sent is withdrawn in the same stream, so the withdrawal never arrives before the rating. The shape follows the
// national 好差评 data items; it names no resident.
import type { Db, Executor } from '../../lib/db.ts';
import { fromDbTime } from '../../lib/db.ts';
import { localDate } from '../../lib/calendar.ts';
import type { PeerRow } from '../peers/peer.types.ts';
import { webhookOutbox, type WebhookMessage } from '../peers/webhook-outbox.ts';
import { provincePeers } from './province-peers.ts';
import { LEVELS } from './rectification.ts';
import type { RatingRow } from './ratings.repository.ts';

/** What the payload is built from: a stored rating's own columns. */
export type ProvinceRating = Pick<
  RatingRow,
  | 'id'
  | 'score'
  | 'channel'
  | 'department_id'
  | 'window_id'
  | 'ticket_id'
  | 'reason'
  | 'comment'
  | 'defaulted'
  | 'rated_at'
  | 'item_code'
>;

/** Why a sent rating is withdrawn (withdraw_reason). */
export type WithdrawReason = 'appeal_upheld' | 'burst_voided';

export const streamOf = (ratingId: number) => `rating:${ratingId}`;
export const createdKey = (peerId: number, ratingId: number) => `province:${peerId}:rating:${ratingId}:created`;
const withdrawnKey = (peerId: number, ratingId: number) => `province:${peerId}:rating:${ratingId}:withdrawn`;

/**
 * 办件编号 of a rating that rates no order: W, the local day it was given, the rating's id on 8 digits or more
 * (W2026120500000123). Made of what never changes, so a resend carries the same number; never a ticket's number
 * (those are 14 digits).
 */
export function serviceNumber(r: Pick<RatingRow, 'id' | 'rated_at'>): string {
  return `W${localDate(fromDbTime(r.rated_at)!).replaceAll('-', '')}${String(r.id).padStart(8, '0')}`;
}

/** The channel as the province names it. */
function channelOf(r: ProvinceRating): string {
  if (r.channel === 'device') return 'window_device';
  // A ticket's single-use link is sent to the resident by text; a window's or staff member's code is a QR code.
  if (r.channel === 'qr') return r.ticket_id !== null ? 'sms_link' : 'qr';
  if (r.channel === 'callback') return r.defaulted ? 'system_default' : 'phone_callback';
  return r.channel;
}

interface Context {
  departments: Map<number, string>;
  tickets: Map<number, { number: string; item_code: string | null; category_name: string | null }>;
  itemNames: Map<string, string>;
}

/** Everything the payloads need beyond the rows, in at most three queries for the whole batch. */
async function contextOf(trx: Executor, rows: ProvinceRating[]): Promise<Context> {
  const ids = (xs: Array<number | null>) => [...new Set(xs.filter((x): x is number => x !== null))];
  const departmentIds = ids(rows.map((r) => r.department_id));
  const ticketIds = ids(rows.map((r) => r.ticket_id));
  const [departments, tickets] = await Promise.all([
    departmentIds.length ? trx('departments').whereIn('id', departmentIds).select('id', 'name') : [],
    ticketIds.length
      ? trx('tickets as t')
          .leftJoin('categories as c', 'c.id', 't.category_id')
          .whereIn('t.id', ticketIds)
          .select('t.id', 't.number', 'c.item_code', 'c.name as category_name')
      : [],
  ]);
  const ticketMap = new Map(tickets.map((t) => [Number(t.id), t]));
  // The item's name: the category's for an order; for a window's rating, the category holding that item code.
  const codes = [...new Set(rows.map((r) => r.item_code).filter((c): c is string => Boolean(c)))];
  const named = codes.length
    ? await trx('categories').whereIn('item_code', codes).orderBy('id').select('item_code', 'name')
    : [];
  const itemNames = new Map<string, string>();
  for (const c of named) if (!itemNames.has(c.item_code)) itemNames.set(c.item_code, c.name);
  return {
    departments: new Map(departments.map((d) => [Number(d.id), String(d.name)])),
    tickets: ticketMap,
    itemNames,
  };
}

/** The JSON posted (docs/integration.md): the national data items, no resident's name or phone. */
export function payloadOf(
  r: ProvinceRating,
  ctx: Context,
  withdrawal?: { at: Date; reason: WithdrawReason },
): Record<string, unknown> {
  const ticket = r.ticket_id !== null ? ctx.tickets.get(r.ticket_id) : undefined;
  const itemCode = ticket?.item_code || r.item_code || null;
  const itemName = (ticket?.item_code ? ticket.category_name : null) ?? (itemCode ? ctx.itemNames.get(itemCode) : null);
  return {
    event: withdrawal ? 'rating.withdrawn' : 'rating.created',
    rating_id: r.id,
    project_no: ticket ? ticket.number : serviceNumber(r),
    item_code: itemCode,
    item_name: itemName ?? ticket?.category_name ?? null,
    department: r.department_id !== null ? { id: r.department_id, name: ctx.departments.get(r.department_id) } : null,
    score: r.score,
    level: LEVELS[r.score],
    channel: channelOf(r),
    reasons: r.reason ? [r.reason] : [],
    comment: r.comment ?? null,
    rated_at: fromDbTime(r.rated_at)!.toISOString(),
    ...(withdrawal ? { withdrawn_at: withdrawal.at.toISOString(), withdraw_reason: withdrawal.reason } : {}),
  };
}

const message = (peer: PeerRow, r: ProvinceRating, payload: Record<string, unknown>, key: string) =>
  ({
    peer,
    event: String(payload.event),
    payload,
    stream: streamOf(r.id),
    dedupe_key: key,
  }) satisfies WebhookMessage;

export const provinceRatings = {
  /**
   * Ratings that count from now: one message per rating and peer, in one insert. `mayBeSent`: some may have been
   * sent before (a rating counted, then held by a later burst, then confirmed): those are left out.
   */
  async counted(db: Db, trx: Executor, rows: ProvinceRating[], now: Date, mayBeSent = false): Promise<void> {
    if (rows.length === 0) return;
    const peers = await provincePeers.active(db, trx);
    if (peers.length === 0) return;
    let pairs = peers.flatMap((p) => rows.map((r) => ({ p, r, key: createdKey(p.id, r.id) })));
    if (mayBeSent) {
      const sent = await sentKeys(
        trx,
        pairs.map((x) => x.key),
      );
      pairs = pairs.filter((x) => !sent.has(x.key));
    }
    if (pairs.length === 0) return;
    const ctx = await contextOf(trx, rows);
    await webhookOutbox.enqueue(
      trx,
      pairs.map(({ p, r, key }) => message(p, r, payloadOf(r, ctx), key)),
      now,
    );
  },

  /** Voided ratings: a withdrawal to each active peer its rating was queued to, once; none for a rating never sent. */
  async voided(db: Db, trx: Executor, rows: ProvinceRating[], reason: WithdrawReason, now: Date): Promise<void> {
    if (rows.length === 0) return;
    const peers = await provincePeers.active(db, trx);
    if (peers.length === 0) return;
    const pairs = peers.flatMap((p) => rows.map((r) => ({ p, r })));
    const known = await sentKeys(trx, [
      ...pairs.map(({ p, r }) => createdKey(p.id, r.id)),
      ...pairs.map(({ p, r }) => withdrawnKey(p.id, r.id)),
    ]);
    const due = pairs.filter(({ p, r }) => known.has(createdKey(p.id, r.id)) && !known.has(withdrawnKey(p.id, r.id)));
    if (due.length === 0) return;
    const ctx = await contextOf(
      trx,
      due.map((x) => x.r),
    );
    await webhookOutbox.enqueue(
      trx,
      due.map(({ p, r }) => message(p, r, payloadOf(r, ctx, { at: now, reason }), withdrawnKey(p.id, r.id))),
      now,
    );
  },
};

/** Which of these dedupe keys the outbox holds (in slices: a held burst may be hundreds of ratings). */
async function sentKeys(trx: Executor, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows: Array<{ dedupe_key: string }> = await trx('outbox')
      .whereIn('dedupe_key', keys.slice(i, i + 500))
      .select('dedupe_key');
    for (const row of rows) found.add(row.dedupe_key);
  }
  return found;
}
