import { expect } from 'chai';
import { period } from '../../jobs/data-report.job.ts';

const at = (time: string) => ({ dataReport: { at: time } }) as never;
const bj = (s: string) => new Date(`${s}+08:00`);

describe('the data report job: which days are due', () => {
  it('moves to the next day at DATA_REPORT_AT, Beijing time, to the minute', () => {
    // The period is the day of the latest DATA_REPORT_AT; the days before it are due.
    expect(period(bj('2026-12-05T01:59:59'), at('02:00'))).to.equal('2026-12-04');
    expect(period(bj('2026-12-05T02:00:00'), at('02:00'))).to.equal('2026-12-05');
    expect(period(bj('2026-12-05T23:59:59'), at('02:00'))).to.equal('2026-12-05');
    expect(period(bj('2026-12-05T00:29:00'), at('00:30'))).to.equal('2026-12-04');
    expect(period(bj('2026-12-05T00:30:00'), at('00:30'))).to.equal('2026-12-05');
  });

  it('reads the day in Beijing whatever the UTC date', () => {
    // 18:30 UTC on 4 December is 02:30 on 5 December in Beijing.
    expect(period(new Date('2026-12-04T18:30:00Z'), at('02:00'))).to.equal('2026-12-05');
    expect(period(new Date('2026-12-31T17:59:00Z'), at('02:00'))).to.equal('2026-12-31');
    expect(period(new Date('2026-12-31T18:00:00Z'), at('02:00'))).to.equal('2027-01-01');
  });
});
