// Severity tiers (docs/rules/deadlines.md "Severity tiers"): the leaf's tier in the catalogue in force sets the
// dispatch's limits in wall time (life 15 minutes / 24 hours, utility 30 minutes / 24 hours), normal keeps the
// by-type table, urgent stays the highest (the earlier of each limit), and the yellow card of a minutes window comes
// in its last quarter, in the card and from the sweep.
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { ticketInput } from '../helpers/factories.ts';
import { clock } from '../../server/lib/clock.ts';
import type { Services } from '../../server/services.ts';

describe('severity tiers set deadlines (紧急程度)', () => {
  let h: Hotline;
  let s: Services;
  const ids: Record<string, number> = {};
  const START = '2027-04-07T10:00:00+08:00'; // a Wednesday
  const plus = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString();

  before(async function () {
    this.timeout(120_000);
    s = (await testApp()).services;
    h = await hotline();
    await h.travel(START);
    const csv =
      'code,name,parent_code,responsible_unit,duty_basis,severity_tier\n' +
      `08,公用设施,,,,\n` +
      `0801,燃气泄漏,08,${h.dept.id},,life\n` +
      `0802,停水停电,08,${h.dept.id},,utility\n` +
      `0803,路灯不亮,08,${h.dept.id},,normal\n`;
    await ok(h.admin.post('/api/v1/catalogue/versions', { csv }), 201);
    for (const c of await ok(h.operator.get('/api/v1/categories'))) if (c.code) ids[c.code] = c.id;
  });
  beforeEach(() => h.travel(START));

  async function dispatchOf(code: string, over: Record<string, unknown> = {}) {
    const t = await ok(h.operator.post('/api/v1/tickets', ticketInput({ category_id: ids[code], ...over })), 201);
    return ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id }));
  }

  it('gives a life leaf 15 minutes to sign and 24 hours to reply, a utility leaf 30 minutes', async () => {
    const life = await dispatchOf('0801');
    expect(life.sign_deadline_at).to.equal(plus(15));
    expect(life.due_at).to.equal(plus(24 * 60));
    const utility = await dispatchOf('0802');
    expect(utility.sign_deadline_at).to.equal(plus(30));
    expect(utility.due_at).to.equal(plus(24 * 60));
  });

  it('keeps the by-type table for a normal leaf, and urgent as the highest tier', async () => {
    const normal = await dispatchOf('0803', { type: 'inquiry' });
    expect(normal.sign_deadline_at).to.equal(new Date('2027-04-08T23:59:59+08:00').toISOString());
    expect(normal.due_at).to.equal(new Date('2027-04-12T23:59:59+08:00').toISOString());
    const urgentNormal = await dispatchOf('0803', { urgency: 'urgent' });
    expect(urgentNormal.sign_deadline_at).to.equal(plus(30));
    const urgentLife = await dispatchOf('0801', { urgency: 'urgent' });
    expect([urgentLife.sign_deadline_at, urgentLife.due_at]).to.deep.equal([plus(15), plus(24 * 60)]);
  });

  it('shows a yellow card in the last quarter of a 15-minute window, then red, as the sweep does', async () => {
    const t = await dispatchOf('0801');
    const look = async (minutes: number) => {
      clock.set(plus(minutes));
      await s.escalations.sweep();
      await h.signInAgain();
      const card = (await ok(h.handler.get(`/api/v1/tickets/${t.id}`))).card;
      const steps = await s.db('escalations').where({ ticket_id: t.id }).orderBy('id');
      return { card, steps: steps.map((r) => `${r.kind}:${r.level}`) };
    };
    expect(await look(11)).to.deep.equal({ card: 'none', steps: [] });
    expect(await look(12)).to.deep.equal({ card: 'yellow', steps: ['sign:yellow'] });
    expect(await look(16)).to.deep.equal({ card: 'red', steps: ['sign:yellow', 'sign:red'] });
  });

  it('lays out the remaining wall time of a life order again on resuming a suspension', async () => {
    const t = await dispatchOf('0801');
    const signed = await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
    await h.travel(plus(60));
    const asked = await ok(
      h.handler.post(`/api/v1/tickets/${t.id}/suspend`, { version: signed.version, reason: '燃气公司抢修中' }),
    );
    expect(asked.status).to.equal('accepted');
    const seen = await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`));
    const request = seen.requests.find((r: any) => r.kind === 'suspension');
    await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/suspensions/${request.id}/decision`, { approve: true }));
    // Resumed on Saturday morning: 23 hours remained, counted on the clock, weekend or not.
    await h.travel('2027-04-10T09:00:00+08:00');
    const suspended = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
    const resumed = await ok(h.handler.post(`/api/v1/tickets/${t.id}/resume`, { version: suspended.version }));
    expect(resumed.due_at).to.equal(new Date('2027-04-11T08:00:00+08:00').toISOString());
  });

  it('takes the tier of the version in force at dispatch: a later version changes no deadline given', async () => {
    const before = await dispatchOf('0802');
    const csv =
      'code,name,parent_code,responsible_unit,duty_basis,severity_tier\n' +
      `08,公用设施,,,,\n0801,燃气泄漏,08,${h.dept.id},,life\n` +
      `0802,停水停电,08,${h.dept.id},,normal\n0803,路灯不亮,08,${h.dept.id},,normal\n`;
    await ok(h.admin.post('/api/v1/catalogue/versions', { csv, effective_from: '2027-04-08' }), 201);
    await h.travel('2027-04-08T10:00:00+08:00');
    const after = await dispatchOf('0802', { type: 'inquiry' });
    expect(after.sign_deadline_at).to.equal(new Date('2027-04-09T23:59:59+08:00').toISOString());
    const kept = await ok(h.handler.get(`/api/v1/tickets/${before.id}`));
    expect(kept.sign_deadline_at).to.equal(plus(30));
  });
});
