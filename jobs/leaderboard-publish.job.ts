// 01:00 on the 1st: the previous month's red/blue leaderboard is published (frozen and mailed to department
// heads by LeaderboardService.publish, which does nothing the second time). After downtime across several 1sts,
// every ended month since the last published one is published, oldest first, at the next start. The job ticks
// every hour: a tick whose month is done does nothing, so a run that failed is tried again an hour later instead
// of a month later.
import { localDate } from '../server/lib/calendar.ts';
import { SYSTEM } from '../server/domain/users/actor.ts';
import type { JobDeps } from './job.ts';

export const name = 'leaderboard-publish';
export const schedule = '0 * * * *';
export const holdMs = 60_000;
/** A catch-up goes back at most this many months (a board of long ago is read by nobody as news). */
export const MAX_CATCH_UP = 12;

const monthAfter = (month: string, n = 1) => {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};

/** The month published by the latest 1st-of-the-month 01:00 (Beijing) at or before `now`. */
export function period(now: Date): string {
  const month = localDate(new Date(now.getTime() - 3600_000)).slice(0, 7); // the month of that 1st
  return monthAfter(month, -1);
}

/**
 * The months to publish, oldest first: those after the last published one up to `upTo`, at most `max` of them
 * (the latest); only `upTo` when none was ever published (the service's first month, not its whole past).
 */
export function monthsToPublish(lastPublished: string | null, upTo: string, max = MAX_CATCH_UP): string[] {
  if (lastPublished === null) return [upTo];
  const months: string[] = [];
  for (let m = upTo; m > lastPublished && months.length < max; m = monthAfter(m, -1)) months.unshift(m);
  return months;
}

export async function run({ services, now, period: month, signal }: JobDeps) {
  const upTo = month ?? period(now);
  const published: string[] = [];
  for (const m of monthsToPublish(await services.leaderboard.lastPublished(upTo), upTo)) {
    // Stopped between months: the period is not recorded, so the next start goes on from the last one published.
    if (signal.aborted) break;
    if ((await services.leaderboard.publish(m, SYSTEM)).created) published.push(m);
  }
  return { month: upTo, published };
}
