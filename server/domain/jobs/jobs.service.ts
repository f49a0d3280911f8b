// Leases and period bookkeeping for the scheduler (jobs/scheduler.ts). Several instances of the service run
// the same schedule; each tick of a job runs where its database lease was taken, and a periodic job (a day's
// digest, a month's leaderboard) records its period when done, so a restart catches up exactly once.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { jobsRepository as repo } from './jobs.repository.ts';

export class JobsService {
  /** This instance, as it appears in leases and runs. */
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(
    private readonly db: Db,
    private readonly leaseMs: number,
  ) {}

  private until(ms: number) {
    return toDbTime(new Date(clock.now().getTime() + ms));
  }

  /** True when this instance now holds the job's lease (for leaseMs, renewed while the job runs). */
  tryLease(name: string): Promise<boolean> {
    return repo.acquire(this.db, name, this.holder, toDbTime(clock.now()), this.until(this.leaseMs));
  }

  renew(name: string): Promise<boolean> {
    return repo.renew(this.db, name, this.holder, this.until(this.leaseMs));
  }

  /** Gives the lease up, keeping it `holdMs` after `startedAt` (the rest of the tick) when that is later. */
  release(name: string, startedAt: Date, holdMs: number, error: string | null = null): Promise<void> {
    const now = clock.now();
    const until = new Date(Math.max(now.getTime(), startedAt.getTime() + holdMs));
    return repo.release(this.db, name, this.holder, toDbTime(until), toDbTime(now), error);
  }

  periodDone(job: string, period: string): Promise<boolean> {
    return repo.periodDone(this.db, job, period);
  }

  markPeriodDone(job: string, period: string, startedAt: Date, detail: unknown): Promise<boolean> {
    return repo.markPeriod(this.db, {
      job,
      period,
      holder: this.holder,
      started_at: toDbTime(startedAt),
      finished_at: toDbTime(clock.now()),
      detail: detail === undefined ? null : JSON.stringify(detail),
    });
  }

  leases() {
    return repo.leases(this.db);
  }

  runs(job: string, limit?: number) {
    return repo.runs(this.db, job, limit);
  }
}
