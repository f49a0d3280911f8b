import { expect } from 'chai';
import { call } from '../helpers/calls.ts';
import { makeCategory, makeDepartment, ticketInput } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { clock } from '../../server/lib/clock.ts';
import { ticketsRepository } from '../../server/domain/tickets/tickets.repository.ts';
import { capture } from '../../bench/bare-sql.ts';

describe('one-screen intake (a call becomes a dispatched order)', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it('lists each category with the department it is dispatched to by default', async () => {
    const category = await makeCategory(h.dept.id);
    const categories = await ok(h.operator.get('/api/v1/categories'));
    expect(categories.find((c: any) => c.id === category.id)).to.include({ department_id: h.dept.id, active: true });
    const departments = await ok(h.operator.get('/api/v1/departments'));
    expect(departments.find((d: any) => d.id === h.dept.id).name).to.equal(h.dept.name);
  });

  it('creates and dispatches in one request, linked to its call', async () => {
    const category = await makeCategory(h.dept.id);
    const c = await ok(h.operator.post('/api/v1/calls', call()), 201);
    const t = await ok(
      h.operator.post(
        '/api/v1/tickets',
        ticketInput({
          category_id: category.id,
          department_id: h.dept.id,
          call_id: c.id,
          caller_phone: undefined,
        }),
      ),
      201,
    );
    expect(t).to.include({ status: 'dispatched', department_id: h.dept.id, call_id: c.id, version: 2 });
    expect(t.sign_deadline_at).to.be.a('string');
    expect(t.due_at).to.be.a('string');
    const detail = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
    expect(detail.events.map((e: any) => e.action)).to.deep.equal(['create', 'dispatch']);
    expect(detail.caller_phone).to.equal(c.caller_phone);
    expect((await ok(h.operator.get(`/api/v1/calls/${c.id}`))).ticket_id).to.equal(t.id);
    // The department sees it in its inbox at once.
    const inbox = await ok(h.handler.get(`/api/v1/tickets?q=${t.number}`));
    expect(inbox.items.map((x: any) => x.id)).to.deep.equal([t.id]);
  });

  it('stores nothing when the department cannot take it', async () => {
    const { services } = await testApp();
    const inactive = await makeDepartment();
    await services.departments.update(inactive.id, { active: false });
    const c = await ok(h.operator.post('/api/v1/calls', call()), 201);
    for (const departmentId of [99999999, inactive.id]) {
      const before = await services.db('tickets').count({ n: '*' }).first();
      const res = await h.operator.post('/api/v1/tickets', ticketInput({ department_id: departmentId, call_id: c.id }));
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: any) => d.path)).to.deep.equal(['department_id']);
      const after = await services.db('tickets').count({ n: '*' }).first();
      expect(Number(after!.n)).to.equal(Number(before!.n));
    }
    expect((await ok(h.operator.get(`/api/v1/calls/${c.id}`))).ticket_id).to.equal(null);
  });

  it('answers a retried Idempotency-Key with the one dispatched order', async () => {
    const key = `intake-${Date.now()}`;
    const body = ticketInput({ department_id: h.dept.id, title: `一屏受理-${key}` });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => h.operator.post('/api/v1/tickets', body, { 'Idempotency-Key': key })),
    );
    expect(new Set(results.map((r) => r.body.id)).size).to.equal(1);
    expect(results.every((r) => r.status === 201 && r.body.status === 'dispatched')).to.equal(true);
    const list = await ok(h.operator.get(`/api/v1/tickets?q=${encodeURIComponent(`一屏受理-${key}`)}`));
    expect(list.total).to.equal(1);
  });

  it('dispatches orders posted together each to its own assignment, counted once each', async () => {
    // Creations that arrive together are dispatched together (one insert of assignments, one update per alike
    // group of rows): each row must point at its own assignment, whatever the mix of units, urgencies and co-units.
    const { services } = await testApp();
    const [a, b, co] = [await makeDepartment(), await makeDepartment(), await makeDepartment()];
    const dispatched = async (id: number) =>
      Number((await services.db('department_day_stats').where({ department_id: id }).sum({ n: 'dispatched' }))[0].n);
    const before = [await dispatched(a.id), await dispatched(b.id)];
    const replayKey = `together-${Date.now()}`;
    const first = await ok(
      h.operator.post('/api/v1/tickets', ticketInput({ department_id: a.id }), { 'Idempotency-Key': replayKey }),
      201,
    );
    const unitOf = (i: number) => (i % 3 === 0 ? b.id : a.id);
    const orders = Array.from({ length: 12 }, (_, i) =>
      ticketInput({
        department_id: unitOf(i),
        urgency: i % 4 === 1 ? 'urgent' : 'normal',
        caller_phone: `1390000${String(1000 + i)}`,
        ...(i === 5 && { co_department_ids: [co.id] }),
      }),
    );
    const res = await Promise.all([
      ...orders.map((o, i) => h.operator.post('/api/v1/tickets', o, { 'Idempotency-Key': `${replayKey}-${i}` })),
      h.operator.post('/api/v1/tickets', ticketInput({ department_id: b.id }), { 'Idempotency-Key': replayKey }),
    ]);
    expect(res.map((r) => r.status)).to.deep.equal(Array(13).fill(201));
    expect(res[12].body.id).to.equal(first.id);
    for (const [i, r] of res.slice(0, 12).entries()) {
      const t = await services.db('tickets').where({ id: r.body.id }).first();
      const own = await services.db('assignments').where({ id: t.assignment_id }).first();
      expect(own, `order ${i}`).to.include({ ticket_id: t.id, department_id: unitOf(i) });
      expect(t).to.include({ status: 'dispatched', department_id: unitOf(i), version: 2 });
      expect(t.next_escalation_at, `order ${i}`).to.be.a('string');
      expect(t.due_at).to.equal(own.due_at);
      const events = await services.db('ticket_events').where({ ticket_id: t.id }).orderBy('id');
      expect(events.map((e: any) => e.action)).to.deep.equal(['create', 'dispatch']);
      expect(JSON.parse(events[1].data).after).to.include({ assignment_id: own.id });
      expect(r.body.due_at).to.be.a('string');
    }
    expect(await dispatched(a.id)).to.equal(before[0] + 1 + 8);
    expect(await dispatched(b.id)).to.equal(before[1] + 4);
    const coLevel = await services.db('assignments').where({ department_id: co.id, role: 'co' }).first();
    expect(coLevel.ticket_id).to.equal(res[5].body.id);
  });

  it('writes the dispatched rows of a batch with one UPDATE, each with its own unit and deadlines', async () => {
    // A batch's orders go to many units: the columns that differ are set by a CASE on the id, in one statement.
    const { services } = await testApp();
    const db = services.db;
    const [a, b] = [await makeDepartment(), await makeDepartment()];
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await ok(h.operator.post('/api/v1/tickets', ticketInput()), 201)).id);
    const patchOf = (i: number) => ({
      department_id: i === 1 ? b.id : a.id,
      due_at: `2031-04-0${i + 1} 09:00:00.000`,
      urgency: 'normal' as const,
      ...(i === 2 && { deadline_unconfirmed: true }),
    });
    // Rolled back: the rows stay as the intake left them.
    const trx = await db.transaction();
    try {
      const statements = await capture(db, () =>
        ticketsRepository.updateAlike(
          trx,
          ids.map((id, i) => ({ id, patch: patchOf(i) })),
        ),
      );
      // Rows 0 and 1 change the same columns (one statement); row 2 one more column (its own).
      expect(statements.filter((s) => /^update `tickets`/.test(s.sql))).to.have.length(2);
      for (const [i, id] of ids.entries()) {
        const t = await trx('tickets').where({ id }).first();
        expect(t, `row ${i}`).to.include({ department_id: patchOf(i).department_id, due_at: patchOf(i).due_at });
        expect(Boolean(t.deadline_unconfirmed)).to.equal(i === 2);
      }
    } finally {
      await trx.rollback();
    }
  });

  it('gives orders dispatched together the deadlines and escalation schedule each would get alone', async () => {
    // A creation batch computes the deadlines and the escalation schedule once per type, urgency and tier (its orders
    // share one moment): orders of different kinds posted together must still each get their own.
    const { services } = await testApp();
    clock.set(clock.now());
    const kinds = [
      { type: 'complaint', urgency: 'normal' },
      { type: 'inquiry', urgency: 'normal' },
      { type: 'help', urgency: 'normal' },
      { type: 'complaint', urgency: 'urgent' },
    ];
    const FIELDS = ['sign_deadline_at', 'sign_yellow_at', 'due_at', 'due_yellow_at', 'next_escalation_at'];
    const scheduleOf = async (id: number) => {
      const t = await services.db('tickets').where({ id }).first();
      return [...FIELDS.map((f) => t[f]), Boolean(t.deadline_unconfirmed)];
    };
    const post = (i: number, key: string) =>
      h.operator.post(
        '/api/v1/tickets',
        ticketInput({ ...kinds[i % kinds.length], department_id: h.dept.id, caller_phone: `1370000${3000 + i}` }),
        { 'Idempotency-Key': key },
      );
    const key = `kinds-${Date.now()}`;
    const alone = [];
    for (const i of kinds.keys()) alone.push(await scheduleOf((await ok(post(i, `${key}-alone-${i}`), 201)).id));
    expect(new Set(alone.map((s) => s[2])).size, 'four different due dates').to.equal(kinds.length);
    const together = await Promise.all(Array.from({ length: 12 }, (_, i) => post(kinds.length + i, `${key}-${i}`)));
    for (const [i, r] of together.entries()) {
      expect(r.status).to.equal(201);
      expect(await scheduleOf(r.body.id), `order ${i}`).to.deep.equal(alone[i % kinds.length]);
    }
  });

  it('is refused to a handler', async () => {
    const res = await h.handler.post('/api/v1/tickets', ticketInput({ department_id: h.dept.id }));
    expect(res.status).to.equal(403);
  });
});
