// Every 10 minutes: sessions idle past the limit (30 minutes) are deleted. They are refused anyway when presented;
// deleting them keeps the table to the sessions that can still be used. Safe to run twice.
import type { JobDeps } from './job.ts';

export const name = 'session-purge';
export const schedule = '*/10 * * * *';

export function run({ services, now }: JobDeps) {
  return services.auth.purgeIdle(now);
}
