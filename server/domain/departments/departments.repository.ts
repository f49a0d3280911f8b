import type { Executor } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';
import { errors, isDuplicateKey } from '../../lib/errors.ts';
import type { UnitKind } from './unit-tree.ts';

export interface Department {
  id: number;
  name: string;
  group: string;
  email: string | null;
  head_email: string | null;
  kind: UnitKind;
  parent_id: number | null;
  /** The liaison's (联络员) mobile, as stored; lists show it masked (departments.service.ts). */
  liaison_mobile: string | null;
  active: boolean;
  created_at: string;
}

export interface NewDepartment {
  name: string;
  group: string;
  email?: string;
  head_email?: string;
  kind: UnitKind;
  parent_id: number | null;
  liaison_mobile: string | null;
}

type Row = Omit<Department, 'group' | 'active'> & { group_name: string; active: number | boolean };

const toDepartment = (r: Row): Department => ({
  id: r.id,
  name: r.name,
  group: r.group_name,
  email: r.email,
  head_email: r.head_email,
  kind: r.kind,
  parent_id: r.parent_id === null ? null : Number(r.parent_id),
  liaison_mobile: r.liaison_mobile,
  active: Boolean(r.active),
  created_at: iso(r.created_at),
});

export const departmentsRepository = {
  async insert(db: Executor, d: NewDepartment, now: string) {
    try {
      const [id] = await db('departments').insert({
        name: d.name,
        group_name: d.group,
        email: d.email ?? null,
        head_email: d.head_email ?? null,
        kind: d.kind,
        parent_id: d.parent_id,
        liaison_mobile: d.liaison_mobile,
        active: true,
        created_at: now,
        updated_at: now,
      });
      return id as number;
    } catch (err) {
      if (isDuplicateKey(err)) throw errors.alreadyExists('departments.exists', { name: d.name });
      throw err;
    }
  },

  async update(db: Executor, id: number, patch: Record<string, unknown>, now: string) {
    try {
      await db('departments')
        .where({ id })
        .update({ ...patch, updated_at: now });
    } catch (err) {
      if (isDuplicateKey(err)) throw errors.alreadyExists('departments.nameTaken');
      throw err;
    }
  },

  async find(db: Executor, id: number): Promise<Department | null> {
    const row = await db('departments').where({ id }).first();
    return row ? toDepartment(row) : null;
  },

  async findMany(db: Executor, ids: readonly number[]): Promise<Department[]> {
    return (await db('departments').whereIn('id', [...new Set(ids)])).map(toDepartment);
  },

  async list(db: Executor): Promise<Department[]> {
    return (await db('departments').orderBy('id')).map(toDepartment);
  },

  async count(db: Executor): Promise<number> {
    const row = await db('departments').count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  },
};
