// Every SQL statement of the daily data report (docs/integration.md "Daily data reporting"): which orders changed
// in a day, what each was at the day's end, the day's ratings, and which days were reported (job_runs).
import type { Knex } from 'knex';
import type { Executor } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';

/** The job_runs name under which each reported day is recorded (period = the day), apart from the job's own runs. */
export const DAY_RUNS = 'data-report.day';
const CHUNK = 500;

export interface OrderRow {
  id: number;
  number: string;
  channel: string;
  type: string;
  urgency: string;
  category_id: number | null;
  category_code: string | null;
  item_code: string | null;
  confidential: boolean | number;
  status: string;
  created_at: string;
  closed_at: string | null;
  area_code: string | null;
}

export interface AssignmentRow {
  ticket_id: number;
  department_id: number;
  dispatched_at: string;
  sign_deadline_at: string;
  due_at: string;
  signed_at: string | null;
  replied_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
}

export interface RatingRow {
  id: number;
  number: string | null;
  item_code: string | null;
  department_id: number | null;
  score: number;
  channel: string;
  rated_at: string;
  voided: boolean | number;
  flag_state: string | null;
  flag_decided_at: string | null;
  appeal_status: string | null;
  appeal_decided_at: string | null;
}

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

export const dataReportRepository = {
  /** The orders with an event in [from, to): each change counts on the day of its time. */
  async changedTickets(db: Executor, from: string, to: string): Promise<number[]> {
    const rows: Array<{ ticket_id: number }> = await db('ticket_events')
      .where('created_at', '>=', from)
      .andWhere('created_at', '<', to)
      .distinct('ticket_id')
      .orderBy('ticket_id');
    return rows.map((r) => Number(r.ticket_id));
  },

  async orders(db: Executor, ids: number[]): Promise<OrderRow[]> {
    const out: OrderRow[] = [];
    for (const part of chunks(ids))
      out.push(
        ...(await db('tickets as t')
          .leftJoin('categories as c', 'c.id', 't.category_id')
          .leftJoin('upstream_orders as u', 'u.ticket_id', 't.id')
          .whereIn('t.id', part)
          .select(
            't.id',
            't.number',
            't.channel',
            't.type',
            't.urgency',
            't.category_id',
            'c.code as category_code',
            'c.item_code',
            't.confidential',
            't.status',
            't.created_at',
            't.closed_at',
            'u.area_code',
          )),
      );
    return out.sort((a, b) => a.id - b.id);
  },

  /** Each order's status at `to`: the status its last event before then left it in. */
  async statusesAt(db: Executor, ids: number[], to: string): Promise<Map<number, string>> {
    const status = new Map<number, string>();
    for (const part of chunks(ids)) {
      const rows: Array<{ ticket_id: number; to_status: string }> = await db('ticket_events')
        .whereIn('ticket_id', part)
        .andWhere('created_at', '<', to)
        .whereNotNull('to_status')
        .orderBy('id')
        .select('ticket_id', 'to_status');
      for (const r of rows) status.set(Number(r.ticket_id), r.to_status);
    }
    return status;
  },

  /** Each order's main assignment dispatched last before `to` (the one that held it then). */
  async assignmentsAt(db: Executor, ids: number[], to: string): Promise<Map<number, AssignmentRow>> {
    const held = new Map<number, AssignmentRow>();
    for (const part of chunks(ids)) {
      const rows: AssignmentRow[] = await db('assignments')
        .whereIn('ticket_id', part)
        .andWhere({ role: 'main' })
        .andWhere('dispatched_at', '<', to)
        .orderBy('id')
        .select(
          'ticket_id',
          'department_id',
          'dispatched_at',
          'sign_deadline_at',
          'due_at',
          'signed_at',
          'replied_at',
          'ended_at',
          'end_reason',
        );
      for (const r of rows) held.set(Number(r.ticket_id), r);
    }
    return held;
  },

  /** The ratings given in [from, to) and those voided then (an upheld appeal, a voided burst), by id. */
  async ratings(db: Executor, from: string, to: string): Promise<RatingRow[]> {
    // The day's ratings by their indexed time, then those voided in the day (appeals upheld, bursts voided), which
    // are few: rather than one OR across three tables, which no index serves.
    const [appealed, burst]: Array<Array<{ id: number }>> = await Promise.all([
      db('rating_appeals')
        .where({ status: 'upheld' })
        .andWhere('decided_at', '>=', from)
        .andWhere('decided_at', '<', to)
        .select('rating_id as id'),
      db('ratings')
        .where({ flag_state: 'voided' })
        .andWhere('flag_decided_at', '>=', from)
        .andWhere('flag_decided_at', '<', to)
        .select('id'),
    ]);
    const voided = [...new Set([...appealed, ...burst].map((r) => Number(r.id)))];
    const read = (where: (q: Knex.QueryBuilder) => unknown): Promise<RatingRow[]> =>
      db('ratings as r')
        .leftJoin('tickets as t', 't.id', 'r.ticket_id')
        .leftJoin('categories as c', 'c.id', 't.category_id')
        .leftJoin('rating_appeals as p', 'p.rating_id', 'r.id')
        .where(where)
        .select(
          'r.id',
          't.number',
          // As the 好差评 messages say it (province-ratings.ts): the order's category's code, else the rating's own.
          db.raw('coalesce(c.item_code, r.item_code) as item_code'),
          'r.department_id',
          'r.score',
          'r.channel',
          'r.rated_at',
          'r.voided',
          'r.flag_state',
          'r.flag_decided_at',
          'p.status as appeal_status',
          'p.decided_at as appeal_decided_at',
        );
    const rows = await read((q) => q.where('r.rated_at', '>=', from).andWhere('r.rated_at', '<', to));
    const seen = new Set(rows.map((r) => Number(r.id)));
    const rest = voided.filter((id) => !seen.has(id));
    for (const part of chunks(rest)) rows.push(...(await read((q) => q.whereIn('r.id', part))));
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  },

  /** The first moment anything was recorded (a fresh install's first day to report). */
  async firstActivity(db: Executor): Promise<string | null> {
    const [e, r] = await Promise.all([
      db('ticket_events').min({ at: 'created_at' }).first(),
      db('ratings').min({ at: 'rated_at' }).first(),
    ]);
    const times = [e?.at, r?.at].filter((t): t is string => typeof t === 'string');
    return times.length ? times.sort()[0] : null;
  },

  async dayRecorded(db: Executor, day: string): Promise<boolean> {
    return (await db('job_runs').where({ job: DAY_RUNS, period: day }).first('id')) !== undefined;
  },

  async lastReportedDay(db: Executor): Promise<string | null> {
    const row = await db('job_runs').where({ job: DAY_RUNS }).max({ day: 'period' }).first();
    return (row?.day as string | null) ?? null;
  },

  /** Records a day as reported; false when it already was (another instance, a concurrent run). */
  async recordDay(
    db: Executor,
    row: { day: string; holder: string; started_at: string; finished_at: string; detail: string },
  ): Promise<boolean> {
    try {
      await db('job_runs').insert({
        job: DAY_RUNS,
        period: row.day,
        holder: row.holder,
        started_at: row.started_at,
        finished_at: row.finished_at,
        detail: row.detail,
      });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },

  async reportedDays(db: Executor, limit: number) {
    return db('job_runs')
      .where({ job: DAY_RUNS })
      .orderBy('period', 'desc')
      .limit(limit)
      .select('period', 'holder', 'started_at', 'finished_at', 'detail');
  },
};
