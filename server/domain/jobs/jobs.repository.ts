// Job leases (who runs a scheduled job now) and the runs of periodic jobs (done once per period).
import { isWriteConflict, type Executor } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';

export interface LeaseRow {
  name: string;
  holder: string;
  lease_until: string;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_error: string | null;
}

export const jobsRepository = {
  /**
   * Takes the lease of a job: the first instance ever inserts the row; later, the row is taken over only
   * when its lease has run out. Either way one statement decides, so two instances never both hold it. On a Galera
   * cluster two nodes may both take it locally; certification lets the first commit through and fails the other's
   * statement as a deadlock (unless the server's wsrep_retry_autocommit runs it again and finds the lease taken):
   * that instance does not hold it.
   */
  async acquire(db: Executor, name: string, holder: string, now: string, until: string): Promise<boolean> {
    try {
      await db('job_leases').insert({ name, holder, lease_until: until, last_started_at: now });
      return true;
    } catch (err) {
      if (isWriteConflict(err)) return false;
      if (!isDuplicateKey(err)) throw err;
    }
    try {
      const n = await db('job_leases')
        .where({ name })
        .andWhere('lease_until', '<', now)
        .update({ holder, lease_until: until, last_started_at: now });
      return n === 1;
    } catch (err) {
      if (isWriteConflict(err)) return false;
      throw err;
    }
  },

  /** False when the lease is no longer this holder's (or another instance's write to it won). */
  async renew(db: Executor, name: string, holder: string, until: string): Promise<boolean> {
    try {
      return (await db('job_leases').where({ name, holder }).update({ lease_until: until })) === 1;
    } catch (err) {
      if (isWriteConflict(err)) return false;
      throw err;
    }
  },

  /** Ends a holding: `until` keeps the tick's lease a little after a quick run so a slower instance's
   *  same tick finds it taken. */
  async release(
    db: Executor,
    name: string,
    holder: string,
    until: string,
    finishedAt: string,
    error: string | null,
  ): Promise<void> {
    await db('job_leases')
      .where({ name, holder })
      .update({ lease_until: until, last_finished_at: finishedAt, last_error: error });
  },

  async leases(db: Executor): Promise<LeaseRow[]> {
    return db('job_leases').orderBy('name');
  },

  async periodDone(db: Executor, job: string, period: string): Promise<boolean> {
    return (await db('job_runs').where({ job, period }).first('id')) !== undefined;
  },

  /** Records a finished period; false when another instance recorded it first (on Galera: committed first). */
  async markPeriod(
    db: Executor,
    row: {
      job: string;
      period: string;
      holder: string;
      started_at: string;
      finished_at: string;
      detail: string | null;
    },
  ): Promise<boolean> {
    try {
      await db('job_runs').insert(row);
      return true;
    } catch (err) {
      if (isDuplicateKey(err) || isWriteConflict(err)) return false;
      throw err;
    }
  },

  async runs(db: Executor, job: string, limit = 20) {
    return db('job_runs').where({ job }).orderBy('id', 'desc').limit(limit);
  },
};
