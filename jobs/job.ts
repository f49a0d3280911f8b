// What a scheduled job is: a module jobs/<name>.job.ts exporting `name`, `schedule` (a cron expression read
// in Asia/Shanghai) and `run(deps)`, which calls services, never knex. A job that must be done once per period
// (a day, a month) also exports `period(now)`: the period of the latest scheduled moment at or before now.
// The scheduler records each period when its run finishes, and runs every job once at start, so what came due
// while no instance was running is done once on the next start.
import type { Config } from '../config/default.ts';
import type { Services } from '../server/services.ts';

export interface JobDeps {
  services: Services;
  /** Aborted on shutdown: a job stops at a safe point and leaves the rest to the next run. */
  signal: AbortSignal;
  now: Date;
  /** The period being run, for periodic jobs. */
  period?: string;
}

export interface Job {
  name: string;
  schedule: string;
  run(deps: JobDeps): Promise<unknown>;
  /** `config` lets a period depend on a setting (the leaderboard's auto-publication day). */
  period?(now: Date, config?: Config): string;
  /** After a quick run the lease is kept this long from the tick's start, so a slower instance's same tick
   *  does not run it again (default 30 s; below the job's interval). */
  holdMs?: number;
}
