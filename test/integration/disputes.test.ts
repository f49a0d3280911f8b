import { expect } from 'chai';
import { makeDepartment, signedIn } from '../helpers/factories.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import type { Client } from '../helpers/http.ts';

// Disputes and designation (docs/rules/work-orders.md): every approved return (退单) is a dispute about who is
// responsible; after three of one order the hotline may not dispatch it, a supervisor designates the unit (指定),
// which may not return it, and the record of the returns and the designation is kept.
describe('disputed returns and designation (指定)', () => {
  let h: Hotline;
  let third: { id: number; name: string };
  let thirdHandler: Client;

  before(async function () {
    this.timeout(120_000); // the first suite of a run starts the service and migrates its database
    h = await hotline();
    await h.travel('2032-04-13T09:00:00+08:00'); // a Tuesday: every return is within its window
    third = await makeDepartment();
    thirdHandler = (await signedIn('handler', third.id)).api;
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  const detail = (api: Client, id: number) => ok(api.get(`/api/v1/tickets/${id}`));
  /** Dispatches the order to a unit, whose handler asks to return it with a reason, and a supervisor approves. */
  const returnedBy = async (id: number, departmentId: number, handler: Client, reason: string) => {
    let t = await detail(h.operator, id);
    t = await ok(
      h.operator.post(`/api/v1/tickets/${id}/dispatch`, { version: t.version, department_id: departmentId }),
    );
    await ok(handler.post(`/api/v1/tickets/${id}/return`, { version: t.version, reason }));
    const request = (await detail(h.supervisor, id)).requests.find((r: { status: string }) => r.status === 'pending');
    return ok(h.supervisor.post(`/api/v1/tickets/${id}/returns/${request.id}/decision`, { approve: true }));
  };
  const APRIL = '/api/v1/stats/departments?from=2032-04-01&to=2032-04-30';
  const REASONS = ['不属于本单位职责', '应由属地街道处理', '属于市直部门职责'];

  it('refuses a dispatch after three approved returns, lists the order, a supervisor designates', async () => {
    const t = await createTicket(h.operator, { type: 'complaint' });
    await returnedBy(t.id, h.dept.id, h.handler, REASONS[0]);
    await returnedBy(t.id, h.other.id, h.otherHandler, REASONS[1]);
    const back = await returnedBy(t.id, third.id, thirdHandler, REASONS[2]);
    expect(back).to.include({ status: 'received', department_id: null });

    // The operator's dispatch is refused, and not offered.
    const refused = await h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, {
      version: back.version,
      department_id: h.dept.id,
    });
    expect(refused.status).to.equal(409);
    expect(refused.body.error).to.include({ code: 'INVALID_TRANSITION', key: 'ticket.needsDesignation' });
    expect(refused.body.error.message).to.match(/^该工单已退单 3 次/);
    const seen = await detail(h.operator, t.id);
    expect(seen.allowed_actions).to.not.include('dispatch');
    expect(seen.disputes.awaiting_designation).to.equal(true);
    expect((await detail(h.supervisor, t.id)).allowed_actions).to.include('designate');

    // The supervisors' queue shows it with its history: units, reasons, times.
    const queue = await ok(h.supervisor.get('/api/v1/disputes'));
    const entry = queue.awaiting.find((a: { ticket: { id: number } }) => a.ticket.id === t.id);
    expect(
      entry.returns.map((r: { department_name: string; reason: string }) => [r.department_name, r.reason]),
    ).to.deep.equal([
      [h.dept.name, REASONS[0]],
      [h.other.name, REASONS[1]],
      [third.name, REASONS[2]],
    ]);
    expect(entry.returns[0].requested_at).to.be.a('string');
    expect(entry.returns[0].approved_at).to.be.a('string');
    expect((await h.handler.get('/api/v1/disputes')).status).to.equal(403);
    expect(
      (
        await h.operator.post(`/api/v1/tickets/${t.id}/designate`, {
          version: back.version,
          department_id: h.dept.id,
          note: '我来',
        })
      ).status,
    ).to.equal(403);

    // The designation: a dispatch with fresh deadlines, marked designated, counted as the unit's dispatch.
    const before = await ok(h.supervisor.get(APRIL));
    const receivedBefore = before.find((r: { department_id: number }) => r.department_id === h.dept.id).received;
    const note = '依据职责清单，占道经营由城管部门负责';
    const designated = await ok(
      h.supervisor.post(`/api/v1/tickets/${t.id}/designate`, { version: back.version, department_id: h.dept.id, note }),
    );
    expect(designated).to.include({ status: 'dispatched', department_id: h.dept.id });
    expect(designated.due_at).to.be.a('string');
    const after = await ok(h.supervisor.get(APRIL));
    expect(after.find((r: { department_id: number }) => r.department_id === h.dept.id).received).to.equal(
      receivedBefore + 1,
    );

    // The designated unit may not return it again (not offered, refused 409).
    const own = await detail(h.handler, t.id);
    expect(own.levels.find((l: { role: string }) => l.role === 'main')).to.include({ designated: true });
    expect(own.allowed_actions).to.include('sign').and.not.include('return');
    const again = await h.handler.post(`/api/v1/tickets/${t.id}/return`, {
      version: own.version,
      reason: '仍非本单位',
    });
    expect(again.status).to.equal(409);
    expect(again.body.error).to.include({ key: 'disputes.designatedNoReturn' });

    // The record is kept: on the order, and in the queue's recent designations.
    const record = (await detail(h.supervisor, t.id)).disputes;
    expect(record.awaiting_designation).to.equal(false);
    expect(record.returns.map((r: { reason: string }) => r.reason)).to.deep.equal(REASONS);
    expect(record.designations).to.have.length(1);
    expect(record.designations[0]).to.include({ department_id: h.dept.id, returns: 3, note });
    const later = await ok(h.supervisor.get('/api/v1/disputes'));
    expect(later.awaiting.map((a: { ticket: { id: number } }) => a.ticket.id)).to.not.include(t.id);
    const settled = later.designations.find((d: { ticket: { id: number } }) => d.ticket.id === t.id);
    expect(settled).to.include({ department_name: h.dept.name, note, returns: 3 });
    expect(settled.returns_history).to.have.length(3);
    const event = (await detail(h.supervisor, t.id)).events.find((e: { action: string }) => e.action === 'designate');
    expect(event).to.deep.include({ note });
    expect(event.data).to.include({ department_name: h.dept.name, designated: true });

    // Reopened after a bad callback (重办), the order goes back to the designated unit, still designated.
    let v = (await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: own.version }))).version;
    v = (await ok(h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: v, resolution: '已清理。' }))).version;
    const callback = { version: v, contacted: true, solved: 'no', score: 1, reason: '问题仍未解决' };
    const reopened = await ok(h.operator.post(`/api/v1/tickets/${t.id}/callback`, callback));
    expect(reopened).to.include({ status: 'dispatched', department_id: h.dept.id });
    const redo = await h.handler.post(`/api/v1/tickets/${t.id}/return`, {
      version: reopened.version,
      reason: '非本单位',
    });
    expect(redo.status).to.equal(409);
    expect(redo.body.error).to.include({ key: 'disputes.designatedNoReturn' });
  });

  it('lets one of two racing designations win; the other gets 409 and records nothing', async () => {
    const t = await createTicket(h.operator, { type: 'help' });
    await returnedBy(t.id, h.dept.id, h.handler, REASONS[0]);
    await returnedBy(t.id, h.other.id, h.otherHandler, REASONS[1]);
    const back = await returnedBy(t.id, third.id, thirdHandler, REASONS[2]);
    const other = await signedIn('supervisor');
    const [x, y] = await Promise.all([
      h.supervisor.post(`/api/v1/tickets/${t.id}/designate`, {
        version: back.version,
        department_id: h.dept.id,
        note: '甲',
      }),
      other.api.post(`/api/v1/tickets/${t.id}/designate`, {
        version: back.version,
        department_id: third.id,
        note: '乙',
      }),
    ]);
    expect([x.status, y.status].sort()).to.deep.equal([200, 409]);
    expect((x.status === 409 ? x : y).body.error.code).to.equal('VERSION_CONFLICT');
    const record = (await detail(h.supervisor, t.id)).disputes;
    expect(record.designations).to.have.length(1);
    const winner = x.status === 200 ? h.dept.id : third.id;
    expect(record.designations[0].department_id).to.equal(winner);
    expect((await detail(h.supervisor, t.id)).department_id).to.equal(winner);
  });

  it('designates only a disputed order: fewer returns answer 409 and the order stays at the hotline', async () => {
    const t = await createTicket(h.operator, { type: 'help' });
    const back = await returnedBy(t.id, h.dept.id, h.handler, REASONS[0]);
    const res = await h.supervisor.post(`/api/v1/tickets/${t.id}/designate`, {
      version: back.version,
      department_id: h.other.id,
      note: '指定',
    });
    expect(res.status).to.equal(409);
    expect(res.body.error).to.include({ key: 'disputes.notDisputed' });
    const seen = await detail(h.operator, t.id);
    expect(seen).to.include({ status: 'received', version: back.version });
    expect(seen.allowed_actions).to.include('dispatch');
    expect((await detail(h.supervisor, t.id)).allowed_actions).to.not.include('designate');
  });
});
