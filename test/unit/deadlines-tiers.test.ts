import { expect } from 'chai';
import { loadConfig } from '../../config/default.ts';
import { WorkCalendar } from '../../server/lib/calendar.ts';
import { computeDeadlines } from '../../server/domain/tickets/deadlines.ts';

// Severity tiers of catalogue leaves (docs/rules/deadlines.md "Severity tiers"), from the configuration.
const cal = new WorkCalendar();
const at = new Date('2026-11-20T17:00:00+08:00'); // a Friday evening: wall time ignores the weekend
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);

describe('deadlines by severity tier', () => {
  const rules = loadConfig().rules;

  it('counts life and utility in wall-time minutes and hours, yellow in the last quarter', () => {
    const life = computeDeadlines(cal, rules, 'complaint', 'normal', at, 'life');
    expect(life).to.deep.equal({
      sign_deadline_at: later(15),
      sign_yellow_at: later(11.25),
      due_at: later(24 * 60),
      due_yellow_at: later(18 * 60),
    });
    const utility = computeDeadlines(cal, rules, 'complaint', 'normal', at, 'utility');
    expect([utility.sign_deadline_at, utility.due_at]).to.deep.equal([later(30), later(24 * 60)]);
  });

  it('keeps the by-type table for normal, an unknown or no tier', () => {
    const plain = computeDeadlines(cal, rules, 'inquiry', 'normal', at);
    for (const tier of ['normal', 'other', null]) {
      expect(computeDeadlines(cal, rules, 'inquiry', 'normal', at, tier)).to.deep.equal(plain);
    }
  });

  it('takes the earlier of each limit when the order is also urgent', () => {
    const urgent = computeDeadlines(cal, rules, 'complaint', 'urgent', at, 'normal');
    expect([urgent.sign_deadline_at, urgent.due_at]).to.deep.equal([later(30), later(24 * 60)]);
    const slowTier = { ...rules, severityTiers: { slow: { signMinutes: 120, dueHours: 4 } } };
    const both = computeDeadlines(cal, slowTier, 'complaint', 'urgent', at, 'slow');
    expect([both.sign_deadline_at, both.due_at]).to.deep.equal([later(30), later(4 * 60)]);
  });

  it('reads the limits from the settings', () => {
    const env = { ...process.env, TIER_LIFE_SIGN_MINUTES: '10', TIER_UTILITY_DUE_HOURS: '12' };
    const tuned = loadConfig({}, env).rules;
    expect(tuned.severityTiers.life).to.deep.equal({ signMinutes: 10, dueHours: 24 });
    expect(tuned.severityTiers.utility).to.deep.equal({ signMinutes: 30, dueHours: 12 });
  });
});
