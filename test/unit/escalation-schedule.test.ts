import { expect } from 'chai';
import { loadConfig } from '../../config/default.ts';
import { WorkCalendar } from '../../server/lib/calendar.ts';
import {
  cardAt,
  computeDeadlines,
  dueEscalations,
  escalationSteps,
  nextEscalationAt,
  stepKey,
  type EscalationInput,
} from '../../server/domain/tickets/deadlines.ts';
import { beijingTime } from '../../server/domain/escalations/escalation-mail.ts';
import { backoffSeconds } from '../../server/domain/outbox/outbox.service.ts';
import { period as digestPeriod } from '../../jobs/daily-digest.job.ts';
import { period as boardPeriod } from '../../jobs/leaderboard-publish.job.ts';

const cal = new WorkCalendar();
const rules = loadConfig().rules;
const at = (s: string) => new Date(`${s}+08:00`);
const HEAD = 3;

function dispatchedAt(type: string, when: string, urgency: 'normal' | 'urgent' = 'normal'): EscalationInput {
  const d = computeDeadlines(cal, rules, type as never, urgency, at(when));
  return { status: 'dispatched', signed_at: null, ...d };
}

const plan = (t: EscalationInput) => escalationSteps(cal, HEAD, t).map((s) => `${label(s)} ${s.at.toISOString()}`);
/** A step as people name it; stepKey also names its deadline's moment. */
const label = (s: { kind: string; level: string }) => `${s.kind}:${s.level}`;
/** The keys of the named steps, as issued. */
const done = (steps: ReturnType<typeof escalationSteps>, ...names: string[]) =>
  new Set(steps.filter((s) => names.includes(label(s))).map(stepKey));
const ms1 = (s: string) => new Date(at(s).getTime() + 1).toISOString();

describe('escalation schedule', () => {
  it('has yellow, red and head steps for the sign-for and the reply deadline, earliest first', () => {
    // Monday; help: sign by Tue 17th, reply by Mon 23rd (5 working days over a weekend).
    expect(plan(dispatchedAt('help', '2026-11-16T09:00:00'))).to.deep.equal([
      `sign:yellow ${ms1('2026-11-17T00:00:00')}`, // from the start of the deadline's own working day
      `sign:red ${ms1('2026-11-17T23:59:59')}`,
      `sign:head ${at('2026-11-20T23:59:59').toISOString()}`, // Wed, Thu, Fri overdue
      `due:yellow ${ms1('2026-11-23T00:00:00')}`, // Monday itself, not Friday night before the weekend
      `due:red ${ms1('2026-11-23T23:59:59')}`,
      `due:head ${at('2026-11-26T23:59:59').toISOString()}`,
    ]);
  });

  it('counts the 3 overdue working days over the 2026 National Day holiday and its make-up Saturday', () => {
    const t = dispatchedAt('complaint', '2026-09-29T10:00:00'); // sign by Wed 30 September
    const head = escalationSteps(cal, HEAD, t).find((s) => label(s) === 'sign:head')!;
    expect(head.at.toISOString()).to.equal(at('2026-10-10T23:59:59').toISOString()); // 8th, 9th, Saturday 10th
  });

  it('crosses a month end', () => {
    const t = {
      ...dispatchedAt('help', '2026-11-27T15:00:00'),
      status: 'accepted',
      signed_at: at('2026-11-27T16:00:00'),
    };
    expect(plan(t)).to.deep.equal([
      `due:yellow ${ms1('2026-12-04T00:00:00')}`,
      `due:red ${ms1('2026-12-04T23:59:59')}`,
      `due:head ${at('2026-12-09T23:59:59').toISOString()}`,
    ]);
  });

  it('counts working time after an urgent deadline that falls in a holiday', () => {
    const t = dispatchedAt('help', '2026-10-03T10:00:00', 'urgent'); // due 4 October 10:00, a holiday
    const head = escalationSteps(cal, HEAD, t).find((s) => label(s) === 'due:head')!;
    expect(head.at.toISOString()).to.equal(at('2026-10-11T00:00:00').toISOString()); // all of 8th, 9th and 10th
  });

  it('begins each card the moment cardAt shows it', () => {
    const t = { ...dispatchedAt('inquiry', '2026-11-16T09:00:00'), suspended_at: null };
    const [yellow, red] = escalationSteps(cal, HEAD, t);
    const before = (d: Date) => new Date(d.getTime() - 1);
    expect([cardAt(t, before(yellow.at)), cardAt(t, yellow.at)]).to.deep.equal(['none', 'yellow']);
    expect([cardAt(t, before(red.at)), cardAt(t, red.at)]).to.deep.equal(['yellow', 'red']);
  });

  it(
    'drops the sign-for steps once signed, and has none ' + 'when no department holds the ticket or its clock stopped',
    () => {
      const t = dispatchedAt('help', '2026-11-16T09:00:00');
      const signed = { ...t, status: 'accepted', signed_at: at('2026-11-16T10:00:00') };
      expect(escalationSteps(cal, HEAD, signed).map(label)).to.deep.equal(['due:yellow', 'due:red', 'due:head']);
      for (const status of ['received', 'suspended', 'replied', 'closed', 'merged']) {
        expect(escalationSteps(cal, HEAD, { ...t, status }), status).to.deep.equal([]);
      }
    },
  );

  it('picks the earliest step not yet done, a past one included, and null when all are done', () => {
    const steps = escalationSteps(cal, HEAD, dispatchedAt('help', '2026-11-16T09:00:00'));
    expect(nextEscalationAt(steps, new Set())).to.deep.equal(steps[0].at);
    expect(nextEscalationAt(steps, done(steps, 'sign:yellow'))).to.deep.equal(steps[1].at);
    expect(
      nextEscalationAt(steps, done(steps, 'sign:yellow', 'sign:red', 'sign:head', 'due:yellow'))!.toISOString(),
    ).to.equal(ms1('2026-11-23T23:59:59'));
    expect(nextEscalationAt(steps, new Set(steps.map(stepKey)))).to.equal(null);
  });

  it('gives a moved deadline cards of its own: the yellow card of the old one does not count for the new one', () => {
    const before = escalationSteps(cal, HEAD, dispatchedAt('help', '2026-11-16T09:00:00'));
    const t = dispatchedAt('help', '2026-11-16T09:00:00');
    const extended = { ...t, due_at: at('2026-11-30T23:59:59'), due_yellow_at: at('2026-11-27T23:59:59') };
    const steps = escalationSteps(cal, HEAD, extended);
    const issued = done(before, 'sign:yellow', 'sign:red', 'sign:head', 'due:yellow');
    expect(nextEscalationAt(steps, issued)!.toISOString()).to.equal(ms1('2026-11-27T23:59:59'));
  });

  it('lists every step due at a moment that is not done yet', () => {
    const steps = escalationSteps(cal, HEAD, dispatchedAt('help', '2026-11-16T09:00:00'));
    expect(dueEscalations(steps, new Set(), at('2026-11-16T12:00:00'))).to.deep.equal([]);
    expect(dueEscalations(steps, new Set(), at('2026-11-18T09:00:00')).map(label)).to.deep.equal([
      'sign:yellow',
      'sign:red',
    ]);
    expect(dueEscalations(steps, done(steps, 'sign:yellow'), at('2026-11-18T09:00:00')).map(label)).to.deep.equal([
      'sign:red',
    ]);
  });

  it('writes Beijing time the way the mails say it', () => {
    expect(beijingTime(at('2026-11-23T23:59:59'))).to.equal('2026年11月23日 23:59');
    expect(beijingTime(at('2027-01-05T08:05:00'))).to.equal('2027年1月5日 08:05');
  });

  it('backs off exponentially up to a ceiling', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffSeconds(n, 60, 3600))).to.deep.equal([60, 120, 240, 480, 3600]);
  });

  it('gives the daily digest the day of the latest 08:00', () => {
    expect(digestPeriod(at('2026-11-18T07:59:00'))).to.equal('2026-11-17');
    expect(digestPeriod(at('2026-11-18T08:00:00'))).to.equal('2026-11-18');
    expect(digestPeriod(at('2026-12-01T01:00:00'))).to.equal('2026-11-30');
  });

  it('gives the leaderboard publication the month before the latest 1st at 01:00', () => {
    expect(boardPeriod(at('2026-12-01T00:59:59'))).to.equal('2026-10');
    expect(boardPeriod(at('2026-12-01T01:00:00'))).to.equal('2026-11');
    expect(boardPeriod(at('2026-12-31T23:00:00'))).to.equal('2026-11');
    expect(boardPeriod(at('2027-01-01T01:00:00'))).to.equal('2026-12');
  });
});
