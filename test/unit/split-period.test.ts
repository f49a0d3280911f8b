import { expect } from 'chai';
import { splitPeriod } from '../../server/domain/figures/rollups.repository.ts';

// A period is read as whole months from the monthly counters and its edge days from the daily ones: every day of
// the period must be read exactly once.
describe('splitPeriod', () => {
  it('reads a calendar month as one month', () => {
    expect(splitPeriod('2026-02-01', '2026-02-28')).to.deep.equal({ months: ['2026-02'], dekads: [], ranges: [] });
  });

  it('reads the days at both edges and the whole months between, across a year end', () => {
    expect(splitPeriod('2025-11-15', '2026-02-10')).to.deep.equal({
      months: ['2025-12', '2026-01'],
      dekads: [],
      ranges: [
        ['2025-11-15', '2025-11-30'],
        ['2026-02-01', '2026-02-10'],
      ],
    });
  });

  it('reads edge days that follow each other as one range (30 days across two months)', () => {
    expect(splitPeriod('2026-09-16', '2026-10-15')).to.deep.equal({
      months: [],
      dekads: [],
      ranges: [['2026-09-16', '2026-10-15']],
    });
  });

  it('knows the end of February in a leap year', () => {
    expect(splitPeriod('2028-02-01', '2028-02-29')).to.deep.equal({ months: ['2028-02'], dekads: [], ranges: [] });
    expect(splitPeriod('2028-02-01', '2028-02-28')).to.deep.equal({
      months: [],
      dekads: [],
      ranges: [['2028-02-01', '2028-02-28']],
    });
  });

  it('reads a single day, and a part of one month, as days', () => {
    expect(splitPeriod('2026-10-31', '2026-10-31')).to.deep.equal({
      months: [],
      dekads: [],
      ranges: [['2026-10-31', '2026-10-31']],
    });
    expect(splitPeriod('2026-10-02', '2026-10-30')).to.deep.equal({
      months: [],
      dekads: [],
      ranges: [['2026-10-02', '2026-10-30']],
    });
  });

  it('covers every day of a year-long period once', () => {
    const { months, dekads, ranges } = splitPeriod('2025-11-07', '2026-11-06');
    expect(dekads).to.deep.equal([]);
    expect(months).to.have.length(11);
    expect(ranges).to.deep.equal([
      ['2025-11-07', '2025-11-30'],
      ['2026-11-01', '2026-11-06'],
    ]);
  });

  it("reads a department's whole dekads (旬) from the dekad table and only the days left from the daily one", () => {
    expect(splitPeriod('2026-09-16', '2026-10-15', true)).to.deep.equal({
      months: [],
      dekads: ['2026-09-3', '2026-10-1'],
      ranges: [
        ['2026-09-16', '2026-09-20'],
        ['2026-10-11', '2026-10-15'],
      ],
    });
    // The third dekad runs to the month's end (31 days, 28 in February), a whole month stays a month.
    expect(splitPeriod('2026-01-11', '2026-03-31', true)).to.deep.equal({
      months: ['2026-02', '2026-03'],
      dekads: ['2026-01-2', '2026-01-3'],
      ranges: [],
    });
    expect(splitPeriod('2026-02-21', '2026-02-27', true)).to.deep.equal({
      months: [],
      dekads: [],
      ranges: [['2026-02-21', '2026-02-27']],
    });
    expect(splitPeriod('2026-02-21', '2026-03-10', true)).to.deep.equal({
      months: [],
      dekads: ['2026-02-3', '2026-03-1'],
      ranges: [],
    });
  });

  it('covers every day of any period once, with dekads or without', () => {
    const days = (a: string, z: string) => {
      const out: string[] = [];
      for (let d = Date.parse(a); d <= Date.parse(z); d += 86_400_000) out.push(new Date(d).toISOString().slice(0, 10));
      return out;
    };
    const dekadDays = (k: string) => {
      const [y, m, n] = k.split('-');
      const last = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
      const [a, z] = n === '1' ? [1, 10] : n === '2' ? [11, 20] : [21, last];
      return days(`${y}-${m}-${String(a).padStart(2, '0')}`, `${y}-${m}-${String(z).padStart(2, '0')}`);
    };
    const all = days('2027-12-01', '2028-03-31');
    for (let i = 0; i < all.length; i += 3)
      for (let j = i; j < all.length; j += 7)
        for (const byDekad of [false, true]) {
          const { months, dekads, ranges } = splitPeriod(all[i], all[j], byDekad);
          const read = [
            ...months.flatMap((m) =>
              days(`${m}-01`, new Date(Date.UTC(+m.slice(0, 4), +m.slice(5), 0)).toISOString().slice(0, 10)),
            ),
            ...dekads.flatMap(dekadDays),
            ...ranges.flatMap(([a, z]) => days(a, z)),
          ].sort();
          expect(read, `${all[i]}..${all[j]} ${byDekad}`).to.deep.equal(days(all[i], all[j]));
        }
  });
});
