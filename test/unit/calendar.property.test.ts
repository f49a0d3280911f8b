// Properties of the working-day calendar over random moments of the years with an official schedule (2024-2026)
// and random administrator overrides. The oracle below counts days with chinese-days and the overrides directly,
// not through WorkCalendar, so a wrong skip in addWorkdays cannot agree with itself.
import { expect } from 'chai';
import fc from 'fast-check';
import chineseDays from 'chinese-days';
import { WorkCalendar, localDate, nextDate } from '../../server/lib/calendar.ts';
import { runs } from '../helpers/property.ts';

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3600_000;

const moment = fc.date({
  min: new Date('2024-01-01T00:00:00+08:00'),
  max: new Date('2026-10-31T23:59:59+08:00'),
  noInvalidDate: true,
});
const workdays = fc.integer({ min: 0, max: 40 });
// A few days of the same span turned into holidays or working days by an administrator.
const overrides = fc.array(
  fc
    .tuple(fc.integer({ min: 0, max: 1100 }), fc.boolean())
    .map(([d, w]) => [nextDate('2024-01-01', d), w] as [string, boolean]),
  { maxLength: 12 },
);

function calendarWith(rows: [string, boolean][]) {
  const cal = new WorkCalendar();
  cal.setOverrides(rows);
  return cal;
}

/**
 * Working days in (from, to], by chinese-days and the overrides: the later of two same-day overrides wins, as in a
 * Map.
 */
function countWorkdays(rows: [string, boolean][], from: string, to: string): number {
  const o = new Map(rows);
  let n = 0;
  for (let d = nextDate(from); d <= to; d = nextDate(d)) if (o.get(d) ?? chineseDays.isWorkday(d)) n++;
  return n;
}

describe('WorkCalendar properties (fast-check)', () => {
  it('addWorkdays(n) ends at 23:59:59 Asia/Shanghai of a working day, n working days after the day (200 cases)', () => {
    fc.assert(
      fc.property(moment, fc.integer({ min: 1, max: 40 }), overrides, (from, n, rows) => {
        const cal = calendarWith(rows);
        const due = cal.addWorkdays(from, n);
        expect((due.getTime() + OFFSET_MS) % DAY_MS).to.equal(DAY_MS - 1000);
        const day = localDate(due);
        expect(cal.isWorkday(day), `${day} is a working day`).to.equal(true);
        expect(new Map(rows).get(day) ?? chineseDays.isWorkday(day)).to.equal(true);
        expect(countWorkdays(rows, localDate(from), day)).to.equal(n);
      }),
      runs(200),
    );
  });

  it('addWorkdays(0) is the end of the same local day (100 cases)', () => {
    fc.assert(
      fc.property(moment, (from) => {
        const due = new WorkCalendar().addWorkdays(from, 0);
        expect(localDate(due)).to.equal(localDate(from));
        // The day's deadline is its last whole second (23:59:59.000): only a moment inside that second is not before
        // it.
        expect(due.getTime()).to.be.greaterThan(from.getTime() - 1000);
      }),
      runs(100),
    );
  });

  it('is strictly increasing in n (200 cases)', () => {
    fc.assert(
      fc.property(moment, workdays, workdays, overrides, (from, a, b, rows) => {
        fc.pre(a !== b);
        const cal = calendarWith(rows);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(cal.addWorkdays(from, lo).getTime()).to.be.lessThan(cal.addWorkdays(from, hi).getTime());
      }),
      runs(200),
    );
  });

  it('adding a then b equals adding a + b (200 cases)', () => {
    fc.assert(
      fc.property(moment, workdays, workdays, overrides, (from, a, b, rows) => {
        const cal = calendarWith(rows);
        expect(cal.addWorkdays(cal.addWorkdays(from, a), b).toISOString()).to.equal(
          cal.addWorkdays(from, a + b).toISOString(),
        );
      }),
      runs(200),
    );
  });

  it('a day made a holiday is never a deadline, a weekend made a working day can be (200 cases)', () => {
    fc.assert(
      fc.property(moment, fc.integer({ min: 1, max: 20 }), (from, n) => {
        const plain = new WorkCalendar();
        const due = localDate(plain.addWorkdays(from, n));
        // The deadline's own day declared a holiday: the deadline moves to the next working day after it.
        const moved = calendarWith([[due, false]]).addWorkdays(from, n);
        expect(localDate(moved) > due).to.equal(true);
        expect(plain.isWorkday(localDate(moved))).to.equal(true);
        expect(countWorkdays([[due, false]], due, localDate(moved))).to.equal(1);
        // The first day off after `from` made a working day: one working day is reached no later than before.
        let off = nextDate(localDate(from));
        while (plain.isWorkday(off)) off = nextDate(off);
        const sooner = calendarWith([[off, true]]).addWorkdays(from, n);
        expect(sooner.getTime()).to.be.at.most(plain.addWorkdays(from, n).getTime());
        if (localDate(plain.addWorkdays(from, 1)) > off)
          expect(localDate(calendarWith([[off, true]]).addWorkdays(from, 1))).to.equal(off);
      }),
      runs(200),
    );
  });

  it('working time added after a moment is the working time between them (200 cases)', () => {
    fc.assert(
      fc.property(moment, fc.integer({ min: 0, max: 10 * DAY_MS }), overrides, (from, ms, rows) => {
        const cal = calendarWith(rows);
        const end = cal.addWorkingMs(from, ms);
        expect(end.getTime()).to.be.at.least(from.getTime());
        expect(cal.workingMsBetween(from, end)).to.equal(ms);
      }),
      runs(200),
    );
  });
});
