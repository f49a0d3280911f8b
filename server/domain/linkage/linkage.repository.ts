// Every query of linked orders (联动工单). An incoming order's status follows its ticket (replied, closed), so the
// status read and filtered on is computed with the ticket's, in one place: STATUS below.
import type { Executor } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';
import type { ListLinkage } from './linkage.schemas.ts';

export interface LinkageRow {
  id: number;
  peer_id: number;
  partner: string;
  direction: 'in' | 'out';
  ref: string;
  ticket_id: number;
  status: string;
  reason: string | null;
  note: string | null;
  received_at: string | null;
  accepted_at: string | null;
  finished_at: string | null;
  status_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A row as read for a view: its status as it stands, and its ticket's number and title, its peer's name. */
export interface LinkageListed extends LinkageRow {
  number: string;
  title: string;
  peer_code: string;
  peer_name: string;
  /** The status as it stands: an incoming order's follows its ticket. */
  current_status: string;
}

const STATUS = `CASE WHEN lo.direction = 'in' AND t.status = 'replied' THEN 'replied'
  WHEN lo.direction = 'in' AND t.status IN ('closed', 'merged') THEN 'closed' ELSE lo.status END`;

function listed(db: Executor) {
  return db('linkage_orders as lo')
    .join('tickets as t', 't.id', 'lo.ticket_id')
    .join('peers as p', 'p.id', 'lo.peer_id')
    .select(
      'lo.*',
      db.raw(`${STATUS} as current_status`),
      't.number',
      't.title',
      'p.code as peer_code',
      'p.name as peer_name',
    );
}

export const linkageRepository = {
  /** The new row's id, or null when the peer already has an order of this direction and ref. */
  async insert(db: Executor, row: Omit<LinkageRow, 'id' | 'version'>): Promise<number | null> {
    try {
      const [id] = await db('linkage_orders').insert({ ...row, version: 1 });
      return Number(id);
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  },

  async find(db: Executor, id: number): Promise<LinkageListed | null> {
    return (await listed(db).where('lo.id', id).first()) ?? null;
  },

  async findByRef(db: Executor, direction: 'in' | 'out', ref: string): Promise<LinkageRow[]> {
    return db('linkage_orders').where({ direction, ref }).orderBy('id');
  },

  async findOfPeer(db: Executor, peerId: number, direction: 'in' | 'out', ref: string): Promise<LinkageRow | null> {
    return (await db('linkage_orders').where({ peer_id: peerId, direction, ref }).first()) ?? null;
  },

  /** How many orders the ticket has sent to the partner (the next one's sequence number in its ref). */
  async sentCount(db: Executor, ticketId: number, partner: string): Promise<number> {
    const [{ n }] = await db('linkage_orders')
      .where({ ticket_id: ticketId, direction: 'out', partner })
      .count({ n: '*' });
    return Number(n);
  },

  /** An order sent to the partner for the ticket that the partner has not finished (sent or accepted). */
  async openOut(db: Executor, ticketId: number, partner: string): Promise<LinkageRow | null> {
    return (
      (await db('linkage_orders')
        .where({ ticket_id: ticketId, direction: 'out', partner })
        .whereIn('status', ['sent', 'accepted'])
        .first()) ?? null
    );
  },

  /** Applies a change if nobody changed the row since it was read (its version); false when someone did. */
  async update(db: Executor, id: number, version: number, patch: Partial<LinkageRow>): Promise<boolean> {
    const n = await db('linkage_orders')
      .where({ id, version })
      .update({ ...patch, version: version + 1 });
    return n === 1;
  },

  ofTicket(db: Executor, ticketId: number): Promise<LinkageListed[]> {
    return listed(db).where('lo.ticket_id', ticketId).orderBy('lo.id');
  },

  async list(db: Executor, f: ListLinkage): Promise<{ items: LinkageListed[]; total: number }> {
    const q = listed(db);
    if (f.direction) q.where('lo.direction', f.direction);
    if (f.partner) q.where('lo.partner', f.partner);
    if (f.status) q.whereRaw(`${STATUS} = ?`, [f.status]);
    const [{ n }] = await q.clone().clearSelect().count({ n: '*' });
    const items = await q
      .orderBy('lo.id', 'desc')
      .limit(f.per_page)
      .offset((f.page - 1) * f.per_page);
    return { items, total: Number(n) };
  },
};
