// Every query of service windows and the staff who serve at them.
import type { Executor } from '../../lib/db.ts';
import { errors, isDuplicateKey, type MessageKey, type Params } from '../../lib/errors.ts';

export interface WindowRow {
  id: number;
  department_id: number;
  name: string;
  active: number | boolean;
  /** 事项编码 of its ratings without an order (ratings to the province); null: none. */
  item_code?: string | null;
  created_at: string;
  updated_at: string;
}
export interface StaffRow {
  id: number;
  department_id: number;
  window_id: number | null;
  staff_no: string;
  name: string;
  active: number | boolean;
  created_at: string;
  updated_at: string;
}

async function unique<T>(what: MessageKey | [MessageKey, Params], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isDuplicateKey(err))
      throw typeof what === 'string' ? errors.alreadyExists(what) : errors.alreadyExists(...what);
    throw err;
  }
}

export const windowsRepository = {
  async insert(
    db: Executor,
    w: { department_id: number; name: string; item_code?: string | null },
    now: string,
  ): Promise<number> {
    const [id] = await unique('windows.nameTaken', () =>
      db('windows').insert({ ...w, active: true, created_at: now, updated_at: now }),
    );
    return Number(id);
  },

  async update(db: Executor, id: number, patch: Partial<WindowRow>, now: string): Promise<void> {
    await unique('windows.nameTaken', () =>
      db('windows')
        .where({ id })
        .update({ ...patch, updated_at: now }),
    );
  },

  async find(db: Executor, id: number): Promise<WindowRow | null> {
    return (await db('windows').where({ id }).first()) ?? null;
  },

  async list(db: Executor, f: { department_id?: number }): Promise<WindowRow[]> {
    const q = db('windows').orderBy('id');
    if (f.department_id) q.where('department_id', f.department_id);
    return q;
  },
};

export const staffRepository = {
  async insert(
    db: Executor,
    s: { department_id: number; window_id: number | null; staff_no: string; name: string },
    now: string,
  ): Promise<number> {
    const [id] = await unique(['windows.staffNoTaken', { staff_no: s.staff_no }], () =>
      db('staff').insert({ ...s, active: true, created_at: now, updated_at: now }),
    );
    return Number(id);
  },

  async update(db: Executor, id: number, patch: Partial<StaffRow>, now: string): Promise<void> {
    await db('staff')
      .where({ id })
      .update({ ...patch, updated_at: now });
  },

  async find(db: Executor, id: number): Promise<StaffRow | null> {
    return (await db('staff').where({ id }).first()) ?? null;
  },

  async findByNo(db: Executor, staffNo: string): Promise<StaffRow | null> {
    return (await db('staff').where({ staff_no: staffNo }).first()) ?? null;
  },

  async list(db: Executor, f: { department_id?: number; window_id?: number }): Promise<StaffRow[]> {
    const q = db('staff').orderBy('id');
    if (f.department_id) q.where('department_id', f.department_id);
    if (f.window_id) q.where('window_id', f.window_id);
    return q;
  },
};
