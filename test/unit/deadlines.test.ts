import { expect } from 'chai';
import { loadConfig } from '../../config/default.ts';
import { WorkCalendar } from '../../server/lib/calendar.ts';
import {
  cardAt,
  computeDeadlines,
  remainingMs,
  resumeDeadline,
  yellowStart,
} from '../../server/domain/tickets/deadlines.ts';

const cal = new WorkCalendar();
const rules = loadConfig().rules;
const at = (s: string) => new Date(`${s}+08:00`);

describe('deadlines', () => {
  describe('computeDeadlines', () => {
    it('uses the working days of the type', () => {
      const monday = at('2026-11-16T09:00:00');
      const expectations: Record<string, string> = {
        inquiry: '2026-11-19',
        help: '2026-11-23',
        complaint: '2026-12-07',
        report: '2026-12-07',
        suggestion: '2026-12-07',
        praise: '2026-11-19',
        rectification: '2026-12-07',
      };
      for (const [type, day] of Object.entries(expectations)) {
        const d = computeDeadlines(cal, rules, type as never, 'normal', monday);
        expect(d.due_at.toISOString(), type).to.equal(at(`${day}T23:59:59`).toISOString());
        expect(d.sign_deadline_at.toISOString()).to.equal(at('2026-11-17T23:59:59').toISOString());
      }
    });

    it(
      "starts the yellow card at the start of the deadline's " + 'own working day, not on the Friday before a Monday',
      () => {
        const d = computeDeadlines(cal, rules, 'help', 'normal', at('2026-11-16T09:00:00')); // due Mon 11-23
        expect(d.due_yellow_at.toISOString()).to.equal(at('2026-11-23T00:00:00').toISOString());
      },
    );

    it('keeps an order dispatched on a Saturday and due on Monday out of yellow until Monday', () => {
      const saturday = at('2026-11-21T10:00:00');
      const d = computeDeadlines(cal, rules, 'inquiry', 'normal', saturday); // sign-for: Monday 11-23
      expect(d.sign_deadline_at.toISOString()).to.equal(at('2026-11-23T23:59:59').toISOString());
      expect(d.sign_yellow_at.toISOString()).to.equal(at('2026-11-23T00:00:00').toISOString());
      const card = (now: Date) => cardAt({ status: 'dispatched', signed_at: null, suspended_at: null, ...d }, now);
      expect([
        card(saturday),
        card(at('2026-11-22T23:59:59')),
        card(at('2026-11-23T00:00:01')),
        card(at('2026-11-24T00:00:00')),
      ]).to.deep.equal(['none', 'none', 'yellow', 'red']);
    });

    it(
      'lets a holiday pass without a card: dispatched on the eve ' +
        'of National Day, yellow only on the first working day after',
      () => {
        // 2026: 1-7 October off, 8 October the first working day (Saturday 10 October is a make-up working day).
        const d = computeDeadlines(cal, rules, 'inquiry', 'normal', at('2026-09-30T20:00:00'));
        expect(d.sign_deadline_at.toISOString()).to.equal(at('2026-10-08T23:59:59').toISOString());
        expect(d.sign_yellow_at.toISOString()).to.equal(at('2026-10-08T00:00:00').toISOString());
        const card = (now: Date) => cardAt({ status: 'dispatched', signed_at: null, suspended_at: null, ...d }, now);
        expect([
          card(at('2026-10-05T12:00:00')),
          card(at('2026-10-07T23:59:59')),
          card(at('2026-10-08T09:00:00')),
        ]).to.deep.equal(['none', 'none', 'yellow']);
      },
    );

    it("starts a resumed deadline's yellow card on the day it ends, even when it ends at midnight", () => {
      // Monday's working day in full
      const due = resumeDeadline(cal, 'normal', at('2026-11-16T00:00:00'), 24 * 3600_000);
      expect(due.toISOString()).to.equal(at('2026-11-17T00:00:00').toISOString());
      expect(yellowStart(cal, 'normal', at('2026-11-16T00:00:00'), due).toISOString()).to.equal(
        at('2026-11-16T00:00:00').toISOString(),
      );
    });

    it('uses hours for urgent orders, yellow in the last quarter', () => {
      const d = computeDeadlines(cal, rules, 'complaint', 'urgent', at('2026-10-01T08:00:00'));
      expect(d.sign_deadline_at.toISOString()).to.equal(at('2026-10-01T08:30:00').toISOString());
      expect(d.sign_yellow_at.toISOString()).to.equal(at('2026-10-01T08:22:30').toISOString());
      expect(d.due_at.toISOString()).to.equal(at('2026-10-02T08:00:00').toISOString());
      expect(d.due_yellow_at.toISOString()).to.equal(at('2026-10-02T02:00:00').toISOString());
    });

    it('follows the configured rules', () => {
      const d = computeDeadlines(
        cal,
        { ...rules, dueWorkdays: { ...rules.dueWorkdays, inquiry: 1 } },
        'inquiry',
        'normal',
        at('2026-11-16T09:00:00'),
      );
      expect(d.due_at.toISOString()).to.equal(at('2026-11-17T23:59:59').toISOString());
    });
  });

  describe('remainingMs and resumeDeadline', () => {
    it('round-trips working time across a holiday', () => {
      const due = at('2026-09-30T23:59:59');
      const stop = at('2026-09-29T12:00:00');
      const left = remainingMs(cal, 'normal', stop, due);
      expect(left).to.equal((12 * 3600 + 24 * 3600 - 1) * 1000);
      expect(resumeDeadline(cal, 'normal', at('2026-10-08T00:00:00'), left).toISOString()).to.equal(
        at('2026-10-09T11:59:59').toISOString(),
      );
    });

    it('uses wall time for urgent orders', () => {
      expect(remainingMs(cal, 'urgent', at('2026-10-01T08:00:00'), at('2026-10-01T20:00:00'))).to.equal(12 * 3600_000);
    });
  });

  describe('cardAt', () => {
    const base = {
      status: 'dispatched',
      signed_at: null,
      suspended_at: null,
      sign_deadline_at: at('2026-11-17T23:59:59'),
      sign_yellow_at: at('2026-11-16T23:59:59'),
      due_at: at('2026-11-19T23:59:59'),
      due_yellow_at: at('2026-11-18T23:59:59'),
    };

    it('is none while time remains, yellow near the deadline and red after it', () => {
      expect(cardAt(base, at('2026-11-16T12:00:00'))).to.equal('none');
      expect(cardAt(base, at('2026-11-17T08:00:00'))).to.equal('yellow');
      expect(cardAt(base, at('2026-11-18T08:00:00'))).to.equal('red');
    });

    it('forgets the sign-for deadline once signed', () => {
      const signed = { ...base, status: 'accepted', signed_at: at('2026-11-18T08:00:00') };
      expect(cardAt(signed, at('2026-11-18T09:00:00'))).to.equal('none');
      expect(cardAt(signed, at('2026-11-19T09:00:00'))).to.equal('yellow');
      expect(cardAt(signed, at('2026-11-20T00:00:00'))).to.equal('red');
    });

    it('freezes while suspended and is none for tickets no department holds', () => {
      const suspended = {
        ...base,
        status: 'suspended',
        signed_at: at('2026-11-16T10:00:00'),
        suspended_at: at('2026-11-16T12:00:00'),
      };
      expect(cardAt(suspended, at('2026-12-30T00:00:00'))).to.equal('none');
      for (const status of ['received', 'replied', 'closed', 'merged']) {
        expect(cardAt({ ...base, status }, at('2026-12-30T00:00:00'))).to.equal('none');
      }
    });
  });
});
