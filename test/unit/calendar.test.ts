import { expect } from 'chai';
import { WorkCalendar, localDate, dayStart } from '../../server/lib/calendar.ts';

const at = (s: string) => new Date(s);

describe('WorkCalendar', () => {
  const cal = new WorkCalendar();

  describe('isWorkday', () => {
    it('knows the 2026 Spring Festival holiday and its make-up Saturdays', () => {
      expect(cal.isWorkday('2026-02-14')).to.equal(true); // Saturday, 调休 working day
      expect(cal.isWorkday('2026-02-16')).to.equal(false);
      expect(cal.isWorkday('2026-02-23')).to.equal(false);
      expect(cal.isWorkday('2026-02-24')).to.equal(true);
      expect(cal.isWorkday('2026-02-28')).to.equal(true); // Saturday, 调休 working day
    });

    it('knows National Day 2026 and its make-up days', () => {
      expect(cal.isWorkday('2026-09-20')).to.equal(true); // Sunday, 调休
      for (let d = 1; d <= 7; d++) expect(cal.isWorkday(`2026-10-0${d}`)).to.equal(false);
      expect(cal.isWorkday('2026-10-10')).to.equal(true); // Saturday, 调休
      expect(cal.isWorkday('2026-10-11')).to.equal(false);
    });

    it('lets an override win over the package', () => {
      const c = new WorkCalendar();
      c.setOverrides([
        ['2027-01-01', false],
        ['2026-11-21', true],
      ]);
      expect(c.isWorkday('2027-01-01')).to.equal(false);
      expect(c.isWorkday('2026-11-21')).to.equal(true);
      c.setOverride('2027-01-01', null);
      expect(c.isWorkday('2027-01-01')).to.equal(true);
    });
  });

  describe('addWorkdays', () => {
    it('ends at 23:59:59 Beijing time of the n-th working day after the day', () => {
      // Monday 2026-11-16 10:00 +08:00
      const due = cal.addWorkdays(at('2026-11-16T10:00:00+08:00'), 3);
      expect(due.toISOString()).to.equal(at('2026-11-19T23:59:59+08:00').toISOString());
    });

    it('skips weekends', () => {
      const due = cal.addWorkdays(at('2026-11-20T18:00:00+08:00'), 1); // Friday
      expect(localDate(due)).to.equal('2026-11-23');
    });

    it('counts by the Beijing day, not the UTC day', () => {
      // 2026-11-19 17:00 UTC is already Friday 01:00 in Beijing
      const due = cal.addWorkdays(at('2026-11-19T17:00:00Z'), 1);
      expect(localDate(due)).to.equal('2026-11-23');
    });

    it('crosses the Spring Festival: dispatched on the eve, 3 working days end on 2026-02-26', () => {
      const due = cal.addWorkdays(at('2026-02-13T16:00:00+08:00'), 3);
      // 02-14 (make-up Sat) is the 1st, 02-24 the 2nd, 02-25 the 3rd
      expect(localDate(due)).to.equal('2026-02-25');
    });

    it('crosses National Day and counts the make-up Saturday', () => {
      const due = cal.addWorkdays(at('2026-09-30T09:00:00+08:00'), 3);
      expect(localDate(due)).to.equal('2026-10-10'); // 10-08, 10-09, 10-10 (Saturday)
    });

    it('counts 15 working days over National Day', () => {
      const due = cal.addWorkdays(at('2026-09-28T09:00:00+08:00'), 15);
      // 09-29, 09-30, 10-08, 10-09, 10-10 (make-up), 10-12..16, 10-19..23
      expect(localDate(due)).to.equal('2026-10-23');
    });
  });

  describe('workingMsBetween', () => {
    it('counts only working days', () => {
      const ms = cal.workingMsBetween(at('2026-11-20T12:00:00+08:00'), at('2026-11-23T12:00:00+08:00'));
      expect(ms).to.equal(24 * 3600_000); // Friday afternoon + Monday morning
    });

    it('is zero across a holiday', () => {
      expect(cal.workingMsBetween(at('2026-10-02T00:00:00+08:00'), at('2026-10-05T00:00:00+08:00'))).to.equal(0);
    });
  });

  describe('addWorkingMs', () => {
    it('carries remaining working time over a weekend', () => {
      const end = cal.addWorkingMs(at('2026-11-20T12:00:00+08:00'), 24 * 3600_000);
      expect(end.toISOString()).to.equal(at('2026-11-23T12:00:00+08:00').toISOString());
    });

    it('starting on a holiday, begins on the next working day', () => {
      const end = cal.addWorkingMs(at('2026-10-03T15:00:00+08:00'), 3600_000);
      expect(end.toISOString()).to.equal(at('2026-10-08T01:00:00+08:00').toISOString());
    });

    it('is the inverse of workingMsBetween', () => {
      const from = at('2026-02-12T09:30:00+08:00');
      const to = cal.addWorkdays(from, 5);
      expect(cal.addWorkingMs(from, cal.workingMsBetween(from, to)).getTime()).to.equal(to.getTime());
    });
  });

  describe('subtractWorkingMs', () => {
    it('finds the start of the last working day before a deadline', () => {
      const due = at('2026-11-23T23:59:59+08:00'); // Monday
      const yellow = cal.subtractWorkingMs(due, 24 * 3600_000);
      expect(yellow.toISOString()).to.equal(at('2026-11-20T23:59:59+08:00').toISOString());
      expect(cal.workingMsBetween(yellow, due)).to.equal(24 * 3600_000);
    });
  });

  describe('dayStart', () => {
    it('is midnight Beijing time', () => {
      expect(dayStart('2026-11-22').toISOString()).to.equal('2026-11-21T16:00:00.000Z');
    });
  });
});
