// Service windows (窗口) and their staff, with the static QR codes residents scan to rate them.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { detail, errors } from '../../lib/errors.ts';
import type { Signer } from '../../lib/signing.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import { requireAccess } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { iso } from '../../lib/time.ts';
import { ratingUrl, staticToken, type StaticKind } from './rating-codes.ts';
import { staffRepository, windowsRepository, type StaffRow, type WindowRow } from './windows.repository.ts';
import type { CreateStaff, CreateWindow, UpdateStaff, UpdateWindow } from './windows.schemas.ts';

/** The review devices' cache: a cached device carries its window's and on-duty staff member's state. */
export interface CachedDevices {
  forgetCached(): void;
}

export interface WindowsDeps {
  db: Db;
  config: Config;
  signer: Signer;
  devices: CachedDevices;
}

export class WindowsService {
  constructor(private readonly deps: WindowsDeps) {}

  private link(kind: StaticKind, id: number) {
    return ratingUrl(this.deps.config.publicUrl, staticToken(this.deps.signer, kind, id));
  }

  private windowView(w: WindowRow) {
    return {
      id: w.id,
      department_id: w.department_id,
      name: w.name,
      active: Boolean(w.active),
      item_code: w.item_code ?? null,
      rating_url: this.link('window', w.id),
      created_at: iso(w.created_at),
      updated_at: iso(w.updated_at),
    };
  }

  private staffView(s: StaffRow) {
    return {
      id: s.id,
      department_id: s.department_id,
      window_id: s.window_id,
      staff_no: s.staff_no,
      name: s.name,
      active: Boolean(s.active),
      rating_url: this.link('staff', s.id),
      created_at: iso(s.created_at),
      updated_at: iso(s.updated_at),
    };
  }

  private async checkDepartment(id: number) {
    if (!(await departmentsRepository.find(this.deps.db, id))) {
      throw errors.validation([detail('department_id', 'departments.noSuch')]);
    }
  }

  /** A staff member's window must be one of their own department's. */
  private async checkWindow(windowId: number | null | undefined, departmentId: number) {
    if (!windowId) return;
    const w = await windowsRepository.find(this.deps.db, windowId);
    if (!w || w.department_id !== departmentId) {
      throw errors.validation([detail('window_id', 'windows.noSuchInDepartment')]);
    }
  }

  async createWindow(input: CreateWindow) {
    await this.checkDepartment(input.department_id);
    return this.getWindow(await windowsRepository.insert(this.deps.db, input, toDbTime(clock.now())));
  }

  async updateWindow(id: number, input: UpdateWindow) {
    await this.findWindow(id);
    await windowsRepository.update(this.deps.db, id, input, toDbTime(clock.now()));
    this.deps.devices.forgetCached();
    return this.getWindow(id);
  }

  async findWindow(id: number): Promise<WindowRow> {
    const w = await windowsRepository.find(this.deps.db, id);
    if (!w) throw errors.notFound('window');
    return w;
  }

  async getWindow(id: number) {
    return this.windowView(await this.findWindow(id));
  }

  async listWindows(f: { department_id?: number }) {
    return (await windowsRepository.list(this.deps.db, f)).map((w) => this.windowView(w));
  }

  async createStaff(input: CreateStaff) {
    await this.checkDepartment(input.department_id);
    await this.checkWindow(input.window_id, input.department_id);
    const id = await staffRepository.insert(
      this.deps.db,
      { ...input, window_id: input.window_id ?? null },
      toDbTime(clock.now()),
    );
    return this.getStaff(id);
  }

  async updateStaff(id: number, input: UpdateStaff) {
    const current = await this.findStaff(id);
    await this.checkWindow(input.window_id, current.department_id);
    await staffRepository.update(this.deps.db, id, input, toDbTime(clock.now()));
    this.deps.devices.forgetCached();
    return this.getStaff(id);
  }

  async findStaff(id: number): Promise<StaffRow> {
    const s = await staffRepository.find(this.deps.db, id);
    if (!s) throw errors.notFound('staff');
    return s;
  }

  async getStaff(id: number) {
    return this.staffView(await this.findStaff(id));
  }

  async listStaff(f: { department_id?: number; window_id?: number }) {
    return (await staffRepository.list(this.deps.db, f)).map((s) => this.staffView(s));
  }

  /** The printable QR code of a window or staff member: administrators, and the department's own handlers. */
  async qr(actor: Actor, kind: StaticKind, id: number, format: 'png' | 'svg'): Promise<Buffer | string> {
    const row = kind === 'window' ? await this.findWindow(id) : await this.findStaff(id);
    requireAccess(actor, 'rating_code.print', row);
    const url = this.link(kind, id);
    const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
    // Loaded at the first code printed (with its PNG encoder, some 60 modules): printing is an occasional task.
    const { default: QRCode } = await import('qrcode');
    return format === 'png'
      ? QRCode.toBuffer(url, { ...options, type: 'png', width: 512 })
      : QRCode.toString(url, { ...options, type: 'svg' });
  }
}
