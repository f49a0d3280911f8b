// Windows, staff and review devices for the rating suites, built over HTTP as an administrator would.
import { Client } from './http.ts';
import { uniq } from './factories.ts';
import { ok, type Hotline } from './tickets.ts';
import { testApp } from './test-app.ts';

export async function makeWindow(h: Hotline, departmentId = h.dept.id) {
  return ok(h.admin.post('/api/v1/windows', { department_id: departmentId, name: uniq('综合窗口') }), 201);
}

export async function makeStaff(h: Hotline, windowId: number | null, departmentId = h.dept.id) {
  return ok(
    h.admin.post('/api/v1/staff', {
      department_id: departmentId,
      window_id: windowId,
      staff_no: uniq('NO'),
      name: uniq('王'),
    }),
    201,
  );
}

/** A window with a staff member on duty at its device: answers all three and the device's key. */
export async function reviewDesk(h: Hotline, departmentId = h.dept.id) {
  const window = await makeWindow(h, departmentId);
  const staff = await makeStaff(h, window.id, departmentId);
  const device = await ok(h.admin.post('/api/v1/devices', { window_id: window.id, name: uniq('评价器') }), 201);
  await ok(h.admin.put(`/api/v1/devices/${device.id}/on-duty`, { staff_id: staff.id }));
  return { window, staff, device, key: device.key as string };
}

/** A client without a session, as a device or a resident's phone. */
export async function anonymous(): Promise<Client> {
  return new Client((await testApp()).baseUrl);
}

export async function devicePost(key: string, body: Record<string, unknown>) {
  return (await anonymous()).post('/api/v1/device/ratings', body, { 'x-device-key': key });
}

let seq = 1_000;
export const nextSeq = () => ++seq;

export function deviceRating(over: Record<string, unknown> = {}) {
  return { seq: nextSeq(), score: 5, rated_at: new Date().toISOString(), ...over };
}
