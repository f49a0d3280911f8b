import { expect } from 'chai';
import cron from 'node-cron';
import { testApp } from '../helpers/test-app.ts';
import { uniq } from '../helpers/factories.ts';
import { clock } from '../../server/lib/clock.ts';
import { SYSTEM } from '../../server/domain/users/actor.ts';
import type { Services } from '../../server/services.ts';
import { Scheduler } from '../../jobs/scheduler.ts';
import * as leaderboardPublish from '../../jobs/leaderboard-publish.job.ts';

const bj = (s: string) => new Date(`${s}+08:00`);

/** The first minute after `at` when the job's cron schedule (Asia/Shanghai) fires. */
function nextTick(at: Date): Date {
  const task = cron.createTask(leaderboardPublish.schedule, () => {}, { timezone: 'Asia/Shanghai' });
  try {
    for (let t = at.getTime() + 60_000; t < at.getTime() + 32 * 86_400_000; t += 60_000) if (task.match(new Date(t))) return new Date(t);
    throw new Error('no tick within a month');
  } finally {
    void task.destroy();
  }
}

// Years of their own, far ahead, each test with its own last published month set first; the job runs under a name
// of its own, so its lease and recorded months are the test's alone.
describe('leaderboard-publish job: catch-up and retry', () => {
  let s: Services;
  before(async () => { s = (await testApp()).services; });

  /** The services with publish watched (and made to fail while `failing` is above 0). */
  function watched() {
    const calls: string[] = [];
    const spy = { failing: 0 };
    const leaderboard = Object.create(s.leaderboard) as Services['leaderboard'];
    leaderboard.publish = async (month, actor) => {
      calls.push(month);
      if (spy.failing > 0) { spy.failing--; throw new Error('database unavailable'); }
      return s.leaderboard.publish(month, actor);
    };
    return { services: { ...s, leaderboard }, calls, spy };
  }

  const job = () => ({ ...leaderboardPublish, name: uniq('leaderboard-publish') });
  const published = async (month: string) => (await s.leaderboard.get(month)).published_at !== null;

  /** The month before `month` is published, as the job did on its 1st. */
  async function lastPublished(month: string, at: string) {
    clock.set(bj(at));
    await s.leaderboard.publish(month, SYSTEM);
  }

  it('publishes every month ended since the last published one once, oldest first, after downtime across several 1sts', async () => {
    await lastPublished('2041-01', '2041-02-01T01:00:00');
    clock.set(bj('2041-05-03T09:00:00')); // down since February: March, April and May 1st went by
    const w = watched();
    const j = job();
    const scheduler = new Scheduler(w.services, [j]);
    expect(await scheduler.start()).to.deep.equal({ [j.name]: 'ran' });
    await scheduler.stop();
    expect(w.calls).to.deep.equal(['2041-02', '2041-03', '2041-04']);
    for (const m of ['2041-02', '2041-03', '2041-04']) expect(await published(m), m).to.equal(true);
    expect(await published('2041-05')).to.equal(false);
    const [run] = await s.jobs.runs(j.name);
    expect(JSON.parse(run.detail)).to.deep.equal({ month: '2041-04', published: ['2041-02', '2041-03', '2041-04'] });

    clock.set(bj('2041-05-03T10:00:00')); // restarted: nothing twice
    const again = new Scheduler(w.services, [j]);
    expect(await again.start()).to.deep.equal({ [j.name]: 'done' });
    await again.stop();
    expect(w.calls).to.have.length(3);
  });

  it('goes back at most 12 months', async () => {
    await lastPublished('2042-01', '2042-02-01T01:00:00');
    clock.set(bj('2043-06-02T09:00:00'));
    const w = watched();
    const scheduler = new Scheduler(w.services, [job()]);
    await scheduler.start();
    await scheduler.stop();
    expect(w.calls).to.have.length(12);
    expect([w.calls[0], w.calls.at(-1)]).to.deep.equal(['2042-06', '2043-05']);
    expect(await published('2042-05')).to.equal(false);
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
      expect(await published('2044-02')).to.equal(false);
      clock.set(nextTick(clock.now()));
      expect(clock.now()).to.deep.equal(bj('2044-03-01T02:00:00'));
      expect(await scheduler.tick(j.name)).to.equal('ran');
      expect(await published('2044-02')).to.equal(true);
      clock.set(nextTick(clock.now()));
      expect(await scheduler.tick(j.name)).to.equal('done');
      expect(w.calls).to.deep.equal(['2044-02', '2044-02']);
    } finally {
      await scheduler.stop();
    }
  });
});
