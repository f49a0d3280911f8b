// Every query of call records and CTI keys, and the counts behind the connection-rate figures.
import type { Executor } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';
import type { ListCalls } from './calls.schemas.ts';

export interface CallRow {
  id: number;
  external_id: string | null;
  /** The national number (lib/phone.ts); null when the caller withheld it. */
  caller_phone: string | null;
  started_at: string;
  started_day: string;
  answered: boolean | number;
  /** null: unknown (an operator's own log; the telephone system always knows it). */
  wait_s: number | null;
  talk_s: number;
  operator_id: number | null;
  ticket_id: number | null;
  callback_id: number | null;
  cti_key_id: number | null;
  created_by: number | null;
  created_at: string;
  /** The telephone system's name of the recording (docs/rules/attachments.md "Call recordings"); null: none. */
  recording_ref: string | null;
  /** 转接: the partner the caller was put through to (110/119/120/122, docs/rules/figures.md); null: none. */
  transferred_to?: string | null;
}

export interface CtiKeyRow {
  id: number;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_by: number | null;
  revoked_at: string | null;
  created_at: string;
}

/** Inbound calls, answered ones, and those answered within the threshold, per group. */
export interface CallCounts {
  inbound: number;
  answered: number;
  answered_15s: number;
  /** Calls that ended as a transfer, per partner (110/119/120/122). */
  transferred_to?: Record<string, number>;
}

/** The calls an operator answered: how many, how many of them with a known wait, within 15 s, and the talk time. */
export interface OperatorCounts {
  operator_id: number;
  answered: number;
  wait_known: number;
  answered_15s: number;
  talk_s: number;
}

const counts = (r: { inbound: unknown; answered: unknown; answered_15s: unknown }): CallCounts => ({
  inbound: Number(r.inbound),
  answered: Number(r.answered ?? 0),
  answered_15s: Number(r.answered_15s ?? 0),
  transferred_to: {},
});

export const callsRepository = {
  /** The new call's id, or null when a call with its external_id is already stored. */
  async insert(trx: Executor, row: Omit<CallRow, 'id'>): Promise<number | null> {
    try {
      const [id] = await trx('calls').insert(row);
      return Number(id);
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  },

  async find(db: Executor, id: number): Promise<CallRow | null> {
    return (await db('calls').where({ id }).first()) ?? null;
  },

  async findByExternalId(db: Executor, externalId: string): Promise<CallRow | null> {
    return (await db('calls').where({ external_id: externalId }).first()) ?? null;
  },

  async list(db: Executor, f: ListCalls): Promise<{ items: CallRow[]; total: number }> {
    const q = db('calls');
    if (f.from) q.where('started_day', '>=', f.from);
    if (f.to) q.where('started_day', '<=', f.to);
    if (f.operator_id) q.where('operator_id', f.operator_id);
    if (f.answered !== undefined) q.where('answered', f.answered);
    if (f.phone) q.where('caller_phone', f.phone);
    const [{ n }] = await q.clone().count({ n: '*' });
    const items = await q
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.per_page)
      .offset((f.page - 1) * f.per_page);
    return { items, total: Number(n) };
  },

  /**
   * The call an operator is taking (or just took): answered, not yet made into an order, started in [since, until];
   * their own calls first, then a call from `phone` that the telephone system gave no operator; the latest first.
   */
  async findCurrent(
    db: Executor,
    operatorId: number,
    phone: string | null,
    since: string,
    until: string,
  ): Promise<CallRow | null> {
    const q = db('calls')
      .where('answered', true)
      .whereNull('ticket_id')
      .where('started_at', '>=', since)
      .where('started_at', '<=', until)
      .where((w) => {
        w.where('operator_id', operatorId);
        if (phone) w.orWhere((o) => o.whereNull('operator_id').where('caller_phone', phone));
      });
    if (phone)
      q.orderByRaw('CASE WHEN operator_id = ? AND caller_phone = ? THEN 0 WHEN operator_id = ? THEN 1 ELSE 2 END', [
        operatorId,
        phone,
        operatorId,
      ]);
    return (await q.orderBy('started_at', 'desc').orderBy('id', 'desc').first()) ?? null;
  },

  /**
   * The earliest answered call an operator logged themselves in [from, to] that the telephone system has not
   * reported.
   */
  async findOperatorLogged(db: Executor, operatorId: number, from: string, to: string): Promise<CallRow | null> {
    return (
      (await db('calls')
        .where({ operator_id: operatorId })
        .where('answered', true)
        .whereNull('cti_key_id')
        .whereNull('external_id')
        .where('started_at', '>=', from)
        .where('started_at', '<=', to)
        .orderBy('started_at')
        .orderBy('id')
        .first()) ?? null
    );
  },

  /**
   * Turns an operator's log into the telephone system's record of the same call. 'gone' when another post took
   * it first; 'duplicate' when the external_id is already stored (a retry).
   */
  async adopt(trx: Executor, id: number, patch: Partial<CallRow>): Promise<'adopted' | 'gone' | 'duplicate'> {
    try {
      const n = await trx('calls').where({ id }).whereNull('cti_key_id').whereNull('external_id').update(patch);
      return n === 1 ? 'adopted' : 'gone';
    } catch (err) {
      if (isDuplicateKey(err)) return 'duplicate';
      throw err;
    }
  },

  async byCallback(db: Executor, callbackId: number): Promise<CallRow[]> {
    return db('calls').where({ callback_id: callbackId }).orderBy('started_at');
  },

  /** Marks a stored call as put through to a partner (转接) named later; false when it already names one. */
  async addTransfer(db: Executor, id: number, partner: string): Promise<boolean> {
    return (await db('calls').where({ id }).whereNull('transferred_to').update({ transferred_to: partner })) === 1;
  },

  /** Gives a stored call the recording the telephone system names later; false when it already has one. */
  async addRecording(db: Executor, id: number, ref: string): Promise<boolean> {
    return (await db('calls').where({ id }).whereNull('recording_ref').update({ recording_ref: ref })) === 1;
  },

  /** The calls an order is made from: those linked to it and the one it names (a second order from one call). */
  async ofTicket(db: Executor, ticketId: number, callId: number | null): Promise<CallRow[]> {
    return db('calls')
      .where((w) => {
        w.where({ ticket_id: ticketId });
        if (callId) w.orWhere({ id: callId });
      })
      .orderBy('started_at')
      .orderBy('id');
  },

  /** Links the call to the first ticket made from it. */
  async linkTicket(trx: Executor, callId: number, ticketId: number): Promise<void> {
    await trx('calls').where({ id: callId }).whereNull('ticket_id').update({ ticket_id: ticketId });
  },

  /**
   * Counts per local day over [from, to], read from calls_figures_index alone; and per operator, of the calls they
   * answered (a missed call reached no one, so it is nobody's), which reads talk_s from the rows.
   */
  async counts(db: Executor, from: string, to: string, withinS: number, perOperator = true) {
    const period = (q: ReturnType<typeof db>) => q.where('started_day', '>=', from).where('started_day', '<=', to);
    type DayRow = { started_day: string; inbound: unknown; answered: unknown; answered_15s: unknown };
    type OperatorRow = {
      operator_id: number;
      answered: unknown;
      answered_15s: unknown;
      wait_known: unknown;
      talk_s: unknown;
    };
    type TransferRow = { started_day: string; transferred_to: string; n: unknown };
    const [days, operators, transfers] = (await Promise.all([
      period(db('calls').select('started_day').groupBy('started_day'))
        .count({ inbound: '*' })
        .sum({ answered: db.raw('CASE WHEN answered THEN 1 ELSE 0 END') })
        // An unknown wait (NULL) is never "within 15 s".
        .sum({ answered_15s: db.raw('CASE WHEN answered AND wait_s <= ? THEN 1 ELSE 0 END', [withinS]) }),
      perOperator
        ? period(
            db('calls')
              .select('operator_id')
              .whereNotNull('operator_id')
              .where('answered', true)
              .groupBy('operator_id'),
          )
            .count({ answered: '*' })
            .count({ wait_known: 'wait_s' })
            .sum({ answered_15s: db.raw('CASE WHEN wait_s <= ? THEN 1 ELSE 0 END', [withinS]) })
            .sum({ talk_s: 'talk_s' })
        : [],
      // Transfers per day and partner (calls_transfers_index): few rows, most calls are not transferred.
      period(db('calls').select('started_day', 'transferred_to').whereNotNull('transferred_to'))
        .groupBy('started_day', 'transferred_to')
        .count({ n: '*' }),
    ])) as unknown as [DayRow[], OperatorRow[], TransferRow[]];
    const byDay = new Map<string, Record<string, number>>();
    for (const r of transfers) {
      const day = byDay.get(String(r.started_day)) ?? {};
      day[String(r.transferred_to)] = Number(r.n);
      byDay.set(String(r.started_day), day);
    }
    return {
      days: days.map((r) => ({
        date: String(r.started_day),
        ...counts(r),
        transferred_to: byDay.get(String(r.started_day)) ?? {},
      })),
      operators: operators.map((r): OperatorCounts => ({
        operator_id: Number(r.operator_id),
        answered: Number(r.answered),
        answered_15s: Number(r.answered_15s ?? 0),
        wait_known: Number(r.wait_known ?? 0),
        talk_s: Number(r.talk_s ?? 0),
      })),
    };
  },

  async insertCtiKey(db: Executor, row: Omit<CtiKeyRow, 'id' | 'revoked_at'>): Promise<number> {
    const [id] = await db('cti_keys').insert(row);
    return Number(id);
  },

  async findCtiKey(db: Executor, id: number): Promise<CtiKeyRow | null> {
    return (await db('cti_keys').where({ id }).first()) ?? null;
  },

  async findCtiKeyByHash(db: Executor, hash: string): Promise<CtiKeyRow | null> {
    return (await db('cti_keys').where({ key_hash: hash }).first()) ?? null;
  },

  async listCtiKeys(db: Executor): Promise<CtiKeyRow[]> {
    return db('cti_keys').orderBy('id');
  },

  async revokeCtiKey(db: Executor, id: number, at: string): Promise<void> {
    await db('cti_keys').where({ id }).whereNull('revoked_at').update({ revoked_at: at });
  },
};

/** Display names of the given users, for figure tables. */
export async function userNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db('users').whereIn('id', ids).select('id', 'display_name');
  return new Map(rows.map((r: { id: number; display_name: string }) => [Number(r.id), r.display_name]));
}
