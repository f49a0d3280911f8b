import { expect } from 'chai';
import { loadConfig } from '../../config/default.ts';
import { WorkCalendar } from '../../server/lib/calendar.ts';
import { cardAt, computeDeadlines } from '../../server/domain/tickets/deadlines.ts';
import { withUpstreamDue } from '../../server/domain/upstream/upstream-deadline.ts';

// An upstream's order is due by the sooner of the upstream's deadline and the rules' (docs/rules/deadlines.md
// "Orders from an upstream"), its yellow card always before it, its sign-for deadline never after it.
const cal = new WorkCalendar();
const rules = loadConfig().rules;
const at = (s: string) => new Date(`${s}+08:00`);
const monday = at('2026-11-16T09:00:00');
const card = (d: ReturnType<typeof withUpstreamDue>, now: Date) =>
  cardAt({ status: 'accepted', signed_at: monday, suspended_at: null, ...d }, now);

describe('the upstream deadline at dispatch', () => {
  const complaint = computeDeadlines(cal, rules, 'complaint', 'normal', monday); // due 2026-12-07 23:59:59

  it('takes a sooner upstream deadline, yellow from 00:00 of its day', () => {
    const d = withUpstreamDue(complaint, at('2026-11-18T17:00:00'), cal, false, monday);
    expect(d.due_at.toISOString()).to.equal(at('2026-11-18T17:00:00').toISOString());
    expect(d.due_yellow_at.toISOString()).to.equal(at('2026-11-18T00:00:00').toISOString());
    expect(d.sign_deadline_at).to.equal(complaint.sign_deadline_at);
    expect(card(d, at('2026-11-17T23:59:00'))).to.equal('none');
    expect(card(d, at('2026-11-18T09:00:00'))).to.equal('yellow');
    expect(card(d, at('2026-11-18T17:00:01'))).to.equal('red');
  });

  it('changes nothing for a later upstream deadline, or none', () => {
    expect(withUpstreamDue(complaint, at('2026-12-31T17:00:00'), cal, false, monday)).to.equal(complaint);
    expect(withUpstreamDue(complaint, null, cal, false, monday)).to.equal(complaint);
  });

  it('brings the sign-for deadline to a nearer upstream deadline', () => {
    const d = withUpstreamDue(complaint, at('2026-11-16T15:00:00'), cal, false, monday);
    expect(d.sign_deadline_at.toISOString()).to.equal(at('2026-11-16T15:00:00').toISOString());
    expect(d.sign_yellow_at < d.sign_deadline_at).to.equal(true);
  });

  it('keeps the wall-clock yellow card of an urgent order, and a yellow before a deadline already passed', () => {
    const urgent = computeDeadlines(cal, rules, 'complaint', 'urgent', monday); // due in 24 hours
    const d = withUpstreamDue(urgent, at('2026-11-16T17:00:00'), cal, true, monday);
    expect(d.due_yellow_at.toISOString()).to.equal(at('2026-11-16T15:00:00').toISOString());
    const passed = withUpstreamDue(urgent, at('2026-11-16T08:00:00'), cal, true, monday);
    expect(passed.due_yellow_at < passed.due_at).to.equal(true);
    expect(card(passed, monday)).to.equal('red');
  });
});
