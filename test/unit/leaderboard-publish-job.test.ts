import { expect } from 'chai';
import cron from 'node-cron';
import { monthsToPublish, period, schedule } from '../../jobs/leaderboard-publish.job.ts';

describe('leaderboard-publish job', () => {
  describe('monthsToPublish', () => {
    it('publishes only the month due when none was ever published', () => {
      expect(monthsToPublish(null, '2031-02')).to.deep.equal(['2031-02']);
    });

    it('publishes every month since the last published one, oldest first, across a year end', () => {
      expect(monthsToPublish('2030-10', '2031-02')).to.deep.equal(['2030-11', '2030-12', '2031-01', '2031-02']);
    });

    it('publishes nothing when the month due is already published', () => {
      expect(monthsToPublish('2031-02', '2031-02')).to.deep.equal([]);
    });

    it('goes back at most 12 months', () => {
      const months = monthsToPublish('2028-01', '2031-02');
      expect(months).to.have.length(12);
      expect([months[0], months.at(-1)]).to.deep.equal(['2030-03', '2031-02']);
    });
  });

  describe('period', () => {
    const config = (autoPublishDay: number, autoPublishHour = 18) =>
      ({ leaderboard: { autoPublishDay, autoPublishHour } }) as never;
    const bj = (s: string) => new Date(`${s}+08:00`);

    it(
      'is the month just ended from 01:00 on the 1st, and that ' +
        'month "/publish" from the auto-publication day and hour',
      () => {
        expect(period(bj('2031-03-01T00:59:59'), config(5))).to.equal('2031-01/publish');
        expect(period(bj('2031-03-01T01:00:00'), config(5))).to.equal('2031-02');
        expect(period(bj('2031-03-05T17:59:59'), config(5))).to.equal('2031-02');
        expect(period(bj('2031-03-05T18:00:00'), config(5))).to.equal('2031-02/publish');
        expect(period(bj('2031-03-31T23:00:00'), config(5))).to.equal('2031-02/publish');
        expect(period(bj('2031-03-05T01:00:00'), config(5, 1))).to.equal('2031-02/publish');
        expect(period(bj('2032-01-01T01:00:00'), config(3))).to.equal('2031-12');
      },
    );

    it('never reaches the publish phase when auto-publication is off (day 0)', () => {
      expect(period(bj('2031-03-20T09:00:00'), config(0))).to.equal('2031-02');
    });
  });

  describe('schedule', () => {
    it('ticks at 01:00 on the 1st and again the next hour, so a failed run is not left for a month', () => {
      const task = cron.createTask(schedule, () => {}, { timezone: 'Asia/Shanghai' });
      try {
        expect(task.match(new Date('2031-03-01T01:00:00+08:00'))).to.equal(true);
        expect(task.match(new Date('2031-03-01T02:00:00+08:00'))).to.equal(true);
      } finally {
        void task.destroy();
      }
    });
  });
});
