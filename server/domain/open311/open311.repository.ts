// Every query of the Open311 area: its keys, the rows of submitted requests, and the read of requests as the
// public API answers them (ticket, service, department and the order a merged one joined, in one query).
import type { Executor } from '../../lib/db.ts';
import type { Status } from '../tickets/ticket.types.ts';

export interface Open311KeyRow {
  id: number;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_by: number | null;
  revoked_at: string | null;
  created_at: string;
}

export interface Open311RequestRow {
  ticket_id: number;
  key_id: number;
  lat: number | null;
  lng: number | null;
  address_id: string | null;
  media_url: string | null;
  /** Resolved by GET tokens/:token; none on requests submitted before tokens were issued. */
  token: string | null;
  /** attribute[code] fields as submitted, JSON. */
  attributes: string | null;
  created_at: string;
}

/** A submitted request as the public answers read it. */
export interface RequestRead {
  number: string;
  status: Status;
  category_id: number;
  service_name: string;
  description: string;
  agency: string | null;
  address: string | null;
  due_at: string | null;
  created_at: string;
  updated_at: string;
  merged_into_number: string | null;
  lat: number | string | null;
  lng: number | string | null;
  address_id: string | null;
  media_url: string | null;
}

export interface RequestFilter {
  numbers?: string[];
  categoryIds?: number[];
  statuses?: Status[];
  from?: string;
  to?: string;
  limit: number;
}

function requests(db: Executor) {
  return (
    db('open311_requests as r')
      .join('tickets as t', 't.id', 'r.ticket_id')
      .join('categories as c', 'c.id', 't.category_id')
      .leftJoin('departments as d', 'd.id', 't.department_id')
      .leftJoin('tickets as m', 'm.id', 't.merged_into_id')
      // A confidential order is never public, whatever channel it came in on.
      .where('t.confidential', false)
      .select(
        't.number',
        't.status',
        't.category_id',
        'c.name as service_name',
        't.description',
        'd.name as agency',
        't.address',
        't.due_at',
        't.created_at',
        't.updated_at',
        'm.number as merged_into_number',
        'r.lat',
        'r.lng',
        'r.address_id',
        'r.media_url',
      )
  );
}

export const open311Repository = {
  async insertKey(db: Executor, row: Omit<Open311KeyRow, 'id' | 'revoked_at'>): Promise<number> {
    const [id] = await db('open311_keys').insert(row);
    return Number(id);
  },

  async findKey(db: Executor, id: number): Promise<Open311KeyRow | null> {
    return (await db('open311_keys').where({ id }).first()) ?? null;
  },

  async findKeyByHash(db: Executor, hash: string): Promise<Open311KeyRow | null> {
    return (await db('open311_keys').where({ key_hash: hash }).first()) ?? null;
  },

  async listKeys(db: Executor): Promise<Open311KeyRow[]> {
    return db('open311_keys').orderBy('id');
  },

  async revokeKey(db: Executor, id: number, at: string): Promise<void> {
    await db('open311_keys').where({ id }).whereNull('revoked_at').update({ revoked_at: at });
  },

  async insertRequest(db: Executor, row: Open311RequestRow): Promise<void> {
    await db('open311_requests').insert(row);
  },

  async numberOfToken(db: Executor, token: string): Promise<string | null> {
    const row = await db('open311_requests as r')
      .join('tickets as t', 't.id', 'r.ticket_id')
      .where('r.token', token)
      .first('t.number');
    return row?.number ?? null;
  },

  async findRequest(db: Executor, number: string): Promise<RequestRead | null> {
    return (await requests(db).where('t.number', number).first()) ?? null;
  },

  /** Newest first. Given numbers, the other filters do not apply (GeoReport v2: service_request_id overrides). */
  async listRequests(db: Executor, f: RequestFilter): Promise<RequestRead[]> {
    const q = requests(db);
    if (f.numbers) q.whereIn('t.number', f.numbers);
    else {
      if (f.from) q.where('r.created_at', '>=', f.from);
      if (f.to) q.where('r.created_at', '<=', f.to);
      if (f.categoryIds) q.whereIn('t.category_id', f.categoryIds);
      if (f.statuses) q.whereIn('t.status', f.statuses);
    }
    return q.orderBy('r.created_at', 'desc').orderBy('r.ticket_id', 'desc').limit(f.limit);
  },

  /** Active categories with their default department: the service list. Only leaves of the coded catalogue: a
   *  request is filed under a leaf, never under a heading such as 城乡建设 (docs/rules/catalogue.md). */
  async services(db: Executor, categoryId?: number) {
    const q = db('categories as c')
      .leftJoin('departments as d', 'd.id', 'c.department_id')
      .where('c.active', true)
      .whereNotExists(db('categories as k').where('k.active', true).whereRaw('k.parent_id = c.id').select('k.id'))
      .select('c.id', 'c.name', 'c.created_at', 'd.name as department_name')
      .orderBy('c.id');
    if (categoryId !== undefined) q.where('c.id', categoryId);
    return q as Promise<Array<{ id: number; name: string; created_at: string; department_name: string | null }>>;
  },
};
