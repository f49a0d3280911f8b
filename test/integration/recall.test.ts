import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { makeDepartment, signedIn, signIn } from '../helpers/factories.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import type { Client } from '../helpers/http.ts';
import { bus, type ChangeMessage } from '../../server/lib/bus.ts';

// 撤回 and 改派 (docs/rules/work-orders.md): an order dispatched by mistake comes back before it is signed,
// is dispatched again, and the department it left keeps no trace of it in its figures.
describe('recall (撤回) and re-dispatch (改派)', () => {
  let h: Hotline;
  let wrong: { id: number };
  let wrongHandler: { user: { username: string }; api: Client };

  before(async function () {
    this.timeout(120_000); // the first suite of a run starts the service and migrates its database
    h = await hotline();
    wrong = await makeDepartment();
    wrongHandler = await signedIn('handler', wrong.id);
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  const dispatchTo = async (departmentId: number) => {
    const t = await createTicket(h.operator, { type: 'help' });
    return ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: departmentId }));
  };
  /** The department's received, dispatched and returned in March 2032, from the report and from its drill-down. */
  const figuresOf = async (departmentId: number) => {
    const base = `/api/v1/stats/departments/${departmentId}/tickets?from=2032-03-01&to=2032-03-31`;
    const received = await ok(h.supervisor.get(`${base}&figure=received`));
    const returned = await ok(h.supervisor.get(`${base}&figure=returned`));
    return { received: received.total, receivedListed: received.items.length, returned: returned.total };
  };

  it('takes an unsigned order back to the queue, and a second dispatch sends it to the right department', async () => {
    await h.travel('2032-03-02T09:00:00+08:00');
    const t = await dispatchTo(wrong.id);
    expect(await figuresOf(wrong.id)).to.deep.equal({ received: 1, receivedListed: 1, returned: 0 });

    await h.travel('2032-03-02T09:10:00+08:00');
    const heard: ChangeMessage[] = [];
    const stop = bus.subscribe((m) => heard.push(m));
    const back = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/recall`, { version: t.version, reason: '派错单位' }),
    ).finally(stop);
    // The live inbox of the department that lost the order hears of it.
    expect(heard.find((m) => m.action === 'recall')).to.deep.include({
      ticket_id: t.id,
      status: 'received',
      department_id: null,
      previous_department_id: wrong.id,
    });
    expect(back).to.include({
      status: 'received',
      department_id: null,
      sign_deadline_at: null,
      due_at: null,
      card: 'none',
    });
    expect(back.waiting_since).to.equal(new Date('2032-03-02T09:10:00+08:00').toISOString());
    // Neither received nor returned: the mistake was the hotline's.
    expect(await figuresOf(wrong.id)).to.deep.equal({ received: 0, receivedListed: 0, returned: 0 });
    // The department it left can no longer act on it.
    const lost = await signIn(wrongHandler.user.username);
    expect((await lost.post(`/api/v1/tickets/${t.id}/sign`, { version: back.version })).status).to.equal(403);
    expect((await lost.get(`/api/v1/tickets/${t.id}`)).status).to.equal(403);

    const again = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: back.version, department_id: h.dept.id }),
    );
    expect(again).to.include({ status: 'dispatched', department_id: h.dept.id, waiting_since: null });
    expect(await figuresOf(h.dept.id)).to.deep.include({ received: 1, receivedListed: 1 });

    const detail = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
    const recall = detail.events.find((e: any) => e.action === 'recall');
    expect(recall).to.include({ from_status: 'dispatched', to_status: 'received', note: '派错单位' });
    expect(recall.data.department_id).to.equal(wrong.id);
    expect(detail.events.map((e: any) => e.action)).to.deep.equal(['create', 'dispatch', 'recall', 'dispatch']);

    const { services } = await testApp();
    const assignments = await services.db('assignments').where({ ticket_id: t.id }).orderBy('id');
    expect(assignments.map((a: any) => [a.department_id, a.end_reason])).to.deep.equal([
      [wrong.id, 'recalled'],
      [h.dept.id, null],
    ]);
    expect(await services.figures.verify()).to.deep.equal([]);
  });

  it('stops the recalled order escalating', async () => {
    await h.travel('2032-03-03T09:00:00+08:00');
    const t = await dispatchTo(wrong.id);
    const { services } = await testApp();
    expect((await services.db('tickets').where({ id: t.id }).first()).next_escalation_at).to.not.equal(null);
    await ok(h.operator.post(`/api/v1/tickets/${t.id}/recall`, { version: t.version }));
    expect((await services.db('tickets').where({ id: t.id }).first()).next_escalation_at).to.equal(null);
  });

  it('refuses a recall once the department has signed for the order', async () => {
    await h.travel('2032-03-04T09:00:00+08:00');
    const t = await dispatchTo(h.dept.id);
    const signed = await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
    const res = await h.operator.post(`/api/v1/tickets/${t.id}/recall`, { version: signed.version });
    expect(res.status).to.equal(409);
    expect(res.body.error.code).to.equal('INVALID_TRANSITION');
    expect((await ok(h.operator.get(`/api/v1/tickets/${t.id}`))).status).to.equal('accepted');
  });

  it('lets exactly one of a recall and a sign on the same version through', async () => {
    await h.travel('2032-03-05T09:00:00+08:00');
    for (let i = 0; i < 3; i++) {
      const t = await dispatchTo(h.dept.id);
      const [recall, sign] = await Promise.all([
        h.operator.post(`/api/v1/tickets/${t.id}/recall`, { version: t.version }),
        h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }),
      ]);
      expect([recall.status, sign.status].sort()).to.deep.equal([200, 409]);
      const after = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      expect(after.status).to.equal(recall.status === 200 ? 'received' : 'accepted');
      expect(after.version).to.equal(t.version + 1);
    }
    const { services } = await testApp();
    expect(await services.figures.verify()).to.deep.equal([]);
  });

  it('is for operators only, needs the current version, and rejects unknown fields', async () => {
    await h.travel('2032-03-06T09:00:00+08:00');
    const t = await dispatchTo(h.dept.id);
    expect((await h.handler.post(`/api/v1/tickets/${t.id}/recall`, { version: t.version })).status).to.equal(403);
    expect((await h.supervisor.post(`/api/v1/tickets/${t.id}/recall`, { version: t.version })).status).to.equal(403);
    const stale = await h.operator.post(`/api/v1/tickets/${t.id}/recall`, { version: t.version - 1 });
    expect(stale.status).to.equal(409);
    expect(stale.body.error.code).to.equal('VERSION_CONFLICT');
    const bad = await h.operator.post(`/api/v1/tickets/${t.id}/recall`, {
      version: String(t.version),
      department_id: 1,
    });
    expect(bad.status).to.equal(400);
    expect((await ok(h.operator.get(`/api/v1/tickets/${t.id}`))).status).to.equal('dispatched');
  });

  it('does not recall a reopening (重办): it goes back to its department by rule', async () => {
    await h.travel('2032-03-10T09:00:00+08:00');
    const t = await dispatchTo(h.dept.id);
    const signed = await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
    const replied = await ok(
      h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: signed.version, resolution: '已处理' }),
    );
    const reopened = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: replied.version, score: 1, reason: '没有解决' }),
    );
    expect(reopened).to.include({ status: 'dispatched', department_id: h.dept.id });
    const res = await h.operator.post(`/api/v1/tickets/${t.id}/recall`, { version: reopened.version });
    expect(res.status).to.equal(409);
    expect(res.body.error.code).to.equal('INVALID_TRANSITION');
    expect((await ok(h.operator.get(`/api/v1/tickets/${t.id}`))).status).to.equal('dispatched');
  });

  it('cancels what the department asked for on the recalled assignment', async () => {
    await h.travel('2032-03-09T09:00:00+08:00');
    const t = await dispatchTo(h.dept.id);
    const asked = await ok(
      h.handler.post(`/api/v1/tickets/${t.id}/return`, { version: t.version, reason: '不属于本单位职责' }),
    );
    await ok(h.operator.post(`/api/v1/tickets/${t.id}/recall`, { version: asked.version }));
    const detail = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
    expect(detail.requests.map((r: any) => [r.kind, r.status])).to.deep.equal([['return', 'cancelled']]);
  });
});
