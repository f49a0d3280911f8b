import { expect } from 'chai';
import { makeDepartment, signedIn, signIn } from '../helpers/factories.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import type { Client } from '../helpers/http.ts';

// 会办 (docs/rules/work-orders.md "Co-handling"): one dispatch names a lead unit and co-units; each co-unit has its own
// earlier deadline, signs and replies to the lead at its level; the lead answers the hotline once every co-unit has,
// or with the reason it did not wait; a late co-unit still replies and its lateness counts in its on-time rate.
describe('co-handling (会办)', () => {
  let h: Hotline;
  const co: { id: number; name: string; user: { username: string }; api: Client }[] = [];

  before(async function () {
    this.timeout(120_000); // the first suite of a run starts the service and migrates its database
    h = await hotline();
    for (let i = 0; i < 2; i++) {
      const dept = await makeDepartment();
      const handler = await signedIn('handler', dept.id);
      co.push({ id: dept.id, name: dept.name, ...handler });
    }
  });

  /** Moves the clock and signs everyone in again, co-units' handlers too. */
  const at = async (when: string) => {
    await h.travel(when);
    for (const c of co) c.api = await signIn(c.user.username);
  };
  const detail = (api: Client, id: number) => ok(api.get(`/api/v1/tickets/${id}`));
  // The ticket view's levels (docs/api.md), as JSON.
  type Level = { id: number; role: string; department_id: number; status: string; end_reason: string | null } & {
    actions: string[];
  };
  const coLevels = (t: { levels: Level[] }) =>
    co.map((c) => t.levels.find((l) => l.role === 'co' && l.department_id === c.id)!);
  const dispatchWithCo = async (over: Record<string, unknown> = {}) => {
    const t = await createTicket(h.operator, { type: 'help' });
    return ok(
      h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, {
        version: t.version,
        department_id: h.dept.id,
        co_department_ids: co.map((c) => c.id),
        ...over,
      }),
    );
  };
  /** One department's row of the figures for March 2032. */
  const figuresOf = async (departmentId: number) => {
    const rows = await ok(h.supervisor.get('/api/v1/stats/departments?from=2032-03-01&to=2032-03-31'));
    return rows.find((r: { department_id: number }) => r.department_id === departmentId);
  };

  it('refuses the lead as a co-unit, a co-unit twice, a co deadline past the lead’s (400)', async () => {
    await at('2032-03-01T09:00:00+08:00');
    const t = await createTicket(h.operator, { type: 'help' });
    const send = (body: Record<string, unknown>) =>
      h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id, ...body });
    const lead = await send({ co_department_ids: [co[0].id, h.dept.id] });
    expect(lead.status).to.equal(400);
    expect(lead.body.error.details[0]).to.include({ path: 'co_department_ids.1', key: 'coHandling.notTheLead' });
    const twice = await send({ co_department_ids: [co[0].id, co[0].id] });
    expect(twice.status).to.equal(400);
    const late = await send({ co_department_ids: [co[0].id], co_due_days: 10 });
    expect(late.status).to.equal(400);
    expect(late.body.error.details[0]).to.include({ path: 'co_due_days', key: 'coHandling.dueAfterLead' });
    expect((await detail(h.operator, t.id)).status).to.equal('received');
  });

  it('gives co-units earlier deadlines; one replies, the late one after the lead answered with a reason', async () => {
    // Monday 8 March 2032: a help order is due in 5 working days (Monday 15th), its co-units 2 working days before.
    await at('2032-03-08T09:00:00+08:00');
    const t = await dispatchWithCo({ note: '请城管与街道协办' });
    let d = await detail(h.operator, t.id);
    const [a, b] = coLevels(d);
    const main = d.levels.find((l: { role: string }) => l.role === 'main');
    expect(main).to.include({ department_id: h.dept.id, due_at: '2032-03-15T15:59:59.000Z' });
    for (const [level, c] of [
      [a, co[0]],
      [b, co[1]],
    ] as const) {
      expect(level).to.include({
        parent_id: main.id,
        department_name: c.name,
        status: 'dispatched',
        due_at: '2032-03-11T15:59:59.000Z',
        sign_deadline_at: main.sign_deadline_at,
      });
    }
    expect(d.events.find((e: { action: string }) => e.action === 'dispatch').data.co_departments).to.deep.equal(
      co.map((c) => c.name),
    );

    // A co-unit reads the order, finds it among its open levels, signs before the lead and replies on time.
    const todo = await ok(co[0].api.get('/api/v1/levels?view=todo'));
    expect(todo.items.map((i: { id: number; role: string }) => [i.id, i.role])).to.deep.include([a.id, 'co']);
    d = await detail(co[0].api, t.id);
    expect(coLevels(d)[0].actions).to.include('sign');
    let v = (await ok(co[0].api.post(`/api/v1/tickets/${t.id}/levels/${a.id}/sign`, { version: d.version }))).version;
    v = (await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: v }))).version;
    await at('2032-03-10T10:00:00+08:00');
    const reply = { reply: '已清理占道堆放物。' };
    v = (await ok(co[0].api.post(`/api/v1/tickets/${t.id}/levels/${a.id}/reply`, { version: v, ...reply }))).version;
    v = (await ok(co[1].api.post(`/api/v1/tickets/${t.id}/levels/${b.id}/sign`, { version: v }))).version;

    // Past the co-units' deadline: the second has not replied, and the lead may not answer without saying why.
    await at('2032-03-12T10:00:00+08:00');
    const refused = await h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: v, resolution: '已处理。' });
    expect(refused.status).to.equal(409);
    expect(refused.body.error).to.include({ code: 'INVALID_TRANSITION', key: 'coHandling.coPending' });
    expect(refused.body.error.message)
      .to.include(co[1].name)
      .and.match(/^协办单位尚未答复/);
    d = await detail(h.handler, t.id);
    expect(d).to.include({ status: 'accepted', version: v });
    expect(coLevels(d).map((l) => l.status)).to.deep.equal(['replied', 'accepted']);

    const reason = '协办单位逾期未答复，主办已处理完毕，先行答复市民。';
    v = (
      await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/reply`, {
          version: v,
          resolution: '已处理。',
          co_pending_reason: reason,
        }),
      )
    ).version;
    d = await detail(h.supervisor, t.id);
    expect(d.status).to.equal('replied');
    expect(d.events.find((e: { action: string }) => e.action === 'reply').data).to.deep.include({
      co_pending_reason: reason,
      co_pending: [co[1].name],
    });

    // The late co-unit still replies to the lead; its level ends replied, late.
    await at('2032-03-15T09:00:00+08:00');
    const late = { version: v, reply: '已补充核查。' };
    await ok(co[1].api.post(`/api/v1/tickets/${t.id}/levels/${b.id}/reply`, late));
    d = await detail(h.supervisor, t.id);
    expect(coLevels(d).map((l) => [l.status, l.end_reason])).to.deep.equal([
      ['replied', 'replied'],
      ['replied', 'replied'],
    ]);

    // Figures: each co-unit received the order and replied; only the late one's on-time rate shows the lateness.
    expect(await figuresOf(co[0].id)).to.include({ received: 1, completion_rate: 1, on_time_rate: 1 });
    expect(await figuresOf(co[1].id)).to.include({ received: 1, completion_rate: 1, on_time_rate: 0 });
    expect(await figuresOf(h.dept.id)).to.include({ received: 1, completion_rate: 1, on_time_rate: 1 });
  });

  it('ends the co-units still open when the order closes: unreplied, out of their lists', async () => {
    await at('2032-03-29T09:00:00+08:00');
    const t = await dispatchWithCo();
    const [a] = coLevels(await detail(h.operator, t.id));
    let v = (await ok(co[0].api.post(`/api/v1/tickets/${t.id}/levels/${a.id}/sign`, { version: t.version }))).version;
    v = (await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: v }))).version;
    const body = { version: v, resolution: '已处理。', co_pending_reason: '协办单位未及时答复' };
    v = (await ok(h.handler.post(`/api/v1/tickets/${t.id}/reply`, body))).version;
    const callback = { version: v, contacted: true, solved: 'yes', score: 5 };
    const closed = await ok(h.operator.post(`/api/v1/tickets/${t.id}/callback`, callback));
    expect(closed.status).to.equal('closed');
    const d = await detail(h.supervisor, t.id);
    expect(coLevels(d).map((l) => [l.status, l.end_reason])).to.deep.equal([
      ['closed', 'closed'],
      ['closed', 'closed'],
    ]);
    for (const c of co) {
      const todo = await ok(c.api.get('/api/v1/levels?view=todo'));
      expect(todo.items.map((i: { ticket_id: number }) => i.ticket_id)).to.not.include(t.id);
    }
    const late = await co[0].api.post(`/api/v1/tickets/${t.id}/levels/${a.id}/reply`, {
      version: d.version,
      reply: '迟',
    });
    expect(late.status).to.equal(409);
  });

  it('lets one of two racing co-unit actions win; the other gets 409 and changes nothing', async () => {
    await at('2032-03-16T09:00:00+08:00');
    const t = await dispatchWithCo();
    const [a, b] = coLevels(await detail(h.operator, t.id));
    const [x, y] = await Promise.all([
      co[0].api.post(`/api/v1/tickets/${t.id}/levels/${a.id}/sign`, { version: t.version }),
      co[1].api.post(`/api/v1/tickets/${t.id}/levels/${b.id}/sign`, { version: t.version }),
    ]);
    expect([x.status, y.status].sort()).to.deep.equal([200, 409]);
    const lost = x.status === 409 ? x : y;
    expect(lost.body.error.code).to.equal('VERSION_CONFLICT');
    const d = await detail(h.operator, t.id);
    expect(d.version).to.equal(t.version + 1);
    expect(coLevels(d).filter((l) => l.status === 'accepted')).to.have.length(1);
  });

  it('ends the co-units’ levels with the order: a recall takes them out of their figures', async () => {
    await at('2032-03-22T09:00:00+08:00');
    const before = await figuresOf(co[0].id);
    const t = await dispatchWithCo();
    expect((await figuresOf(co[0].id)).received).to.equal(before.received + 1);
    const back = await ok(h.operator.post(`/api/v1/tickets/${t.id}/recall`, { version: t.version, reason: '派错' }));
    expect(back.status).to.equal('received');
    const { levels } = await detail(h.operator, t.id);
    expect(levels).to.deep.equal([]);
    expect((await figuresOf(co[0].id)).received).to.equal(before.received);
    const todo = await ok(co[0].api.get('/api/v1/levels?view=todo'));
    expect(todo.items.map((i: { ticket_id: number }) => i.ticket_id)).to.not.include(t.id);
  });
});
