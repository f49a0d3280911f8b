// 01:00 on the 1st: the previous month's red/blue leaderboard is published (frozen and mailed to department
// heads by LeaderboardService.publish, which does nothing the second time). A month whose 1st 01:00 passed
// while no instance ran is published at the next start.
import { localDate } from '../server/lib/calendar.ts';
import { SYSTEM } from '../server/domain/users/actor.ts';
import type { JobDeps } from './job.ts';

export const name = 'leaderboard-publish';
export const schedule = '0 1 1 * *';
export const holdMs = 60_000;

/** The month published by the latest 1st-of-the-month 01:00 (Beijing) at or before `now`. */
export function period(now: Date): string {
  const month = localDate(new Date(now.getTime() - 3600_000)).slice(0, 7); // the month of that 1st
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export async function run({ services, now, period: month }: JobDeps) {
  const { created } = await services.leaderboard.publish(month ?? period(now), SYSTEM);
  return { month: month ?? period(now), created };
}
