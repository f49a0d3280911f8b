// Calls, CTI keys and days of calls for the intake suites.
import { randomInt } from 'node:crypto';
import { Client } from './http.ts';
import { testApp } from './test-app.ts';
import { ok, type Hotline } from './tickets.ts';

/** A mobile number nobody else in the run uses. */
export const newPhone = () => `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

/**
 * A local day of its own in the years 2000-2011: the file's other tests' calls (at today's date) never fall on it,
 * and its callbacks sort ahead of theirs in the oldest-first queue. Each test file has a database of its own
 * (helpers/test-databases.ts), so the days only keep the tests of one file apart.
 */
export function ownDay(): string {
  // 2000–2011: years no suite claims by name (the dashboard's 2013 and 2014 among them).
  const d = new Date(Date.UTC(2000, 0, 1) + randomInt(0, 12 * 365) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** A local (Asia/Shanghai) time of a day as ISO 8601 with offset. */
export const at = (day: string, hhmmss: string) => `${day}T${hhmmss}+08:00`;

export function call(over: Record<string, unknown> = {}) {
  return {
    caller_phone: newPhone(),
    started_at: new Date().toISOString(),
    answered: true,
    wait_s: 5,
    talk_s: 120,
    ...over,
  };
}

/** A CTI key issued by the hotline's administrator, and a client that posts with it. */
export async function ctiClient(h: Hotline) {
  const issued = await ok(h.admin.post('/api/v1/cti-keys', { name: `CTI-${Date.now()}` }), 201);
  const { baseUrl } = await testApp();
  const client = new Client(baseUrl);
  return {
    issued,
    post: (body: unknown) => client.post('/api/v1/calls', body, { 'X-CTI-Key': issued.key }),
  };
}
