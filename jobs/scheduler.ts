// Runs every job of jobs/ on its cron schedule (Asia/Shanghai), once per tick across all instances: a tick runs
// where the job's database lease was taken (JobsService). Started by server/main.ts after the server listens,
// never by tests unless a test wants it. On start every job runs once at once, which is the catch-up after
// downtime: the sweep and the sender pick up whatever came due, a periodic job runs when its latest period has
// no recorded run. stop() lets running jobs finish (they stop at a safe point when told) and keeps no lease.
import cron, { type ScheduledTask } from 'node-cron';
import { clock } from '../server/lib/clock.ts';
import { safeError } from '../server/lib/safe-error.ts';
import type { Services } from '../server/services.ts';
import type { Job } from './job.ts';
import * as autoClose from './auto-close.job.ts';
import * as dailyDigest from './daily-digest.job.ts';
import * as dataReport from './data-report.job.ts';
import * as escalationSweep from './escalation-sweep.job.ts';
import * as leaderboardPublish from './leaderboard-publish.job.ts';
import * as outboxSend from './outbox-send.job.ts';
import * as ratingInvite from './rating-invite.job.ts';
import * as sessionPurge from './session-purge.job.ts';
import * as suggestTrain from './suggest-train.job.ts';
import * as surgeDetect from './surge-detect.job.ts';

export const JOBS: Job[] = [
  escalationSweep,
  outboxSend,
  autoClose,
  ratingInvite,
  dailyDigest,
  leaderboardPublish,
  sessionPurge,
  suggestTrain,
  dataReport,
  surgeDetect,
];

export type TickOutcome = 'ran' | 'failed' | 'busy' | 'held' | 'done' | 'stopped';

const DEFAULT_HOLD_MS = 30_000;

export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Map<string, Promise<TickOutcome>>();
  private readonly abort = new AbortController();
  private readonly byName: Map<string, Job>;

  constructor(
    private readonly services: Services,
    private readonly jobs: Job[] = JOBS,
  ) {
    this.byName = new Map(jobs.map((j) => [j.name, j]));
    if (this.byName.size !== jobs.length) throw new Error('two jobs share a name');
  }

  /** Registers each job once and runs each once now (the catch-up, whose outcomes it answers). */
  start(): Promise<Record<string, TickOutcome>> {
    for (const job of this.jobs) {
      if (!cron.validate(job.schedule)) throw new Error(`job ${job.name}: bad schedule ${job.schedule}`);
      this.tasks.push(
        cron.schedule(
          job.schedule,
          () => {
            void this.tick(job.name);
          },
          { name: job.name, timezone: 'Asia/Shanghai' },
        ),
      );
    }
    return Promise.all(this.jobs.map(async (j) => [j.name, await this.tick(j.name)] as const)).then(Object.fromEntries);
  }

  /**
   * One tick of a job: skipped while it still runs here, when another instance holds it, or when its period is
   * done.
   */
  tick(name: string): Promise<TickOutcome> {
    const job = this.byName.get(name);
    if (!job) throw new Error(`no job ${name}`);
    if (this.abort.signal.aborted) return Promise.resolve('stopped');
    // Still running here from an earlier tick (a long catch-up): this tick is left out.
    if (this.running.has(name)) return Promise.resolve('busy');
    const run = this.runOnce(job).finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  private async runOnce(job: Job): Promise<TickOutcome> {
    const { jobs, logger } = this.services;
    const startedAt = clock.now();
    const period = job.period?.(startedAt, this.services.config);
    try {
      if (period !== undefined && (await jobs.periodDone(job.name, period))) return 'done';
      if (!(await jobs.tryLease(job.name))) return 'held';
    } catch (err) {
      logger.error({ err, job: job.name }, 'job lease failed');
      return 'failed';
    }
    // Renewed while the job runs, so a long run is not taken over; a crashed instance's lease runs out.
    const renew = setInterval(
      () => {
        jobs.renew(job.name).catch(() => {});
      },
      Math.max(1000, (this.services.config.jobs.leaseSeconds * 1000) / 3),
    );
    renew.unref();
    let error: string | null = null;
    try {
      // Checked again under the lease: another instance may have finished the period just before.
      if (period !== undefined && (await jobs.periodDone(job.name, period))) return 'done';
      const result = await job.run({ services: this.services, signal: this.abort.signal, now: startedAt, period });
      if (period !== undefined && !this.abort.signal.aborted)
        await jobs.markPeriodDone(job.name, period, startedAt, result);
      return 'ran';
    } catch (err) {
      // Stored for the admin page: the stack without SQL values or quoted data (see safeError).
      error = String(safeError(err).stack ?? safeError(err).message).slice(0, 2000);
      logger.error({ err, job: job.name }, 'job failed');
      return 'failed';
    } finally {
      clearInterval(renew);
      await jobs
        .release(job.name, startedAt, job.holdMs ?? DEFAULT_HOLD_MS, error)
        .catch((err) => logger.error({ err, job: job.name }, 'job lease release failed'));
    }
  }

  /** Stops the schedule, tells running jobs to stop at a safe point and waits for them. */
  async stop(): Promise<void> {
    for (const t of this.tasks) await t.stop();
    this.abort.abort();
    await Promise.allSettled([...this.running.values()]);
    for (const t of this.tasks) await t.destroy();
  }
}
