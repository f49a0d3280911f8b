// Every query of work orders, their assignments, requests, events and numbers. Writes of tickets and
// ticket_events are called by ticket-writer.ts alone.
import type { Executor } from '../../lib/db.ts';
import { isMysql } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';
import type { ListTickets } from './tickets.schemas.ts';
import type { AssignmentRow, RequestKind, RequestRow, TicketRow } from './ticket.types.ts';
import { OPEN } from './ticket.types.ts';
import { placeKey } from './place.ts';
import { CALLED_BACK_SQL } from '../ratings/rectification-callback.ts';

/**
 * Whether the MySQL-protocol server takes INSERT … RETURNING: learnt at the first insert and kept for the process,
 * which talks to one database (undefined until then).
 */
let returning: boolean | undefined;
const ER_PARSE_ERROR = 1064;

/**
 * Inserts rows in one statement and answers their ids in the same order, matched by `key`, unique among the rows and
 * in the table. A multi-row insert's ids are consecutive only under some auto-increment lock modes (not Galera's), so
 * they come from RETURNING where the server has it (SQLite, MariaDB), else they are read back by the key.
 */
export async function insertIdsBy<R extends object>(
  trx: Executor,
  table: string,
  rows: R[],
  key: keyof R & string,
  /** false: read the ids back by the key, as on a server without RETURNING (its test, on either database). */
  mayReturn = !isMysql(trx) || returning !== false,
) {
  let found: Array<Record<string, unknown>>;
  if (mayReturn && !isMysql(trx)) found = await trx(table).insert(rows).returning(['id', key]);
  else if (mayReturn) {
    // MariaDB 10.5 and later answer the ids in the insert itself (INSERT … RETURNING), a statement and a round trip
    // fewer per batch; knex's MySQL dialect does not write it, so it is added to the SQL knex writes.
    const { sql, bindings } = trx(table).insert(rows).toSQL();
    try {
      const [answer] = await trx.raw(`${sql} returning \`id\`, \`${key}\``, bindings);
      returning = true;
      found = answer;
    } catch (err) {
      // MySQL and TiDB refuse the syntax (1064): nothing was written; their ids are read back by the key below.
      if (returning !== undefined || (err as { errno?: number }).errno !== ER_PARSE_ERROR) throw err;
      returning = false;
      return insertIdsBy(trx, table, rows, key);
    }
  } else {
    await trx(table).insert(rows);
    found = await trx(table)
      .whereIn(
        key,
        rows.map((r) => r[key] as string | number),
      )
      .select('id', key);
  }
  const ids = new Map(found.map((r) => [String(r[key]), Number(r.id)]));
  return rows.map((r) => ids.get(String(r[key]))!);
}

/** One operator's Idempotency-Key as one string. */
export const idempotencyOf = (userId: number, key: string) => `${userId}\n${key}`;

/** An assignment to write: the rest of its columns start empty. */
export type NewAssignment = Omit<
  AssignmentRow,
  'id' | 'signed_at' | 'replied_at' | 'ended_at' | 'end_reason' | 'extended_days'
> & { created_at: string };

export interface EventInput {
  ticket_id: number;
  action: string;
  actor_id: number | null;
  actor_role: string;
  from_status: string | null;
  to_status: string | null;
  data?: unknown;
  note?: string | null;
  public?: boolean;
  created_at: string;
}

// '!' escapes LIKE's wildcards on both databases: SQLite has no default escape character and reads '\\' in SQL text
// differently from MariaDB.
const like = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);
const LIKE = "?? LIKE ? ESCAPE '!'";

/** The card rule of deadlines.ts#cardAt as SQL, for filtering lists. */
function cardCondition(deadline: 'sign_deadline_at' | 'sign_yellow_at', due: 'due_at' | 'due_yellow_at', now: string) {
  const past = (ref: string) => `(${due} < ${ref} OR (signed_at IS NULL AND ${deadline} < ${ref}))`;
  return {
    sql:
      `((status IN ('dispatched','accepted') AND ${past('?')}) ` +
      `OR (status = 'suspended' AND ${past('suspended_at')}))`,
    bindings: [now, now],
  };
}

/** A new row with its place key (duplicates by place): every insert goes through here. */
const withPlace = <T extends { address: string | null }>(row: T) => ({ ...row, place_key: placeKey(row.address) });

export const ticketsRepository = {
  /** The next number of a day: YYYYMMDD + 6 digits. The upsert locks the day's row until commit. */
  async nextNumber(trx: Executor, day: string): Promise<string> {
    return (await this.nextNumbers(trx, day, 1))[0];
  },

  /** The next `count` numbers of the day, in order; one statement whatever the count. */
  async nextNumbers(trx: Executor, day: string, count: number): Promise<string[]> {
    let last: number;
    if (isMysql(trx)) {
      // One round trip: LAST_INSERT_ID(expr) hands the incremented value back as insertId (0 on a fresh day).
      const [result] = await trx.raw(
        'INSERT INTO ticket_sequences (day, last) VALUES (?, ?) ' +
          'ON DUPLICATE KEY UPDATE last = LAST_INSERT_ID(last + ?)',
        [day, count, count],
      );
      last = Number(result.insertId) || count;
    } else {
      const rows = await trx.raw(
        'INSERT INTO ticket_sequences (day, last) VALUES (?, ?) ' +
          'ON CONFLICT(day) DO UPDATE SET last = last + ? RETURNING last',
        [day, count, count],
      );
      last = Number(rows[0].last);
    }
    return Array.from({ length: count }, (_, i) => `${day}${String(last - count + 1 + i).padStart(6, '0')}`);
  },

  async insert(trx: Executor, row: Omit<TicketRow, 'id'>): Promise<number> {
    const [id] = await trx('tickets').insert(withPlace(row));
    return Number(id);
  },

  /** Inserts the rows in one statement and answers their ids in the same order. */
  insertMany(trx: Executor, rows: Array<Omit<TicketRow, 'id'>>): Promise<number[]> {
    return insertIdsBy(trx, 'tickets', rows.map(withPlace), 'number');
  },

  async find(db: Executor, id: number): Promise<TicketRow | null> {
    return (await db('tickets').where({ id }).first()) ?? null;
  },

  async findByNumber(db: Executor, number: string): Promise<TicketRow | null> {
    return (await db('tickets').where({ number }).first()) ?? null;
  },

  /** Optimistic update: applies only if nobody changed the ticket since `version` was read. */
  async updateVersioned(trx: Executor, id: number, version: number, patch: Partial<TicketRow>): Promise<boolean> {
    const n = await trx('tickets')
      .where({ id, version })
      .update({ ...patch, version: version + 1 });
    return n === 1;
  },

  async update(trx: Executor, id: number, patch: Partial<TicketRow>): Promise<void> {
    await trx('tickets').where({ id }).update(patch);
  },

  /**
   * Rows changed by one action (a creation batch's dispatches), in one UPDATE per set of columns changed: a column
   * with one value for all is set plainly, one that differs (the assignment, the unit, a deadline) by a CASE on the
   * row's id. Grouping by equal patches wrote one UPDATE per unit, ten a batch when its orders went to ten units.
   */
  async updateAlike(trx: Executor, items: Array<{ id: number; patch: Partial<TicketRow> }>): Promise<void> {
    const groups = new Map<string, typeof items>();
    for (const item of items) {
      const columns = Object.keys(item.patch).sort().join(',');
      groups.set(columns, [...(groups.get(columns) ?? []), item]);
    }
    for (const group of groups.values()) {
      const patch: Record<string, unknown> = {};
      for (const column of Object.keys(group[0].patch) as Array<keyof TicketRow>) {
        const first = group[0].patch[column];
        patch[column] = group.every((g) => g.patch[column] === first)
          ? first
          : trx.raw(
              `CASE id ${group.map(() => 'WHEN ? THEN ?').join(' ')} END`,
              group.flatMap((g) => [g.id, g.patch[column] ?? null]),
            );
      }
      await trx('tickets')
        .whereIn(
          'id',
          group.map((g) => g.id),
        )
        .update(patch);
    }
  },

  /** Locks the row when its next escalation has come (a no-op write); false when it is no longer due. */
  async claimDue(trx: Executor, id: number, now: string): Promise<boolean> {
    const n = await trx('tickets')
      .where('id', id)
      .where('next_escalation_at', '<=', now)
      .update({ next_escalation_at: trx.ref('next_escalation_at') });
    return n === 1;
  },

  /** `byPhone`: digits may match the caller's number (never for departments, who must not learn hidden numbers). */
  async list(
    db: Executor,
    f: ListTickets & { status?: string | string[]; department_ids?: readonly number[] },
    now: string,
    byPhone: boolean,
  ): Promise<{ items: TicketRow[]; total: number }> {
    const q = db('tickets');
    if (f.status) q.whereIn('status', Array.isArray(f.status) ? f.status : [f.status]);
    // A handler's units (access.ts scopeToUnits): its department and those below it.
    if (f.department_ids) q.whereIn('department_id', f.department_ids);
    else if (f.department_id) q.where('department_id', f.department_id);
    if (f.category_id) q.where('category_id', f.category_id);
    if (f.type) q.where('type', f.type);
    if (f.not_type) q.whereNot('type', f.not_type);
    if (f.awaiting_callback) q.where((w) => w.whereNot('type', 'rectification').orWhereRaw(CALLED_BACK_SQL));
    if (f.q) {
      const term = like(f.q);
      q.where((w) => {
        if (/^\d{4,20}$/.test(f.q!)) {
          w.orWhereRaw(LIKE, ['number', `${term}%`]);
          if (byPhone) w.orWhereRaw(LIKE, ['caller_phone', `%${term}`]);
        }
        for (const column of ['title', 'address', 'description']) w.orWhereRaw(LIKE, [column, `%${term}%`]);
      });
    }
    if (f.card) {
      const red = cardCondition('sign_deadline_at', 'due_at', now);
      const yellow = cardCondition('sign_yellow_at', 'due_yellow_at', now);
      if (f.card === 'red') q.whereRaw(red.sql, red.bindings);
      else if (f.card === 'yellow')
        q.whereRaw(yellow.sql, yellow.bindings).whereNot((w) => w.whereRaw(red.sql, red.bindings));
      else q.whereNot((w) => w.whereRaw(yellow.sql, yellow.bindings));
    }
    const [{ n }] = await q.clone().count({ n: '*' });
    const desc = f.sort.startsWith('-');
    const column = f.sort.replace('-', '');
    const items = await q
      .orderBy(column, desc ? 'desc' : 'asc')
      .orderBy('id', desc ? 'desc' : 'asc')
      .limit(f.per_page)
      .offset((f.page - 1) * f.per_page);
    return { items, total: Number(n) };
  },

  /** Open orders and their cards right now, in one pass over the open tickets (the status index bounds it). */
  async openCounts(db: Executor, now: string): Promise<{ open: number; yellow: number; red: number }> {
    const red = cardCondition('sign_deadline_at', 'due_at', now);
    const yellow = cardCondition('sign_yellow_at', 'due_yellow_at', now);
    const [open, cards] = await Promise.all([
      db('tickets')
        .whereIn('status', ['received', 'dispatched', 'accepted', 'suspended', 'replied'])
        .count({ n: '*' })
        .first(),
      // Every yellow moment comes before its deadline, so a carded ticket is past a yellow moment: the candidates
      // come by range from the card indexes, not from a read of every open ticket; the card rule then decides.
      db('tickets')
        .where((q) =>
          q
            .where((w) =>
              w.whereIn('status', ['dispatched', 'accepted']).whereNull('signed_at').where('sign_yellow_at', '<', now),
            )
            .orWhere((w) => w.whereIn('status', ['dispatched', 'accepted']).where('due_yellow_at', '<', now))
            .orWhere('status', 'suspended'),
        )
        .first(
          db.raw(`SUM(CASE WHEN ${red.sql} THEN 1 ELSE 0 END) as red`, red.bindings),
          db.raw(`SUM(CASE WHEN ${yellow.sql} AND NOT ${red.sql} THEN 1 ELSE 0 END) as yellow`, [
            ...yellow.bindings,
            ...red.bindings,
          ]),
        ),
    ]);
    return { open: Number(open?.n ?? 0), yellow: Number(cards?.yellow ?? 0), red: Number(cards?.red ?? 0) };
  },

  async createdCount(db: Executor, from: string, to: string): Promise<number> {
    const row = await db('tickets')
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  },

  /** Orders created in a period by category (the dashboard's "orders by category"). */
  async countByCategory(
    db: Executor,
    from: string,
    to: string,
  ): Promise<Array<{ category_id: number | null; name: string | null; n: number }>> {
    const rows = await db('tickets as t')
      .leftJoin('categories as c', 'c.id', 't.category_id')
      .where('t.created_at', '>=', from)
      .where('t.created_at', '<', to)
      .groupBy('t.category_id', 'c.name')
      .select('t.category_id', 'c.name', db.raw('COUNT(*) as n'))
      .orderBy('n', 'desc');
    return rows.map((r: { category_id: number | null; name: string | null; n: unknown }) => ({ ...r, n: Number(r.n) }));
  },

  async insertEvent(trx: Executor, e: EventInput): Promise<void> {
    await this.insertEvents(trx, [e]);
  },

  async insertEvents(trx: Executor, events: EventInput[]): Promise<void> {
    await trx('ticket_events').insert(
      events.map((e) => ({
        ...e,
        data: e.data === undefined ? null : JSON.stringify(e.data),
        note: e.note ?? null,
        public: e.public ?? false,
      })),
    );
  },

  async events(db: Executor, ticketId: number) {
    return db('ticket_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .where('e.ticket_id', ticketId)
      .orderBy('e.id')
      .select(
        'e.id',
        'e.action',
        'e.actor_id',
        'u.display_name as actor_name',
        'e.actor_role',
        'e.from_status',
        'e.to_status',
        'e.data',
        'e.note',
        'e.public',
        'e.created_at',
      );
  },

  async insertAssignment(trx: Executor, a: NewAssignment): Promise<number> {
    const [id] = await trx('assignments').insert(a);
    return Number(id);
  },

  /** The first assignments of tickets created in this transaction (no other assignment of theirs to match). */
  insertFirstAssignments(trx: Executor, rows: Array<NewAssignment>): Promise<number[]> {
    return insertIdsBy(trx, 'assignments', rows, 'ticket_id');
  },

  async updateAssignment(trx: Executor, id: number, patch: Partial<AssignmentRow>): Promise<void> {
    await trx('assignments').where({ id }).update(patch);
  },

  async findAssignment(db: Executor, id: number): Promise<AssignmentRow | null> {
    return (await db('assignments').where({ id }).first()) ?? null;
  },

  async insertRequest(trx: Executor, r: Omit<RequestRow, 'id' | 'decided_by' | 'decided_at'>): Promise<number> {
    const [id] = await trx('ticket_requests').insert(r);
    return Number(id);
  },

  async findRequest(db: Executor, id: number): Promise<RequestRow | null> {
    return (await db('ticket_requests').where({ id }).first()) ?? null;
  },

  async requests(db: Executor, ticketId: number): Promise<RequestRow[]> {
    return db('ticket_requests').where({ ticket_id: ticketId }).orderBy('id');
  },

  /** Requests in one status (the (status, kind) index), oldest first, with who asked. */
  async listRequests(db: Executor, f: { status: string; kind?: RequestKind; limit: number; offset: number }) {
    const q = db('ticket_requests as r').where('r.status', f.status);
    if (f.kind) q.where('r.kind', f.kind);
    const [{ n }] = await q.clone().count({ n: '*' });
    const items: Array<RequestRow & { requested_by_name: string | null }> = await q
      .leftJoin('users as u', 'u.id', 'r.requested_by')
      .orderBy('r.created_at')
      .orderBy('r.id')
      .limit(f.limit)
      .offset(f.offset)
      .select('r.*', 'u.display_name as requested_by_name');
    return { items, total: Number(n) };
  },

  async findMany(db: Executor, ids: number[]): Promise<TicketRow[]> {
    return ids.length ? db('tickets').whereIn('id', ids) : [];
  },

  /** The latest supervision order (督办) of each ticket issued to the department holding it now; one query per page. */
  async supervisedAt(db: Executor, tickets: Pick<TicketRow, 'id' | 'department_id'>[]): Promise<Map<number, string>> {
    const held = tickets.filter((t) => t.department_id !== null);
    if (!held.length) return new Map();
    const rows: Array<{ ticket_id: number; department_id: number; at: string }> = await db('supervisions')
      .whereIn(
        'ticket_id',
        held.map((t) => t.id),
      )
      .groupBy('ticket_id', 'department_id')
      .select('ticket_id', 'department_id')
      .max({ at: 'created_at' });
    const holder = new Map(held.map((t) => [t.id, t.department_id]));
    return new Map(
      rows
        .filter((r) => holder.get(Number(r.ticket_id)) === Number(r.department_id))
        .map((r) => [Number(r.ticket_id), r.at]),
    );
  },

  async pendingOrApproved(
    db: Executor,
    ticketId: number,
    kind: RequestKind,
    statuses: string[],
  ): Promise<RequestRow | null> {
    return (
      (await db('ticket_requests').where({ ticket_id: ticketId, kind }).whereIn('status', statuses).first()) ?? null
    );
  },

  /** Decides a pending request; false when someone decided it first. */
  async decideRequest(
    trx: Executor,
    id: number,
    status: 'approved' | 'rejected' | 'cancelled',
    by: number | null,
    at: string,
  ): Promise<boolean> {
    const n = await trx('ticket_requests')
      .where({ id, status: 'pending' })
      .update({ status, decided_by: by, decided_at: at });
    return n === 1;
  },

  async cancelPending(trx: Executor, ticketId: number, kinds: RequestKind[], at: string): Promise<void> {
    await trx('ticket_requests')
      .where({ ticket_id: ticketId, status: 'pending' })
      .whereIn('kind', kinds)
      .update({ status: 'cancelled', decided_at: at });
  },

  /**
   * Claims Idempotency-Keys in one statement; false when any was already used (by a committed or concurrent
   * request): the caller's transaction then rolls back.
   */
  async claimIdempotencyKeys(
    trx: Executor,
    keys: Array<{ user_id: number; key: string; ticket_id: number; created_at: string }>,
  ): Promise<boolean> {
    try {
      await trx('idempotency_keys').insert(keys);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },

  /** Of these keys, those already used, with their tickets (keyed by idempotencyOf). */
  async usedIdempotencyKeys(db: Executor, keys: Array<{ user_id: number; key: string }>): Promise<Map<string, number>> {
    // Both columns of the unique key in IN lists: an index range read, whatever the mix of operators.
    const rows: Array<{ user_id: number; key: string; ticket_id: number }> = await db('idempotency_keys')
      .whereIn('user_id', [...new Set(keys.map((k) => k.user_id))])
      .whereIn(
        'key',
        keys.map((k) => k.key),
      )
      .select('user_id', 'key', 'ticket_id');
    const asked = new Set(keys.map((k) => idempotencyOf(k.user_id, k.key)));
    const used = new Map<string, number>();
    for (const r of rows) {
      const id = idempotencyOf(Number(r.user_id), r.key);
      if (asked.has(id)) used.set(id, Number(r.ticket_id));
    }
    return used;
  },

  async findIdempotencyKey(db: Executor, userId: number, key: string): Promise<number | null> {
    const row = await db('idempotency_keys').where({ user_id: userId, key }).first('ticket_id');
    return row ? Number(row.ticket_id) : null;
  },

  /** Open orders created since `since` from this phone number (duplicates, 并单). */
  async openByPhone(db: Executor, phone: string, since: string, limit: number): Promise<TicketRow[]> {
    return db('tickets')
      .where('caller_phone', phone)
      .where('created_at', '>=', since)
      .whereIn('status', OPEN)
      .orderBy('created_at', 'desc')
      .limit(limit);
  },

  /**
   * Open orders created since `since` whose address ends its street like `key` (placeKey), of this category when
   * one is given: the candidates of the same place written differently, which place.ts#samePlace then decides.
   */
  async openByPlaceKey(
    db: Executor,
    key: string,
    categoryId: number | undefined,
    since: string,
    limit: number,
  ): Promise<TicketRow[]> {
    const q = db('tickets').where('place_key', key).where('created_at', '>=', since).whereIn('status', OPEN);
    if (categoryId) q.where('category_id', categoryId);
    return q.orderBy('created_at', 'desc').limit(limit);
  },

  /** Open orders created since `since` of this category at this address (duplicates, 并单). */
  async openByPlace(
    db: Executor,
    categoryId: number,
    address: string,
    since: string,
    limit: number,
  ): Promise<TicketRow[]> {
    return db('tickets')
      .where({ category_id: categoryId, address })
      .where('created_at', '>=', since)
      .whereIn('status', OPEN)
      .orderBy('created_at', 'desc')
      .limit(limit);
  },

  isMysql,
};
