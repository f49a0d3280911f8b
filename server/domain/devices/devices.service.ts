// Review devices (评价器): registered on a window with a random key shown once, revocable, and told who is on
// duty. Every device post authenticates by key, so the lookup is cached for a few seconds.
import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import type { Actor } from '../users/actor.ts';
import { SYSTEM } from '../users/actor.ts';
import { staffRepository, windowsRepository } from '../windows/windows.repository.ts';
import { devicesRepository as repo, type DeviceRow } from './devices.repository.ts';
import type { CreateDevice } from './devices.schemas.ts';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
const MAX_CACHED = 10_000;

// Bumped when a window or staff member changes (windows.service.ts): a cached device carries their state.
let generation = 0;
/** Makes every DevicesService of this process read its devices afresh (other instances follow within deviceCacheMs). */
export function forgetCachedDevices(): void {
  generation++;
}

export function deviceView(d: DeviceRow) {
  return {
    id: d.id, window_id: d.window_id, window_name: d.window_name, department_id: d.department_id, name: d.name, key_prefix: d.key_prefix,
    on_duty_staff_id: d.on_duty_staff_id, active: d.revoked_at === null, revoked_at: iso(d.revoked_at),
    created_at: iso(d.created_at), updated_at: iso(d.updated_at),
  };
}

export class DevicesService {
  /** key hash -> device and when it was read. Freshness is wall time (performance.now), not the business clock. */
  private cache = new Map<string, { device: DeviceRow; at: number; generation: number }>();

  constructor(private readonly db: Db, private readonly config: Config['ratings']) {}

  async create(actor: Actor, input: CreateDevice) {
    const w = await windowsRepository.find(this.db, input.window_id);
    if (!w) throw errors.validation([{ path: 'window_id', message: '窗口不存在 / no such window' }]);
    // 32 random bytes: a plain SHA-256 is enough to store it, no slow KDF needed as for passwords.
    const key = randomBytes(32).toString('base64url');
    const now = toDbTime(clock.now());
    const id = await repo.insert(this.db, { window_id: w.id, name: input.name, key_hash: hashKey(key), key_prefix: key.slice(0, 8) }, now);
    await auditRepository.record(this.db, actor, 'device_create', { type: 'device', id }, { window_id: w.id, name: input.name }, now);
    return { ...(await this.get(id)), key };
  }

  async find(id: number): Promise<DeviceRow> {
    const d = await repo.find(this.db, id);
    if (!d) throw errors.notFound('评价器');
    return d;
  }

  async get(id: number) {
    return deviceView(await this.find(id));
  }

  async list(f: { window_id?: number; department_id?: number }) {
    return (await repo.list(this.db, f)).map(deviceView);
  }

  async revoke(actor: Actor, id: number) {
    await this.find(id);
    const now = toDbTime(clock.now());
    if (await repo.revoke(this.db, id, now)) {
      await auditRepository.record(this.db, actor, 'device_revoke', { type: 'device', id }, null, now);
    }
    this.cache.clear();
    return this.get(id);
  }

  /** Administrators and the department's handlers say who serves at the device's window now. */
  async setOnDuty(actor: Actor, id: number, staffId: number | null) {
    const d = await this.find(id);
    if (actor.role !== 'admin' && !(actor.role === 'handler' && actor.department_id === d.department_id)) {
      throw errors.forbidden('只能设置本部门的评价器 / not your department');
    }
    await this.putOnDuty(actor, d, staffId === null ? null : await this.staffOf(d, { id: staffId }, 'staff_id'));
    return this.get(id);
  }

  /** The device itself reports who signed in at it (by staff number), or that nobody is on duty. */
  async deviceOnDuty(key: string | undefined, staffNo: string | null) {
    const d = await this.authenticate(key);
    await this.putOnDuty({ ...SYSTEM, department_id: d.department_id }, d, staffNo === null ? null : await this.staffOf(d, { no: staffNo }, 'staff_no'));
    return this.get(d.id);
  }

  private async putOnDuty(actor: Actor, d: DeviceRow, staffId: number | null) {
    const now = toDbTime(clock.now());
    await repo.setOnDuty(this.db, d.id, staffId, now);
    await auditRepository.record(this.db, actor, 'device_on_duty', { type: 'device', id: d.id }, { staff_id: staffId }, now);
    this.cache.clear();
  }

  /**
   * An active staff member of the device's department, by id or number; 400 on `path` otherwise. A rating's
   * staff number must also name someone of the device's own window (`ownWindow`): a device rates its window.
   */
  async staffOf(d: Pick<DeviceRow, 'department_id' | 'window_id'>, by: { id?: number; no?: string }, path: string, ownWindow = false): Promise<number> {
    const s = by.id !== undefined ? await staffRepository.find(this.db, by.id) : await staffRepository.findByNo(this.db, by.no!);
    if (!s || !s.active || s.department_id !== d.department_id) {
      throw errors.validation([{ path, message: '该部门没有这名在岗工作人员 / no such active staff member in the department' }]);
    }
    if (ownWindow && s.window_id !== d.window_id) {
      throw errors.validation([{ path, message: '该工作人员不在本评价器所在窗口 / the staff member does not serve at the device\'s window' }]);
    }
    return s.id;
  }

  /** The active device holding the key; 401 for a missing, forged or revoked key. */
  async authenticate(key: string | undefined): Promise<DeviceRow> {
    if (!key || key.length > 100) throw errors.unauthenticated('缺少或无效的评价器密钥 / missing or invalid device key');
    const keyHash = hashKey(key);
    const hit = this.cache.get(keyHash);
    let device = hit && hit.generation === generation && performance.now() - hit.at < this.config.deviceCacheMs ? hit.device : null;
    if (!device) {
      device = await repo.findByKeyHash(this.db, keyHash);
      if (!device) throw errors.unauthenticated('缺少或无效的评价器密钥 / missing or invalid device key');
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(keyHash, { device, at: performance.now(), generation });
    }
    if (device.revoked_at) throw errors.unauthenticated('该评价器已停用 / the device has been revoked');
    return device;
  }
}
