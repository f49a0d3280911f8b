import { expect } from 'chai';
import { monthSoFar, previousPeriod } from '../../server/domain/figures/figures.service.ts';
import { ratesOf } from '../../server/domain/figures/rates.ts';
import { zeroCounts } from '../../server/domain/figures/rollups.repository.ts';

describe('the department report: like with like, and no rate over nothing', () => {
  describe('previousPeriod (环比)', () => {
    it('compares a whole month with the whole month before', () => {
      expect(previousPeriod({ from: '2026-12-01', to: '2026-12-31' })).to.deep.equal({
        from: '2026-11-01',
        to: '2026-11-30',
      });
      expect(previousPeriod({ from: '2027-03-01', to: '2027-03-31' })).to.deep.equal({
        from: '2027-02-01',
        to: '2027-02-28',
      });
    });

    it('compares a month to date with the same days of the month before', () => {
      expect(previousPeriod({ from: '2026-12-01', to: '2026-12-05' })).to.deep.equal({
        from: '2026-11-01',
        to: '2026-11-05',
      });
      expect(previousPeriod({ from: '2027-01-01', to: '2027-01-15' })).to.deep.equal({
        from: '2026-12-01',
        to: '2026-12-15',
      });
    });

    it('cuts the same days at the end of a shorter month before', () => {
      expect(previousPeriod({ from: '2027-03-01', to: '2027-03-30' })).to.deep.equal({
        from: '2027-02-01',
        to: '2027-02-28',
      });
    });

    it('compares any other period with the same number of days just before it', () => {
      expect(previousPeriod({ from: '2026-11-10', to: '2026-11-19' })).to.deep.equal({
        from: '2026-10-31',
        to: '2026-11-09',
      });
    });
  });

  describe('monthSoFar', () => {
    it('is the 1st to today for the month under way, marked to date', () => {
      expect(monthSoFar('2026-12', '2026-12-05')).to.deep.equal({
        from: '2026-12-01',
        to: '2026-12-05',
        to_date: true,
      });
    });

    it('is the whole month once it has ended (or on its last day)', () => {
      expect(monthSoFar('2026-11', '2026-12-05')).to.deep.equal({
        from: '2026-11-01',
        to: '2026-11-30',
        to_date: false,
      });
      expect(monthSoFar('2026-11', '2026-11-30')).to.deep.equal({
        from: '2026-11-01',
        to: '2026-11-30',
        to_date: false,
      });
    });
  });

  describe('ratesOf', () => {
    it(
      'shows no return rate (null, "—") for a department that ' + 'received nothing because it returned its only order',
      () => {
        const r = ratesOf({ ...zeroCounts(), dispatched: 1, returned: 1 });
        expect(r.received).to.equal(0);
        expect([r.return_rate, r.sign_timely_rate, r.completion_rate, r.redo_rate]).to.deep.equal([
          null,
          null,
          null,
          null,
        ]);
      },
    );

    it('keeps returns over every order dispatched to it once it received some', () => {
      expect(ratesOf({ ...zeroCounts(), dispatched: 4, returned: 1 }).return_rate).to.equal(0.25);
    });

    it('never gives a rate above 0 over a denominator of 0, whatever the counters', () => {
      let seed = 7;
      const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % (n + 1);
      for (let i = 0; i < 500; i++) {
        const dispatched = next(3);
        const returned = next(dispatched);
        const received = dispatched - returned;
        const replied = next(received);
        const ratings = next(3);
        const bad = next(ratings);
        const r = ratesOf({
          ...zeroCounts(),
          dispatched,
          returned,
          signed_timely: next(received),
          replied,
          replied_on_time: next(replied),
          redo: next(received),
          ratings,
          ratings_good: ratings - bad,
          bad,
          bad_fixed: next(bad),
        });
        if (received === 0)
          expect([r.sign_timely_rate, r.completion_rate, r.return_rate, r.redo_rate]).to.deep.equal([
            null,
            null,
            null,
            null,
          ]);
        if (replied === 0) expect(r.on_time_rate).to.equal(null);
        if (ratings === 0) expect(r.satisfaction_rate).to.equal(null);
        if (bad === 0) expect(r.rectification_rate).to.equal(null);
      }
    });
  });
});
