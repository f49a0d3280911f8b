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

/** A failed attempt to call a missed number back (回拨未接通). */
export interface AttemptRow {
  id: number;
  callback_id: number;
  reason: 'no_answer' | 'wrong_number' | 'busy';
  note: string | null;
  operator_id: number | null;
  operator_name: string | null;
  created_at: string;
}

const T = 'missed_call_callbacks';
const A = 'missed_call_attempts';
const col = (c: string) => `${T}.${c}`;

/**
 * One more miss at `at` on a callback: counted, and the first miss moved back to `at` when that is earlier (calls
 * may be posted out of order, a CTI catching up).
 */
const missCounted = (trx: Executor, at: string) => ({
  missed_count: trx.raw('?? + 1', [col('missed_count')]),
  first_missed_at: trx.raw('CASE WHEN ?? > ? THEN ? ELSE ?? END', [
    col('first_missed_at'),
    at,
    at,
    col('first_missed_at'),
  ]),
});

export const callbacksRepository = {
  /**
   * A missed call at `at` opens the number's callback, or joins the open one: one statement on the unique
   * open-marker, so concurrent missed calls from a number serialise on that key and all join one row.
   */
  async openOrJoin(trx: Executor, phone: string, at: string, now: string): Promise<number> {
    await trx(T)
      .insert({
        phone,
        open_phone: phone,
        first_missed_at: at,
        last_missed_at: at,
        missed_count: 1,
        status: 'open',
        created_at: now,
        updated_at: now,
      })
      .onConflict('open_phone')
      .merge({
        ...missCounted(trx, at),
        // Likewise the latest miss kept, whatever order the calls come in.
        last_missed_at: trx.raw('CASE WHEN ?? < ? THEN ? ELSE ?? END', [
          col('last_missed_at'),
          at,
          at,
          col('last_missed_at'),
        ]),
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
    return (
      (await db(T).where({ phone, status: 'done' }).where('done_at', '>=', at).orderBy('done_at', 'desc').first()) ??
      null
    );
  },

  /** Counts a late-reported miss on a callback already done, without reopening it. */
  async countLateMiss(trx: Executor, id: number, at: string, now: string): Promise<void> {
    await trx(T)
      .where({ id })
      .update({
        ...missCounted(trx, at),
        updated_at: now,
      });
  },

  /** Closes an open callback; false when it was no longer open (someone else closed it first). */
  async close(
    trx: Executor,
    id: number,
    patch: {
      done_at: string;
      done_by: number | null;
      outcome: 'called_back' | 'answered_call';
      note: string | null;
      ticket_id?: number | null;
    },
    now: string,
  ): Promise<boolean> {
    const n = await trx(T)
      .where({ id, status: 'open' })
      .update({ ...patch, status: 'done', open_phone: null, updated_at: now });
    return n === 1;
  },

  /** Locks an open callback for a failed attempt; false when it is done (someone got through first). */
  async lockOpen(trx: Executor, id: number, now: string): Promise<boolean> {
    return (await trx(T).where({ id, status: 'open' }).update({ updated_at: now })) === 1;
  },

  async insertAttempt(trx: Executor, a: Omit<AttemptRow, 'id' | 'operator_name'>): Promise<number> {
    const [id] = await trx(A).insert(a);
    return Number(id);
  },

  /** The attempts of these callbacks, oldest first, each with the operator's name. */
  async attemptsOf(db: Executor, ids: number[]): Promise<AttemptRow[]> {
    if (!ids.length) return [];
    return db(`${A} as a`)
      .leftJoin('users as u', 'u.id', 'a.operator_id')
      .whereIn('a.callback_id', ids)
      .orderBy('a.id')
      .select('a.*', 'u.display_name as operator_name');
  },

  async find(db: Executor, id: number): Promise<CallbackRow | null> {
    return (await db(T).where({ id }).first()) ?? null;
  },

  /** Open ones oldest first (the queue); done ones most recent first (the record). */
  async list(
    db: Executor,
    status: 'open' | 'done',
    limit: number,
    offset: number,
  ): Promise<{ items: CallbackRow[]; total: number }> {
    const q = db(T).where({ status });
    const [{ n }] = await q.clone().count({ n: '*' });
    if (status === 'open') q.orderBy('first_missed_at').orderBy('id');
    else q.orderBy('done_at', 'desc').orderBy('id', 'desc');
    return { items: await q.limit(limit).offset(offset), total: Number(n) };
  },
};
