// 先联系后办理 (docs/rules/work-orders.md "Contact first"): every attempt recorded with its time, means and outcome;
// the time neither in the future nor before the dispatch; the first contact that reached the resident is the
// assignment's, counted in the response rate when it came by the sign-for deadline (by the time entered).
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';

describe('contact first: attempts, their time, means and outcome', () => {
  let h: Hotline;
  const db = async () => (await testApp()).services.db;
  const contact = (t: { id: number; version: number }, body: Record<string, unknown> = {}) =>
    h.handler.post(`/api/v1/tickets/${t.id}/contact`, { version: t.version, ...body });
  /** The contact, then the ticket as its handler reads it (the action answers the ticket's plain view). */
  const contacted = async (t: { id: number; version: number }, body: Record<string, unknown> = {}) => {
    await ok(contact(t, body));
    return ok(h.handler.get(`/api/v1/tickets/${t.id}`));
  };
  const day = (from: string) =>
    ok(h.supervisor.get(`/api/v1/stats/departments?from=${from}&to=${from}&department_id=${h.dept.id}`));

  before(async () => {
    h = await hotline();
  });

  it('refuses a time in the future or before the dispatch, and unknown means, naming the field', async () => {
    await h.travel('2035-05-07T09:00:00+08:00');
    const t = await dispatched(h);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ contacted_at: '2035-05-07T09:30:00+08:00' }, 'contacted_at'],
      [{ contacted_at: '2035-05-07T08:00:00+08:00' }, 'contacted_at'],
      [{ contacted_at: 'yesterday' }, 'contacted_at'],
      [{ means: 'pigeon' }, 'means'],
      [{ outcome: 'maybe' }, 'outcome'],
    ];
    for (const [body, path] of cases) {
      const res = await contact(t, body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal([path]);
    }
    expect(await (await db())('assignment_contacts').where({ ticket_id: t.id })).to.have.length(0);
    const view = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
    expect(view).to.include({ contacted_at: null, version: t.version });
    expect(view.contacts).to.deep.equal([]);
  });

  it('keeps every attempt; the first that reached the resident is the contact, by the time entered', async () => {
    await h.travel('2035-05-08T09:00:00+08:00');
    let t = await dispatched(h);
    // Two attempts that reached nobody: kept, not the contact, the action still offered.
    t = await contacted(t, { means: 'phone', outcome: 'unreachable', note: '无人接听' });
    t = await contacted(t, { means: 'sms', outcome: 'unreachable' });
    expect(t.contacted_at).to.equal(null);
    expect(t.allowed_actions).to.include('contact');
    // Entered two days later, saying the visit was on the first morning (before the sign-for deadline).
    await h.travel('2035-05-10T15:00:00+08:00');
    t = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
    t = await contacted(t, { contacted_at: '2035-05-08T11:00:00+08:00', means: 'visit', note: '上门核实' });
    expect(t).to.include({
      contacted_at: '2035-05-08T03:00:00.000Z',
      contact_means: 'visit',
      contact_outcome: 'reached',
    });
    expect(t.allowed_actions).to.not.include('contact');
    expect(t.contacts.map((c: Record<string, unknown>) => [c.means, c.outcome, c.note])).to.deep.equal([
      ['phone', 'unreachable', '无人接听'],
      ['sms', 'unreachable', null],
      ['visit', 'reached', '上门核实'],
    ]);
    // Each attempt is an event saying how and whether.
    const events = t.events.filter((e: { action: string }) => e.action === 'contact');
    expect(events.map((e: { data: Record<string, unknown> }) => [e.data.means, e.data.outcome])).to.deep.equal([
      ['phone', 'unreachable'],
      ['sms', 'unreachable'],
      ['visit', 'reached'],
    ]);
    expect(events[2].data.before_sign_deadline).to.equal(true);
    // Once reached, another contact is refused and nothing is stored.
    const again = await contact(t, { outcome: 'unreachable' });
    expect(again.status).to.equal(409);
    expect(await (await db())('assignment_contacts').where({ ticket_id: t.id })).to.have.length(3);
    const [row] = await day('2035-05-08');
    expect(row).to.include({ received: 1, response_rate: 1 });
  });

  it('counts a contact reached after the sign-for deadline as recorded but not timely', async () => {
    await h.travel('2035-05-14T09:00:00+08:00');
    const t = await dispatched(h);
    await h.travel('2035-05-17T09:00:00+08:00');
    const late = await contacted(await ok(h.handler.get(`/api/v1/tickets/${t.id}`)));
    expect(late).to.include({ contact_means: 'phone', contact_outcome: 'reached' });
    const [row] = await day('2035-05-14');
    expect(row).to.include({ received: 1, response_rate: 0 });
    expect(await ok(h.admin.get('/api/v1/stats/verify'))).to.deep.equal({ consistent: true, diffs: [] });
  });
});
