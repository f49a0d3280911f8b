// The orders upstream platforms sent down (table upstream_orders) and the feed that sends their changes back.
import type { Executor } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';

export interface UpstreamOrderRow {
  id: number;
  peer_id: number;
  upstream_id: string;
  ticket_id: number;
  upstream_received_at: string | null;
  upstream_due_at: string | null;
  category_code: string | null;
  area_code: string | null;
  created_at: string;
}

/** Where a ticket came from, as its views show it (docs/api.md "Work orders"). */
export interface UpstreamOrigin {
  peer_code: string;
  peer_name: string;
  upstream_id: string;
  received_at: string | null;
  due_at: string | null;
  category_code: string | null;
  area_code: string | null;
}

type OriginRow = UpstreamOrderRow & { peer_code: string; peer_name: string };

const origin = (r: OriginRow): UpstreamOrigin => ({
  peer_code: r.peer_code,
  peer_name: r.peer_name,
  upstream_id: r.upstream_id,
  received_at: iso(r.upstream_received_at),
  due_at: iso(r.upstream_due_at),
  category_code: r.category_code,
  area_code: r.area_code,
});

const withPeer = (db: Executor) =>
  db('upstream_orders as u')
    .join('peers as p', 'p.id', 'u.peer_id')
    .select('u.*', 'p.code as peer_code', 'p.name as peer_name');

export const upstreamOrdersRepository = {
  /** The order an upstream already sent with this id, with its ticket's number. */
  async findSent(db: Executor, peerId: number, upstreamId: string): Promise<{ id: number; number: string } | null> {
    const row = await db('upstream_orders as u')
      .join('tickets as t', 't.id', 'u.ticket_id')
      .where({ 'u.peer_id': peerId, 'u.upstream_id': upstreamId })
      .first('t.id', 't.number');
    return row ? { id: Number(row.id), number: row.number } : null;
  },

  /** Fails on the unique (peer_id, upstream_id) when a concurrent post of the same order committed first. */
  async insert(db: Executor, row: Omit<UpstreamOrderRow, 'id'>): Promise<void> {
    await db('upstream_orders').insert(row);
  },

  /** The feed that posts the ticket's later changes back (C), and the flag that says it has one. */
  async feed(db: Executor, ticketId: number, peerId: number, ref: string, now: string): Promise<void> {
    await db('ticket_feeds').insert({ ticket_id: ticketId, peer_id: peerId, kind: 'upstream', ref, created_at: now });
    await db('tickets').where({ id: ticketId }).update({ peer_feed: true });
  },

  /** The active category with this item code (事项编码), the first one when several share it. */
  async categoryByItemCode(db: Executor, code: string): Promise<number | null> {
    const row = await db('categories').where({ item_code: code, active: true }).orderBy('id').first('id');
    return row ? Number(row.id) : null;
  },

  async originOf(db: Executor, ticketId: number): Promise<UpstreamOrigin | null> {
    const row: OriginRow | undefined = await withPeer(db).where('u.ticket_id', ticketId).first();
    return row ? origin(row) : null;
  },

  /** The origins of several tickets at once (a page of the dispatch queue), by ticket id. */
  async originsOf(db: Executor, ticketIds: number[]): Promise<Map<number, UpstreamOrigin>> {
    if (!ticketIds.length) return new Map();
    const rows: OriginRow[] = await withPeer(db).whereIn('u.ticket_id', ticketIds);
    return new Map(rows.map((r) => [r.ticket_id, origin(r)]));
  },

  /** The upstream's deadline of a ticket, as stored, or null. */
  async dueOf(db: Executor, ticketId: number): Promise<string | null> {
    const row = await db('upstream_orders').where({ ticket_id: ticketId }).first('upstream_due_at');
    return row?.upstream_due_at ?? null;
  },
};
