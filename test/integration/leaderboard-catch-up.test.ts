import { expect } from 'chai';
import cron from 'node-cron';
import { testApp } from '../helpers/test-app.ts';
import { makeDepartment, uniq } from '../helpers/factories.ts';
import { clock } from '../../server/lib/clock.ts';
import { SYSTEM } from '../../server/domain/users/actor.ts';
import { LeaderboardService } from '../../server/domain/leaderboard/leaderboard.service.ts';
import type { Services } from '../../server/services.ts';
import { Scheduler } from '../../jobs/scheduler.ts';
import * as leaderboardPublish from '../../jobs/leaderboard-publish.job.ts';

const bj = (s: string) => new Date(`${s}+08:00`);

/** The first minute after `at` when the job's cron schedule (Asia/Shanghai) fires. */
function nextTick(at: Date): Date {
  const task = cron.createTask(leaderboardPublish.schedule, () => {}, { timezone: 'Asia/Shanghai' });
  try {
    for (let t = at.getTime() + 60_000; t < at.getTime() + 32 * 86_400_000; t += 60_000)
      if (task.match(new Date(t))) return new Date(t);
    throw new Error('no tick within a month');
  } finally {
    void task.destroy();
  }
}

// Years of their own, far ahead, each test with its own last published month set first; the job runs under a name
// of its own, so its lease and recorded periods are the test's alone.
describe(
  'leaderboard-publish job: prepare on the 1st, publish ' + 'by a supervisor or on the 5th, catch up and retry',
  () => {
    let s: Services;
    before(async () => {
      s = (await testApp()).services;
    });

    /** The services with prepare and publish watched (prepare made to fail while `failing` is above 0). */
    function watched(config = s.config) {
      const prepared: string[] = [];
      const published: string[] = [];
      const spy = { failing: 0 };
      const base = config === s.config ? s.leaderboard : new LeaderboardService(s.db, s.figures, config);
      const leaderboard = Object.create(base) as Services['leaderboard'];
      leaderboard.prepare = async (month) => {
        prepared.push(month);
        if (spy.failing > 0) {
          spy.failing--;
          throw new Error('database unavailable');
        }
        return base.prepare(month);
      };
      leaderboard.publish = async (month, actor) => {
        published.push(month);
        return base.publish(month, actor);
      };
      return { services: { ...s, config, leaderboard }, prepared, published, spy };
    }

    const job = () => ({ ...leaderboardPublish, name: uniq('leaderboard-publish') });
    const status = async (month: string) => (await s.leaderboard.get(month)).status;

    /** The month before `month` is published, as on its 1st. */
    async function lastPublished(month: string, at: string) {
      clock.set(bj(at));
      await s.leaderboard.publish(month, SYSTEM);
    }

    it(
      'prepares the month at 01:00 on the 1st and tells the supervisors; ' +
        'a supervisor publishes it; the 5th then publishes nothing',
      async () => {
        await makeDepartment(); // a department head to mail
        await lastPublished('2045-01', '2045-02-01T01:00:00');
        const w = watched({ ...s.config, supervisorsEmail: 'supervisors@bj12345.example' });
        const j = job();
        const scheduler = new Scheduler(w.services, [j]);
        try {
          clock.set(bj('2045-03-01T00:30:00'));
          await scheduler.tick(j.name);
          expect(await status('2045-02')).to.equal('preview'); // March's 01:00 has not come yet
          clock.set(nextTick(clock.now()));
          expect(clock.now()).to.deep.equal(bj('2045-03-01T01:00:00'));
          expect(await scheduler.tick(j.name)).to.equal('ran');
          expect(await status('2045-02')).to.equal('prepared');
          const told = await s
            .db('outbox')
            .where({ recipient: 'supervisors@bj12345.example' })
            .where('subject', 'like', '%2045-02%');
          expect(told).to.have.length(1);
          expect(told[0].body)
            .to.include(`${s.config.publicUrl}/supervise?month=2045-02#board`)
            .and.include('2045年3月5日 18:00');
          // not public yet
          expect(await s.db('outbox').where('dedupe_key', 'like', 'leaderboard:2045-02:%')).to.have.length(0);

          clock.set(bj('2045-03-03T10:00:00'));
          const supervisor = { id: null, role: 'supervisor', department_id: null } as const;
          expect((await s.leaderboard.publish('2045-02', supervisor)).created).to.equal(true);
          const mails = await s.db('outbox').where('dedupe_key', 'like', 'leaderboard:2045-02:%');
          expect(mails.length).to.be.greaterThan(0);
          expect(mails[0].body).to.include(`${s.config.publicUrl}/board?month=2045-02`);

          clock.set(bj('2045-03-05T18:00:00'));
          expect(await scheduler.tick(j.name)).to.equal('ran');
          expect(w.published).to.deep.equal([]);
          expect((await s.leaderboard.get('2045-02')).published_at).to.equal(bj('2045-03-03T10:00:00').toISOString());
        } finally {
          await scheduler.stop();
        }
      },
    );

    it('publishes a prepared month nobody published at 18:00 on the 5th, and not before', async () => {
      await lastPublished('2046-01', '2046-02-01T01:00:00');
      const w = watched();
      const j = job();
      const scheduler = new Scheduler(w.services, [j]);
      try {
        clock.set(bj('2046-03-01T01:00:00'));
        await scheduler.tick(j.name);
        clock.set(bj('2046-03-05T17:00:00'));
        expect(await scheduler.tick(j.name)).to.equal('done');
        expect(await status('2046-02')).to.equal('prepared');
        clock.set(nextTick(clock.now()));
        expect(await scheduler.tick(j.name)).to.equal('ran');
        const board = await s.leaderboard.get('2046-02');
        expect(board.status).to.equal('published');
        expect(board.published_at).to.equal(bj('2046-03-05T18:00:00').toISOString());
        expect(w.published).to.deep.equal(['2046-02']);
      } finally {
        await scheduler.stop();
      }
    });

    it('never publishes by itself when the day is set to 0', async () => {
      await lastPublished('2047-01', '2047-02-01T01:00:00');
      const w = watched({ ...s.config, leaderboard: { ...s.config.leaderboard, autoPublishDay: 0 } });
      const j = job();
      const scheduler = new Scheduler(w.services, [j]);
      try {
        clock.set(bj('2047-03-01T01:00:00'));
        await scheduler.tick(j.name);
        clock.set(bj('2047-03-20T09:00:00'));
        await scheduler.tick(j.name);
        expect(await status('2047-02')).to.equal('prepared');
        expect(w.published).to.deep.equal([]);
      } finally {
        await scheduler.stop();
      }
    });

    it(
      'after downtime across several 1sts prepares every month ' +
        'since, oldest first, and publishes those past their 5th',
      async () => {
        await lastPublished('2041-01', '2041-02-01T01:00:00');
        clock.set(bj('2041-05-03T09:00:00')); // down since February: March, April and May 1st went by
        const w = watched();
        const j = job();
        const scheduler = new Scheduler(w.services, [j]);
        expect(await scheduler.start()).to.deep.equal({ [j.name]: 'ran' });
        await scheduler.stop();
        expect(w.prepared).to.deep.equal(['2041-02', '2041-03', '2041-04']);
        expect(w.published).to.deep.equal(['2041-02', '2041-03']);
        expect([
          await status('2041-02'),
          await status('2041-03'),
          await status('2041-04'),
          await status('2041-05'),
        ]).to.deep.equal(['published', 'published', 'prepared', 'preview']);
        const [run] = await s.jobs.runs(j.name);
        expect(JSON.parse(run.detail)).to.deep.equal({
          month: '2041-04',
          prepared: ['2041-02', '2041-03', '2041-04'],
          published: ['2041-02', '2041-03'],
        });

        clock.set(bj('2041-05-03T10:00:00')); // restarted: nothing twice
        const again = new Scheduler(w.services, [j]);
        expect(await again.start()).to.deep.equal({ [j.name]: 'done' });
        await again.stop();
        expect(w.prepared).to.have.length(3);
      },
    );

    it('goes back at most 12 months', async () => {
      await lastPublished('2042-01', '2042-02-01T01:00:00');
      clock.set(bj('2043-06-02T09:00:00'));
      const w = watched();
      const scheduler = new Scheduler(w.services, [job()]);
      await scheduler.start();
      await scheduler.stop();
      expect(w.prepared).to.have.length(12);
      expect([w.prepared[0], w.prepared.at(-1)]).to.deep.equal(['2042-06', '2043-05']);
      expect(await status('2042-05')).to.equal('preview');
    });

    it('tries a failed run again at the next tick, an hour later, instead of the next month', async () => {
      await lastPublished('2044-01', '2044-02-01T01:00:00');
      const w = watched();
      const j = job();
      const scheduler = new Scheduler(w.services, [j]);
      try {
        clock.set(bj('2044-03-01T01:00:00'));
        w.spy.failing = 1;
        expect(await scheduler.tick(j.name)).to.equal('failed');
        expect(await status('2044-02')).to.equal('preview');
        clock.set(nextTick(clock.now()));
        expect(clock.now()).to.deep.equal(bj('2044-03-01T02:00:00'));
        expect(await scheduler.tick(j.name)).to.equal('ran');
        expect(await status('2044-02')).to.equal('prepared');
        clock.set(nextTick(clock.now()));
        expect(await scheduler.tick(j.name)).to.equal('done');
        expect(w.prepared).to.deep.equal(['2044-02', '2044-02']);
      } finally {
        await scheduler.stop();
      }
    });
  },
);
