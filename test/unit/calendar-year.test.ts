// A year's schedule as typed (calendar-year.ts), where a year's days come from (WorkCalendar), and the password rule.
import { expect } from 'chai';
import { yearDays } from '../../server/domain/calendar/calendar-year.ts';
import { unconfirmedOn } from '../../server/domain/calendar/unconfirmed-deadlines.ts';
import { passwordProblem } from '../../server/domain/users/password-rules.ts';
import { WorkCalendar } from '../../server/lib/calendar.ts';
import { AppError } from '../../server/lib/errors.ts';

const refused = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    return (e as AppError).details.map((d) => d.path);
  }
  throw new Error('expected a refusal');
};

describe("a year's schedule", () => {
  it('turns dates and ranges into days off and make-up working days, named', () => {
    const days = yearDays(2047, {
      holidays: ['2047-01-01', { from: '2047-02-04', to: '2047-02-06', name: '春节' }],
      workdays: [{ from: '2047-02-02', name: '春节' }],
    });
    expect(days.map((d) => [d.date, d.workday, d.note])).to.deep.equal([
      ['2047-01-01', false, null],
      ['2047-02-02', true, '春节调休上班'],
      ['2047-02-04', false, '春节'],
      ['2047-02-05', false, '春节'],
      ['2047-02-06', false, '春节'],
    ]);
  });

  it(
    'names every line it refuses: outside the year, backwards, ' +
      'too long, a make-up day that is a holiday or a weekday',
    () => {
      expect(
        refused(() =>
          yearDays(2047, {
            holidays: [
              '2048-01-01',
              { from: '2047-03-02', to: '2047-03-01' },
              { from: '2047-03-01', to: '2047-04-15' },
              '2047-05-04',
            ],
            workdays: ['2047-05-04', '2047-05-07'],
          }),
        ),
      ).to.deep.equal(['holidays.0', 'holidays.1', 'holidays.2', 'workdays.0', 'workdays.1']);
    },
  );
});

describe('confirmed years', () => {
  it(
    "knows the package's years, a year an administrator " + 'entered, and the first one lacking between two moments',
    () => {
      const cal = new WorkCalendar();
      expect([cal.scheduleOf(2026), cal.scheduleOf(2047)]).to.deep.equal(['official', null]);
      const from = new Date('2026-12-20T02:00:00Z');
      expect(cal.firstUnconfirmedYear(from, new Date('2026-12-30T02:00:00Z'))).to.equal(null);
      expect(cal.firstUnconfirmedYear(from, new Date('2027-01-04T02:00:00Z'))).to.equal(2027);
      cal.applyYear(2027, [['2027-01-01', false]]);
      expect(cal.scheduleOf(2027)).to.equal('administrator');
      expect(cal.isWorkday('2027-01-01')).to.equal(false);
      expect(cal.firstUnconfirmedYear(from, new Date('2027-01-04T02:00:00Z'))).to.equal(null);
    },
  );

  it(
    'marks a deadline whose escalation reaches into a year ' + 'without a schedule, even when the deadline does not',
    () => {
      const cal = new WorkCalendar();
      const now = new Date('2026-12-20T02:00:00Z');
      // Due on Thursday 31 December 2026: the head's mail, three working days on, falls in January.
      const row = { signed_at: null, sign_deadline_at: '2026-12-21 15:59:59.000', due_at: '2026-12-31 15:59:59.000' };
      expect(unconfirmedOn(cal, 3, row, now)).to.equal(true);
      expect(unconfirmedOn(cal, 0, row, now)).to.equal(false);
    },
  );
});

describe('password rule', () => {
  it('takes a long password of three kinds and refuses the rest', () => {
    expect(passwordProblem('Morning&Tea-88', 'wang')).to.equal(null);
    for (const weak of ['Ab1!', 'alllowercase1', 'ALLUPPER-CASE', 'P@ssw0rd', 'wangxh-2026!A']) {
      expect(passwordProblem(weak, 'wangxh'), weak).to.be.a('string');
    }
  });
});
