// Review devices (评价器): registered on a window with a random key shown once (a keyed secret, lib/keyed-secrets.ts:
// 256 random bits kept as SHA-256 with their first 8 characters), revocable, and told who is on duty. Every device
// post authenticates by key, so the lookup is cached for a few seconds (config ratings.deviceCacheMs).
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';
import { clock } from '../../lib/clock.ts';
import { detail, errors } from '../../lib/errors.ts';
import { KeyedSecrets } from '../../lib/keyed-secrets.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { requireAccess } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { SYSTEM } from '../users/actor.ts';
import { staffRepository, windowsRepository } from '../windows/windows.repository.ts';
import { devicesRepository as repo, type DeviceRow, type KeyedDeviceRow } from './devices.repository.ts';
import type { CreateDevice } from './devices.schemas.ts';

export function deviceView(d: DeviceRow) {
  return {
    id: d.id,
    window_id: d.window_id,
    window_name: d.window_name,
    department_id: d.department_id,
    name: d.name,
    key_prefix: d.key_prefix,
    on_duty_staff_id: d.on_duty_staff_id,
    active: d.revoked_at === null,
    revoked_at: iso(d.revoked_at),
    created_at: iso(d.created_at),
    updated_at: iso(d.updated_at),
  };
}

export class DevicesService {
  private readonly keys: KeyedSecrets<KeyedDeviceRow>;

  constructor(
    private readonly db: Db,
    private readonly config: Config['ratings'],
  ) {
    this.keys = new KeyedSecrets({
      format: { prefix: '', bytes: 32, shownChars: 8 },
      findByHash: (hash) => repo.findByKeyHash(this.db, hash),
      hashOf: (row) => row.key_hash,
      cacheMs: () => this.config.deviceCacheMs,
    });
  }

  /**
   * A cached device carries its window's and on-duty staff member's state: the windows service calls this when
   * either changes (other instances follow within deviceCacheMs).
   */
  forgetCached(): void {
    this.keys.forget();
  }

  async create(actor: Actor, input: CreateDevice) {
    const w = await windowsRepository.find(this.db, input.window_id);
    if (!w) throw errors.validation([detail('window_id', 'windows.noSuch')]);
    const { secret: key, hash, shown } = this.keys.issue();
    const now = toDbTime(clock.now());
    const id = await repo.insert(
      this.db,
      { window_id: w.id, name: input.name, key_hash: hash, key_prefix: shown },
      now,
    );
    await auditRepository.record(
      this.db,
      actor,
      'device_create',
      { type: 'device', id },
      { window_id: w.id, name: input.name },
      now,
    );
    return { ...(await this.get(id)), key };
  }

  async find(id: number): Promise<DeviceRow> {
    const d = await repo.find(this.db, id);
    if (!d) throw errors.notFound('device');
    return d;
  }

  async get(id: number) {
    return deviceView(await this.find(id));
  }

  async list(f: { window_id?: number; department_id?: number; department_ids?: readonly number[] }) {
    return (await repo.list(this.db, f)).map(deviceView);
  }

  async revoke(actor: Actor, id: number) {
    await this.find(id);
    const now = toDbTime(clock.now());
    if (await repo.revoke(this.db, id, now)) {
      await auditRepository.record(this.db, actor, 'device_revoke', { type: 'device', id }, null, now);
    }
    this.keys.forget();
    return this.get(id);
  }

  /** Administrators and the department's handlers say who serves at the device's window now. */
  async setOnDuty(actor: Actor, id: number, staffId: number | null) {
    const d = await this.find(id);
    requireAccess(actor, 'device.duty', d);
    await this.putOnDuty(actor, d, staffId === null ? null : await this.staffOf(d, { id: staffId }, 'staff_id'));
    return this.get(id);
  }

  /** The device itself reports who signed in at it (by staff number), or that nobody is on duty. */
  async deviceOnDuty(key: string | undefined, staffNo: string | null) {
    const d = await this.authenticate(key);
    await this.putOnDuty(
      { ...SYSTEM, department_id: d.department_id },
      d,
      staffNo === null ? null : await this.staffOf(d, { no: staffNo }, 'staff_no'),
    );
    return this.get(d.id);
  }

  private async putOnDuty(actor: Actor, d: DeviceRow, staffId: number | null) {
    const now = toDbTime(clock.now());
    await repo.setOnDuty(this.db, d.id, staffId, now);
    await auditRepository.record(
      this.db,
      actor,
      'device_on_duty',
      { type: 'device', id: d.id },
      { staff_id: staffId },
      now,
    );
    this.keys.forget();
  }

  /**
   * An active staff member of the device's department, by id or number; 400 on `path` otherwise. A rating's
   * staff number must also name someone of the device's own window (`ownWindow`): a device rates its window.
   */
  async staffOf(
    d: Pick<DeviceRow, 'department_id' | 'window_id'>,
    by: { id?: number; no?: string },
    path: string,
    ownWindow = false,
  ): Promise<number> {
    const s =
      by.id !== undefined
        ? await staffRepository.find(this.db, by.id)
        : await staffRepository.findByNo(this.db, by.no!);
    if (!s || !s.active || s.department_id !== d.department_id) {
      throw errors.validation([{ path, message: 'devices.noSuchStaff' }]);
    }
    if (ownWindow && s.window_id !== d.window_id) {
      throw errors.validation([{ path, message: 'devices.staffNotAtWindow' }]);
    }
    return s.id;
  }

  /** The active device holding the key; 401 for a missing, forged or revoked key. */
  async authenticate(key: string | undefined): Promise<DeviceRow> {
    if (!key || key.length > 100) throw errors.unauthenticated('devices.badKey');
    const device = await this.keys.find(key);
    if (!device) throw errors.unauthenticated('devices.badKey');
    if (device.revoked_at) throw errors.unauthenticated('devices.revoked');
    return device;
  }
}
