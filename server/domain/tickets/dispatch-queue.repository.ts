// The dispatch queue's queries (待派单): orders in status received, by how long they have waited there.
import type { Executor } from '../../lib/db.ts';
import type { TicketRow } from './ticket.types.ts';

/** Since when an order has waited: back in the queue after a return or recall, else since it was created. */
const WAITING_SINCE = 'COALESCE(queued_at, created_at)';

export const dispatchQueueRepository = {
  async page(db: Executor, limit: number, offset: number): Promise<TicketRow[]> {
    return db('tickets')
      .where('status', 'received')
      .orderByRaw(`${WAITING_SINCE} ASC`)
      .orderBy('id')
      .limit(limit)
      .offset(offset);
  },

  /** How many wait, and how many of them since before `overdueBefore` (a UTC time as stored). */
  async counts(db: Executor, overdueBefore: string): Promise<{ total: number; overdue: number }> {
    const row = await db('tickets')
      .where('status', 'received')
      .first(
        db.raw('COUNT(*) as total'),
        db.raw(`SUM(CASE WHEN ${WAITING_SINCE} < ? THEN 1 ELSE 0 END) as overdue`, [overdueBefore]),
      );
    return { total: Number(row?.total ?? 0), overdue: Number(row?.overdue ?? 0) };
  },
};
