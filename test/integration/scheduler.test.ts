import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { uniq } from '../helpers/factories.ts';
import { accepted, dispatched, hotline, type Hotline } from '../helpers/tickets.ts';
import { clock } from '../../server/lib/clock.ts';
import { createDb, type Db } from '../../server/lib/db.ts';
import { JobsService } from '../../server/domain/jobs/jobs.service.ts';
import { createServices, type Services } from '../../server/services.ts';
import { Scheduler } from '../../jobs/scheduler.ts';
import type { Job, JobDeps } from '../../jobs/job.ts';

const bj = (s: string) => new Date(`${s}+08:00`);
const NEVER = '0 0 1 1 *'; // cron of the test jobs: they run only when a test ticks them

/** A job that counts its runs and can be held open until released. */
function testJob(extra: Partial<Job> = {}) {
  const runs: JobDeps[] = [];
  let release: () => void = () => {};
  let hold: Promise<void> | null = null;
  let began: () => void = () => {};
  const started = new Promise<void>((r) => {
    began = r;
  });
  const job: Job = {
    name: uniq('job'),
    schedule: NEVER,
    async run(deps) {
      runs.push(deps);
      began();
      if (hold) await Promise.race([hold, new Promise((r) => deps.signal.addEventListener('abort', r))]);
      return { aborted: deps.signal.aborted };
    },
    ...extra,
  };
  return {
    job,
    runs,
    started,
    holdOpen() {
      hold = new Promise((r) => {
        release = r;
      });
    },
    release: () => release(),
  };
}

describe('scheduled jobs: leases, periods, catch-up and shutdown', () => {
  let s: Services;
  let otherDb: Db;
  let other: Services; // a second instance on the same database
  before(async () => {
    s = (await testApp()).services;
    otherDb = createDb(s.config);
    other = createServices({ db: otherDb, config: s.config, logger: s.logger });
  });
  after(async () => {
    await otherDb.destroy();
  });

  describe('leases', () => {
    it('lets one of two instances take a job lease, and the other after it is given up', async () => {
      clock.set(bj('2026-11-18T10:00:00'));
      const name = uniq('lease');
      const results = await Promise.all([s.jobs.tryLease(name), other.jobs.tryLease(name)]);
      expect(results.filter(Boolean)).to.have.length(1);
      const [holder, waiter] = results[0] ? [s.jobs, other.jobs] : [other.jobs, s.jobs];
      expect(await waiter.tryLease(name)).to.equal(false);
      await holder.release(name, clock.now(), 0);
      clock.set(bj('2026-11-18T10:00:01'));
      expect(await waiter.tryLease(name)).to.equal(true);
      expect(await holder.tryLease(name)).to.equal(false);
    });

    it('takes over the lease of an instance that died holding it once the lease runs out', async () => {
      clock.set(bj('2026-11-18T10:00:00'));
      const name = uniq('lease');
      const dead = new JobsService(s.db, 300_000);
      expect(await dead.tryLease(name)).to.equal(true);
      clock.set(bj('2026-11-18T10:04:59'));
      expect(await s.jobs.tryLease(name)).to.equal(false);
      expect(await dead.renew(name)).to.equal(true); // a live holder renews: now until 10:09:59
      clock.set(bj('2026-11-18T10:09:00'));
      expect(await s.jobs.tryLease(name)).to.equal(false);
      clock.set(bj('2026-11-18T10:10:00')); // it died after renewing
      expect(await s.jobs.tryLease(name)).to.equal(true);
      expect(await dead.renew(name)).to.equal(false);
    });
  });

  describe('ticks', () => {
    it('runs a tick on one instance only', async () => {
      clock.set(bj('2026-11-18T10:00:00'));
      const t = testJob();
      const a = new Scheduler(s, [t.job]);
      const b = new Scheduler(other, [t.job]);
      t.holdOpen();
      const first = a.tick(t.job.name);
      await t.started;
      expect(await b.tick(t.job.name)).to.equal('held');
      expect(await a.tick(t.job.name)).to.equal('busy'); // not twice at once in one instance either
      t.release();
      expect(await first).to.equal('ran');
      expect(t.runs).to.have.length(1);
      // The lease is kept for the rest of the tick (holdMs), then the next tick runs wherever it fires.
      expect(await b.tick(t.job.name)).to.equal('held');
      clock.set(bj('2026-11-18T10:01:00'));
      expect(await b.tick(t.job.name)).to.equal('ran');
      expect(t.runs).to.have.length(2);
    });

    it(
      'does a periodic job once per period across instances ' + 'and restarts, and a missed period at the next start',
      async () => {
        const t = testJob({ period: (now: Date) => now.toISOString().slice(0, 10) });
        clock.set(bj('2026-11-18T10:00:00'));
        const first = new Scheduler(s, [t.job]);
        expect(await first.start()).to.deep.equal({ [t.job.name]: 'ran' });
        await first.stop();
        expect(t.runs[0].period).to.equal('2026-11-18');
        clock.set(bj('2026-11-18T11:00:00'));
        const again = new Scheduler(other, [t.job]);
        expect(await again.tick(t.job.name)).to.equal('done'); // another instance, or this one restarted
        await again.stop();
        clock.set(bj('2026-11-21T10:00:00')); // down for days: the latest period is done once
        const restarted = new Scheduler(other, [t.job]);
        expect(await restarted.start()).to.deep.equal({ [t.job.name]: 'ran' });
        await restarted.stop();
        expect(t.runs.map((r) => r.period)).to.deep.equal(['2026-11-18', '2026-11-21']);
        const runs = await s.jobs.runs(t.job.name);
        expect(runs.map((r: { period: string }) => r.period)).to.deep.equal(['2026-11-21', '2026-11-18']);
      },
    );

    it('lets a running job finish on stop, telling it to stop at a safe point, and takes no tick after', async () => {
      clock.set(bj('2026-11-18T12:00:00'));
      const t = testJob();
      const scheduler = new Scheduler(s, [t.job]);
      t.holdOpen();
      const started = scheduler.start();
      await t.started;
      await scheduler.stop(); // waits for the job, which sees the abort and returns
      expect(await started).to.deep.equal({ [t.job.name]: 'ran' });
      expect(t.runs[0].signal.aborted).to.equal(true);
      expect(await scheduler.tick(t.job.name)).to.equal('stopped');
      const lease = (await s.jobs.leases()).find((l: { name: string }) => l.name === t.job.name)!;
      expect(lease.last_finished_at).to.not.equal(null);
    });
  });

  describe('the real jobs after downtime', () => {
    let h: Hotline;
    before(async () => {
      h = await hotline();
    });

    it(
      'catches up at start: escalation, digest, leaderboard, ' + 'mail — and a second start does nothing twice',
      async () => {
        // A month nobody else's suite publishes; its days have no holidays in the official data.
        await h.travel('2031-03-03T09:00:00+08:00'); // Monday
        const late = await dispatched(h, { type: 'help' }); // sign-for by Tuesday night
        const fine = await accepted(h, { type: 'complaint' });
        clock.set(bj('2031-03-05T09:30:00')); // Wednesday: nothing ran since Monday
        const scheduler = new Scheduler(s);
        const outcomes = await scheduler.start();
        await scheduler.stop();
        expect(outcomes).to.deep.equal({
          'escalation-sweep': 'ran',
          'outbox-send': 'ran',
          'auto-close': 'ran',
          'rating-invite': 'ran',
          'daily-digest': 'ran',
          'leaderboard-publish': 'ran',
          'session-purge': 'ran',
          'suggest-train': 'ran',
          'data-report': 'ran',
          'surge-detect': 'ran',
        });
        const esc = await s.db('escalations').where({ ticket_id: late.id }).select('kind', 'level');
        expect(esc.map((e) => `${e.kind}:${e.level}`).sort()).to.deep.equal(['sign:red', 'sign:yellow']);
        expect(await s.db('escalations').where({ ticket_id: fine.id })).to.have.length(0);
        const digest = await s.db('outbox').where({ dedupe_key: `digest:${h.dept.id}:2031-03-05` });
        expect(digest).to.have.length(1);
        expect(digest[0].subject).to.equal(`【每日工单提醒】${h.dept.name} 3月5日：在办 2 件，红牌 1 件，黄牌 0 件`);
        expect(digest[0].body).to.include('红牌工单').and.include(late.number).and.include(fine.number);
        // February is prepared for a supervisor (published by the job only from 18:00 on the 5th).
        expect((await s.leaderboard.get('2031-02')).status).to.equal('prepared');

        const second = new Scheduler(other);
        clock.set(bj('2031-03-05T09:31:00'));
        const again = await second.start();
        await second.stop();
        expect(again).to.include({ 'daily-digest': 'done', 'leaderboard-publish': 'done' });
        expect(await s.db('outbox').where({ dedupe_key: `digest:${h.dept.id}:2031-03-05` })).to.have.length(1);
        expect(await s.db('escalations').where({ ticket_id: late.id })).to.have.length(2);
      },
    );
  });
});

describe('the service process and its jobs', () => {
  it('runs every job once after it starts listening, and stops cleanly on SIGTERM', async function () {
    this.timeout(90_000);
    const { spawn } = await import('node:child_process');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const net = await import('node:net');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-main-'));
    const dbFile = path.join(dir, 'main.sqlite');
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        DB_CLIENT: 'sqlite',
        DB_FILE: dbFile,
        DEMO_DATA: '0',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        JOBS: '1',
        DATA_REPORT_DIR: path.join(dir, 'reports'),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const db = createDb({ dbClient: 'sqlite', dbFile, databaseUrl: undefined });
    try {
      let leases: Array<{ name: string; last_finished_at: string | null }> = [];
      for (let i = 0; i < 300 && leases.filter((l) => l.last_finished_at).length < 10; i++) {
        await new Promise((r) => setTimeout(r, 200));
        leases = await db('job_leases')
          .select('name', 'last_finished_at')
          .catch(() => []);
      }
      expect(leases.map((l) => l.name).sort()).to.deep.equal(
        [
          'auto-close',
          'daily-digest',
          'escalation-sweep',
          'leaderboard-publish',
          'outbox-send',
          'rating-invite',
          'session-purge',
          'suggest-train',
          'data-report',
          'surge-detect',
        ].sort(),
      );
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).to.equal(200);
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
    } finally {
      child.kill('SIGKILL');
      await db.destroy();
    }
  });
});
