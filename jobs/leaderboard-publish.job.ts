// The red/blue leaderboard's month (docs/rules/leaderboard.md). At 01:00 on the 1st the month just
// ended is prepared (frozen for review; the supervisors are told) and a supervisor publishes it; at the configured
// day and hour (config.leaderboard.autoPublishDay/Hour, 18:00 on the 5th by default) the job publishes any
// prepared month nobody has. After downtime the next start prepares every ended month since the last one prepared
// (oldest first) and publishes those whose day has passed. Both steps do nothing the second time. The job ticks
// every hour: a tick whose period is done does nothing, so a run that failed is tried again an hour later.
import type { Config } from '../config/default.ts';
import { localDate } from '../server/lib/calendar.ts';
import { monthAfter } from '../server/domain/leaderboard/leaderboard.service.ts';
import { SYSTEM } from '../server/domain/users/actor.ts';
import type { JobDeps } from './job.ts';

export const name = 'leaderboard-publish';
export const schedule = '0 * * * *';
export const holdMs = 60_000;
/** A catch-up goes back at most this many months (a board of long ago is read by nobody as news). */
export const MAX_CATCH_UP = 12;

/** The month prepared by the latest 1st-of-the-month 01:00 (Beijing) at or before `now`. */
export function boardMonth(now: Date): string {
  const month = localDate(new Date(now.getTime() - 3600_000)).slice(0, 7); // the month of that 1st
  return monthAfter(month, -1);
}

/**
 * The job's period: the month of the latest 1st at 01:00, and once that month's auto-publication moment has
 * passed, `<month>/publish`, so that the job runs once more then (and once at the next start after it).
 * Without a config (or with the day 0) there is no publication phase.
 */
export function period(now: Date, config?: Pick<Config, 'leaderboard'>): string {
  const month = boardMonth(now);
  const day = config?.leaderboard.autoPublishDay ?? 0;
  if (!day) return month;
  // Beijing time moved back by the hour of publication: on or after the day in the month after `month`.
  const shifted = new Date(now.getTime() + (8 - (config?.leaderboard.autoPublishHour ?? 0)) * 3600_000);
  return shifted.toISOString().slice(0, 7) === monthAfter(month) && shifted.getUTCDate() >= day
    ? `${month}/publish`
    : month;
}

/**
 * The months to prepare, oldest first: those after the last prepared one up to `upTo`, at most `max` of them
 * (the latest); only `upTo` when none was ever prepared (the service's first month, not its whole past).
 */
export function monthsToPublish(last: string | null, upTo: string, max = MAX_CATCH_UP): string[] {
  if (last === null) return [upTo];
  const months: string[] = [];
  for (let m = upTo; m > last && months.length < max; m = monthAfter(m, -1)) months.unshift(m);
  return months;
}

export async function run({ services, now, period: key, signal }: JobDeps) {
  const upTo = key?.slice(0, 7) ?? boardMonth(now);
  const lb = services.leaderboard;
  const prepared: string[] = [];
  const published: string[] = [];
  for (const m of monthsToPublish(await lb.lastPrepared(upTo), upTo)) {
    // Stopped between months: the period is not recorded, so the next start goes on from the last one prepared.
    if (signal.aborted) return { month: upTo, prepared, published };
    if (await lb.prepare(m)) prepared.push(m);
  }
  for (const m of await lb.awaitingPublication()) {
    const at = lb.autoPublishAt(m);
    if (signal.aborted || !at || at > now) continue;
    if ((await lb.publish(m, SYSTEM)).created) published.push(m);
  }
  return { month: upTo, prepared, published };
}
