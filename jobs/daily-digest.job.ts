// 08:00 every day: each department's digest of the orders it holds, red and yellow first. Once per day: a day
// missed while the service was down is sent at the next start (today's orders, not a stale list per day).
import { localDate, nextDate } from '../server/lib/calendar.ts';
import type { JobDeps } from './job.ts';

export const name = 'daily-digest';
export const schedule = '0 8 * * *';
const HOUR = 8;

/** The day of the latest 08:00 (Beijing) at or before `now`. */
export function period(now: Date): string {
  const local = new Date(now.getTime() + 8 * 3600_000);
  return local.getUTCHours() >= HOUR ? localDate(now) : nextDate(localDate(now), -1);
}

export function run({ services, now, period: day }: JobDeps) {
  return services.digest.sendDaily(day ?? period(now), now);
}
