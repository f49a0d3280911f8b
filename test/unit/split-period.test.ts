import { expect } from 'chai';
import { splitPeriod } from '../../server/domain/figures/rollups.repository.ts';

// A period is read as whole months from the monthly counters and its edge days from the daily ones: every day of
// the period must be read exactly once.
describe('splitPeriod', () => {
  it('reads a calendar month as one month', () => {
    expect(splitPeriod('2026-02-01', '2026-02-28')).to.deep.equal({ months: ['2026-02'], ranges: [] });
  });

  it('reads the days at both edges and the whole months between, across a year end', () => {
    expect(splitPeriod('2025-11-15', '2026-02-10')).to.deep.equal({
      months: ['2025-12', '2026-01'],
      ranges: [
        ['2025-11-15', '2025-11-30'],
        ['2026-02-01', '2026-02-10'],
      ],
    });
  });

  it('reads edge days that follow each other as one range (30 days across two months)', () => {
    expect(splitPeriod('2026-09-16', '2026-10-15')).to.deep.equal({
      months: [],
      ranges: [['2026-09-16', '2026-10-15']],
    });
  });

  it('knows the end of February in a leap year', () => {
    expect(splitPeriod('2028-02-01', '2028-02-29')).to.deep.equal({ months: ['2028-02'], ranges: [] });
    expect(splitPeriod('2028-02-01', '2028-02-28')).to.deep.equal({
      months: [],
      ranges: [['2028-02-01', '2028-02-28']],
    });
  });

  it('reads a single day, and a part of one month, as days', () => {
    expect(splitPeriod('2026-10-31', '2026-10-31')).to.deep.equal({
      months: [],
      ranges: [['2026-10-31', '2026-10-31']],
    });
    expect(splitPeriod('2026-10-02', '2026-10-30')).to.deep.equal({
      months: [],
      ranges: [['2026-10-02', '2026-10-30']],
    });
  });

  it('covers every day of a year-long period once', () => {
    const { months, ranges } = splitPeriod('2025-11-07', '2026-11-06');
    expect(months).to.have.length(11);
    expect(ranges).to.deep.equal([
      ['2025-11-07', '2025-11-30'],
      ['2026-11-01', '2026-11-06'],
    ]);
  });
});
