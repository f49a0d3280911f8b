// Every 10 minutes: sessions idle past the limit (30 minutes) or past their absolute lifetime (12 hours) are deleted,
// and sign-in failure counts a day old. They are refused anyway when presented; deleting them keeps the tables to what
// can still matter. Safe to run twice.
import type { JobDeps } from './job.ts';

export const name = 'session-purge';
export const schedule = '*/10 * * * *';

export function run({ services, now }: JobDeps) {
  return services.auth.purgeIdle(now);
}
