// 先联系后办理 and what a handler is offered: the caller's number revealed to the holding department (audited, never
// on a confidential order), the contact recorded once per assignment, allowed_actions that match what the actions
// accept, and the inbox's live feed (only the department's own orders, nothing of their content).
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { screen } from '../helpers/live.ts';
import { accepted, createTicket, dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import type { Services } from '../../server/services.ts';

describe('handler: reveal the number, record the contact, allowed actions', () => {
  let h: Hotline;
  let s: Services;
  before(async function () {
    this.timeout(120_000); // the first suite of a run waits for the test service's migrations (slow on MariaDB)
    s = (await testApp()).services;
    h = await hotline();
  });
  beforeEach(async () => {
    await h.travel('2026-11-16T09:00:00+08:00');
  }); // a Monday

  const audits = (id: number, action: string) =>
    s.db('audit_log').where({ target_type: 'ticket', target_id: id, action });

  it(
    'reveals the full number to a handler of the holding ' +
      'department, masked everywhere else, and audits each reveal',
    async () => {
      const t = await dispatched(h, { caller_phone: '13912345678' });
      const listed = await ok(h.handler.get(`/api/v1/tickets?q=${t.number}`));
      expect(listed.items[0].caller_phone).to.equal('139****5678');
      const detail = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
      expect(detail.caller_phone).to.equal('139****5678');
      expect(detail.allowed_actions).to.include.members(['reveal_phone', 'contact', 'sign']);

      expect(await ok(h.handler.post(`/api/v1/tickets/${t.id}/reveal-phone`, {}))).to.deep.equal({
        caller_phone: '13912345678',
      });
      const [row] = await audits(t.id, 'reveal_phone');
      expect(row).to.include({ actor_id: h.users.handler.user.id, actor_role: 'handler' });
      expect(JSON.parse(row.detail)).to.include({ number: t.number });
      // The reveal leaves the ticket as it was: no version moved, nothing else shown unmasked.
      expect((await ok(h.handler.get(`/api/v1/tickets/${t.id}`))).version).to.equal(t.version);
    },
  );

  it(
    'refuses the reveal on a confidential order and to ' + 'another department with 403, auditing the attempt',
    async () => {
      const secret = await dispatched(h, { confidential: true, caller_phone: '13700001111' });
      const detail = await ok(h.handler.get(`/api/v1/tickets/${secret.id}`));
      expect(detail.caller_phone).to.equal(null);
      expect(detail.allowed_actions).to.not.include('reveal_phone');
      const refused = await h.handler.post(`/api/v1/tickets/${secret.id}/reveal-phone`, {});
      expect(refused.status).to.equal(403);
      expect(JSON.stringify(refused.body)).to.not.include('13700001111');

      const plain = await dispatched(h, { caller_phone: '13700002222' });
      const other = await h.otherHandler.post(`/api/v1/tickets/${plain.id}/reveal-phone`, {});
      expect(other.status).to.equal(403);
      expect((await h.operator.post(`/api/v1/tickets/${plain.id}/reveal-phone`, {})).status).to.equal(403);
      expect(await audits(secret.id, 'reveal_phone')).to.have.length(0);
      expect(await audits(plain.id, 'reveal_phone')).to.have.length(0);
      const attempts = await s
        .db('audit_log')
        .where({ action: 'forbidden' })
        .whereIn('target_id', [secret.id, plain.id]);
      expect(attempts.map((a) => JSON.parse(a.detail).attempted)).to.deep.equal([
        'reveal_phone',
        'reveal_phone',
        'reveal_phone',
      ]);
      // Unknown fields are refused, as everywhere.
      expect((await h.handler.post(`/api/v1/tickets/${plain.id}/reveal-phone`, { all: true })).status).to.equal(400);
    },
  );

  it("records the contact in one call: an event, the assignment's contacted_at, once per assignment", async () => {
    const t = await dispatched(h);
    const contacted = await ok(h.handler.post(`/api/v1/tickets/${t.id}/contact`, { version: t.version }));
    expect(contacted.version).to.equal(t.version + 1);
    const detail = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
    expect(detail.contacted_at).to.equal(new Date('2026-11-16T09:00:00+08:00').toISOString());
    expect(detail.allowed_actions).to.not.include('contact');
    const event = detail.events.find((e: any) => e.action === 'contact');
    expect(event.data).to.include({ before_sign_deadline: true });
    const assignment = await s.db('assignments').where({ ticket_id: t.id }).first();
    expect(assignment.contacted_at).to.equal('2026-11-16 01:00:00.000');
    const again = await h.handler.post(`/api/v1/tickets/${t.id}/contact`, { version: contacted.version });
    expect(again.status).to.equal(409);
    expect(
      (await h.otherHandler.post(`/api/v1/tickets/${t.id}/contact`, { version: contacted.version })).status,
    ).to.equal(403);
    expect((await h.handler.post(`/api/v1/tickets/${t.id}/contact`, {})).status).to.equal(400);
    expect(await s.db('ticket_events').where({ ticket_id: t.id, action: 'contact' })).to.have.length(1);
  });

  it(
    'counts the response rate: contacted before the sign-for deadline ' +
      '/ received; a returned or recalled order takes its contact along',
    async () => {
      const own = await hotline(); // a department of its own, so the rate is this test's alone
      await own.travel('2026-11-16T09:00:00+08:00'); // Monday: sign-for by Tuesday 23:59:59
      const [early, late, returned, recalled] = [
        await dispatched(own),
        await dispatched(own),
        await dispatched(own),
        await dispatched(own),
      ];
      await dispatched(own); // never contacted
      await ok(own.handler.post(`/api/v1/tickets/${early.id}/contact`, { version: early.version }));
      const r = await ok(own.handler.post(`/api/v1/tickets/${returned.id}/contact`, { version: returned.version }));
      await ok(
        own.handler.post(`/api/v1/tickets/${returned.id}/return`, { version: r.version, reason: '不属于本部门职责' }),
      );
      const request = (await ok(own.supervisor.get(`/api/v1/tickets/${returned.id}`))).requests[0];
      await ok(own.supervisor.post(`/api/v1/tickets/${returned.id}/returns/${request.id}/decision`, { approve: true }));
      const c = await ok(own.handler.post(`/api/v1/tickets/${recalled.id}/contact`, { version: recalled.version }));
      await ok(own.operator.post(`/api/v1/tickets/${recalled.id}/recall`, { version: c.version, reason: '派错部门' }));
      await own.travel('2026-11-18T09:00:00+08:00'); // Wednesday: past the sign-for deadline
      await ok(own.handler.post(`/api/v1/tickets/${late.id}/contact`, { version: late.version }));
      const rows = await ok(own.supervisor.get('/api/v1/stats/departments?from=2026-11-01&to=2026-11-30'));
      const figures = rows.find((x: any) => x.department_id === own.dept.id);
      // Received: early, late and the one never contacted; only early was contacted before its sign-for deadline.
      expect(figures).to.include({ received: 3, response_rate: 1 / 3 });
      expect(await s.figures.verify()).to.deep.equal([]);
    },
  );

  it(
    'offers 退单 only within 2 working days of dispatch, ' + 'and an extension only once, as the actions accept',
    async () => {
      const t = await accepted(h); // Monday 09:00: the window ends Wednesday 23:59:59
      const at = async () => (await ok(h.handler.get(`/api/v1/tickets/${t.id}`))).allowed_actions as string[];
      expect(await at())
        .to.include.members(['return', 'extension', 'suspend', 'reply'])
        .and.not.include('sign');
      await h.travel('2026-11-19T08:00:00+08:00'); // Thursday
      const now = await at();
      expect(now).to.not.include('return');
      const refused = await h.handler.post(`/api/v1/tickets/${t.id}/return`, {
        version: t.version,
        reason: '不属于本部门',
      });
      expect([refused.status, refused.body.error?.code ?? refused.body.code]).to.deep.equal([
        409,
        'INVALID_TRANSITION',
      ]);
      await ok(h.handler.post(`/api/v1/tickets/${t.id}/extension`, { version: t.version, days: 3, reason: '需协调' }));
      const detail = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
      expect(detail.allowed_actions).to.not.include('extension');
      expect(
        (
          await h.handler.post(`/api/v1/tickets/${t.id}/extension`, {
            version: detail.version,
            days: 3,
            reason: '再延',
          })
        ).status,
      ).to.equal(409);
      // The supervisor is offered the decision the request waits for; a handler of another department nothing.
      expect((await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).allowed_actions).to.include.members([
        'decide_extension',
        'supervise',
      ]);
      const fresh = await dispatched(h);
      expect((await ok(h.handler.get(`/api/v1/tickets/${fresh.id}`))).allowed_actions).to.not.include('reply');
    },
  );

  it("marks a supervised order in the department's list", async () => {
    const t = await dispatched(h);
    const before = (await ok(h.handler.get(`/api/v1/tickets?q=${t.number}`))).items[0];
    expect(before.supervised_at).to.equal(null);
    await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/supervise`, { version: t.version, note: '请尽快办理' }));
    const after = (await ok(h.handler.get(`/api/v1/tickets?q=${t.number}`))).items[0];
    expect(after.supervised_at).to.equal(new Date('2026-11-16T09:00:00+08:00').toISOString());
  });

  it("tells a handler's inbox of its own department's orders only, arriving and leaving, with no content", async () => {
    const wsBase = (await testApp()).baseUrl.replace('http', 'ws') + '/api/v1/live';
    // Without feed=inbox a handler is still no dashboard viewer.
    const dashboard = screen(wsBase, { authorization: `Bearer ${h.handler.token}` });
    expect(
      await dashboard.opened.then(
        () => 'opened',
        (e) => String(e),
      ),
    ).to.equal('Error: refused 401');
    const mine = screen(`${wsBase}?feed=inbox`, { authorization: `Bearer ${h.handler.token}` });
    const theirs = screen(`${wsBase}?feed=inbox`, { authorization: `Bearer ${h.otherHandler.token}` });
    try {
      await Promise.all([mine.opened, theirs.opened]);
      await mine.next((m) => m.action === 'welcome');
      const t = await createTicket(h.operator, { title: '实时到达', caller_phone: '13655556666' });
      await ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id }));
      const arrived = await mine.next((m) => m.ticket_id === t.id && m.action === 'dispatch');
      expect(arrived).to.deep.equal({ type: 'inbox', ticket_id: t.id, action: 'dispatch' });
      // It leaves the department (a return approved): the inbox it left hears of it too.
      const asked = await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/return`, { version: t.version + 1, reason: '不属于本部门' }),
      );
      const request = (await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).requests[0];
      await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/returns/${request.id}/decision`, { approve: true }));
      await mine.next((m) => m.ticket_id === t.id && m.action === 'return_approved');
      expect(asked.status).to.equal('dispatched');
      expect(theirs.messages.filter((m) => m.ticket_id === t.id)).to.deep.equal([]);
      expect(mine.messages.every((m) => m.type === 'inbox')).to.equal(true);
      expect(JSON.stringify(mine.messages)).to.not.include('13655556666').and.not.include('实时到达');
    } finally {
      mine.ws.close();
      theirs.ws.close();
      dashboard.ws.close();
    }
  });
});
