// Every query of the missed-call callback queue (未接来电回拨).
import type { Executor } from '../../lib/db.ts';

export interface CallbackRow {
  id: number;
  phone: string;
  open_phone: string | null;
  first_missed_at: string;
  last_missed_at: string;
  missed_count: number;
  status: 'open' | 'done';
  done_at: string | null;
  done_by: number | null;
  outcome: 'called_back' | 'answered_call' | null;
  note: string | null;
  ticket_id: number | null;
  created_at: string;
  updated_at: string;
}

const T = 'missed_call_callbacks';
const col = (c: string) => `${T}.${c}`;

export const callbacksRepository = {
  /**
   * A missed call at `at` opens the number's callback, or joins the open one: one statement on the unique
   * open-marker, so concurrent missed calls from a number serialise on that key and all join one row.
   */
  async openOrJoin(trx: Executor, phone: string, at: string, now: string): Promise<number> {
    await trx(T)
      .insert({ phone, open_phone: phone, first_missed_at: at, last_missed_at: at, missed_count: 1, status: 'open', created_at: now, updated_at: now })
      .onConflict('open_phone')
      .merge({
        missed_count: trx.raw('?? + 1', [col('missed_count')]),
        // Calls may be posted out of order (a CTI catching up): keep the earliest and the latest miss.
        first_missed_at: trx.raw('CASE WHEN ?? > ? THEN ? ELSE ?? END', [col('first_missed_at'), at, at, col('first_missed_at')]),
        last_missed_at: trx.raw('CASE WHEN ?? < ? THEN ? ELSE ?? END', [col('last_missed_at'), at, at, col('last_missed_at')]),
        updated_at: now,
      });
    const row = await trx(T).where({ open_phone: phone }).first('id');
    return Number(row.id);
  },

  async findOpen(db: Executor, phone: string): Promise<CallbackRow | null> {
    return (await db(T).where({ open_phone: phone }).first()) ?? null;
  },

  /** The latest callback of the number done at or after `at`: a miss reported late was already dealt with. */
  async doneSince(db: Executor, phone: string, at: string): Promise<CallbackRow | null> {
    return (await db(T).where({ phone, status: 'done' }).where('done_at', '>=', at).orderBy('done_at', 'desc').first()) ?? null;
  },

  /** Counts a late-reported miss on a callback already done, without reopening it. */
  async countLateMiss(trx: Executor, id: number, at: string, now: string): Promise<void> {
    await trx(T).where({ id }).update({
      missed_count: trx.raw('?? + 1', [col('missed_count')]),
      first_missed_at: trx.raw('CASE WHEN ?? > ? THEN ? ELSE ?? END', [col('first_missed_at'), at, at, col('first_missed_at')]),
      updated_at: now,
    });
  },

  /** Closes an open callback; false when it was no longer open (someone else closed it first). */
  async close(trx: Executor, id: number, patch: { done_at: string; done_by: number | null; outcome: 'called_back' | 'answered_call'; note: string | null; ticket_id?: number | null }, now: string): Promise<boolean> {
    const n = await trx(T).where({ id, status: 'open' }).update({ ...patch, status: 'done', open_phone: null, updated_at: now });
    return n === 1;
  },

  async find(db: Executor, id: number): Promise<CallbackRow | null> {
    return (await db(T).where({ id }).first()) ?? null;
  },

  /** Open ones oldest first (the queue); done ones most recent first (the record). */
  async list(db: Executor, status: 'open' | 'done', limit: number, offset: number): Promise<{ items: CallbackRow[]; total: number }> {
    const q = db(T).where({ status });
    const [{ n }] = await q.clone().count({ n: '*' });
    if (status === 'open') q.orderBy('first_missed_at').orderBy('id');
    else q.orderBy('done_at', 'desc').orderBy('id', 'desc');
    return { items: await q.limit(limit).offset(offset), total: Number(n) };
  },
};
