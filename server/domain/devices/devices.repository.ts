// Every query of review devices (评价器). Keys are looked up by their SHA-256 only.
import type { Executor } from '../../lib/db.ts';

export interface DeviceRow {
  id: number;
  window_id: number;
  department_id: number;
  window_name: string;
  /** The window's 事项编码 (a device rating's, unless its post names one). */
  window_item_code?: string | null;
  name: string;
  key_prefix: string;
  on_duty_staff_id: number | null;
  /** Whether the device's window is in use: a device at a closed window takes no ratings. */
  window_active: number | boolean;
  /** Whether the staff member on duty is active (null: nobody on duty); an inactive one is not credited. */
  on_duty_staff_active: number | boolean | null;
  revoked_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A device as found by its key, with the hash it holds (compared again in constant time). */
export type KeyedDeviceRow = DeviceRow & { key_hash: string };

const COLUMNS = [
  'd.id',
  'd.window_id',
  'w.department_id',
  'w.name as window_name',
  'w.item_code as window_item_code',
  'd.name',
  'd.key_prefix',
  'd.on_duty_staff_id',
  'w.active as window_active',
  's.active as on_duty_staff_active',
  'd.revoked_at',
  'd.created_at',
  'd.updated_at',
];
const withWindow = (db: Executor) =>
  db('devices as d').join('windows as w', 'w.id', 'd.window_id').leftJoin('staff as s', 's.id', 'd.on_duty_staff_id');

export const devicesRepository = {
  async insert(
    db: Executor,
    d: { window_id: number; name: string; key_hash: string; key_prefix: string },
    now: string,
  ): Promise<number> {
    const [id] = await db('devices').insert({
      ...d,
      on_duty_staff_id: null,
      revoked_at: null,
      created_at: now,
      updated_at: now,
    });
    return Number(id);
  },

  async find(db: Executor, id: number): Promise<DeviceRow | null> {
    return (await withWindow(db).where('d.id', id).first(COLUMNS)) ?? null;
  },

  /** The device holding a key, revoked or not (the caller decides), with the hash it holds. */
  async findByKeyHash(db: Executor, keyHash: string): Promise<KeyedDeviceRow | null> {
    return (
      (await withWindow(db)
        .where('d.key_hash', keyHash)
        .first([...COLUMNS, 'd.key_hash'])) ?? null
    );
  },

  async list(
    db: Executor,
    f: { window_id?: number; department_id?: number; department_ids?: readonly number[] },
  ): Promise<DeviceRow[]> {
    const q = withWindow(db).select(COLUMNS).orderBy('d.id');
    if (f.window_id) q.where('d.window_id', f.window_id);
    if (f.department_id) q.where('w.department_id', f.department_id);
    // A handler's units (access.ts scopeToUnits): its department and those below it.
    if (f.department_ids) q.whereIn('w.department_id', f.department_ids);
    return q;
  },

  /** Revokes once; false when it already was. */
  async revoke(db: Executor, id: number, now: string): Promise<boolean> {
    return (
      (await db('devices').where({ id }).whereNull('revoked_at').update({ revoked_at: now, updated_at: now })) === 1
    );
  },

  async setOnDuty(db: Executor, id: number, staffId: number | null, now: string): Promise<void> {
    await db('devices').where({ id }).update({ on_duty_staff_id: staffId, updated_at: now });
  },
};
