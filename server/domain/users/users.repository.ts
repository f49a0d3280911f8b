import type { Executor } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';
import { errors, isDuplicateKey } from '../../lib/errors.ts';
import type { Role } from './actor.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  department_id: number | null;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  active: number | boolean;
  created_at: string;
}

export interface User {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  department_id: number | null;
  active: boolean;
  created_at: string;
}

export const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  display_name: r.display_name,
  role: r.role,
  department_id: r.department_id,
  active: Boolean(r.active),
  created_at: iso(r.created_at),
});

export const usersRepository = {
  async insert(
    db: Executor,
    u: Omit<UserRow, 'id' | 'failed_logins' | 'locked_until' | 'active' | 'created_at'>,
    now: string,
  ) {
    try {
      const [id] = await db('users').insert({ ...u, failed_logins: 0, active: true, created_at: now, updated_at: now });
      return id as number;
    } catch (err) {
      if (isDuplicateKey(err)) throw errors.alreadyExists('users.usernameTaken', { username: u.username });
      throw err;
    }
  },

  async update(db: Executor, id: number, patch: Partial<UserRow>, now: string) {
    await db('users')
      .where({ id })
      .update({ ...patch, updated_at: now });
  },

  async find(db: Executor, id: number): Promise<UserRow | null> {
    return (await db('users').where({ id }).first()) ?? null;
  },

  async findByUsername(db: Executor, username: string): Promise<UserRow | null> {
    return (await db('users').where({ username }).first()) ?? null;
  },

  async list(db: Executor, filter: { role?: string; department_id?: number }): Promise<UserRow[]> {
    const q = db('users').orderBy('id');
    if (filter.role) q.where('role', filter.role);
    if (filter.department_id) q.where('department_id', filter.department_id);
    return q;
  },
};
