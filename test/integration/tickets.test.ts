import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { ticketInput } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';

describe('tickets', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  describe('POST /tickets', () => {
    it('creates a received ticket with a YYYYMMDD + 6-digit number and a create event', async () => {
      clock.set('2026-11-20T09:15:00+08:00');
      const t = await createTicket(h.operator);
      expect(t.status).to.equal('received');
      expect(t.number).to.match(/^20261120\d{6}$/);
      expect(t.version).to.equal(1);
      expect(t.card).to.equal('none');
      const detail = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      expect(detail.events.map((e: any) => e.action)).to.deep.equal(['create']);
    });

    it('numbers by the Beijing day: 17:00 UTC is already the next day', async () => {
      clock.set('2026-11-20T17:00:00Z');
      const t = await createTicket(h.operator);
      expect(t.number.slice(0, 8)).to.equal('20261121');
    });

    it('gives unique, consecutive numbers under concurrency', async () => {
      clock.set('2026-06-02T10:00:00+08:00');
      const made = await Promise.all(Array.from({ length: 25 }, () => createTicket(h.operator)));
      const numbers = made.map((t) => t.number).sort();
      expect(new Set(numbers).size).to.equal(25);
      const seqs = numbers.map((n) => Number(n.slice(8)));
      expect(seqs[seqs.length - 1] - seqs[0]).to.equal(24);
    });

    it('returns the first ticket again for a retried Idempotency-Key, also when retries race', async () => {
      const key = `idem-${Date.now()}`;
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          h.operator.post('/api/v1/tickets', ticketInput({ title: '幂等测试' }), { 'Idempotency-Key': key }),
        ),
      );
      const ids = new Set(results.map((r) => r.body.id));
      expect(results.every((r) => r.status === 201)).to.equal(true);
      expect(ids.size).to.equal(1);
      const list = await ok(h.operator.get(`/api/v1/tickets?q=${encodeURIComponent('幂等测试')}&per_page=100`));
      expect(list.items.filter((t: any) => t.id === [...ids][0])).to.have.length(1);
      expect(list.total).to.equal(1);
    });

    it('creates orders posted together, and one that fails inside the shared write fails alone', async () => {
      // Creations that arrive together are written in one transaction; a dispatch to a department that does not
      // exist and a raced Idempotency-Key fail that transaction, and each order is then written alone.
      const title = `同批创建-${Date.now()}`;
      const key = `batch-${Date.now()}`;
      const posts = [
        ...Array.from({ length: 8 }, () => h.operator.post('/api/v1/tickets', ticketInput({ title }))),
        h.operator.post('/api/v1/tickets', ticketInput({ title, department_id: 999999 })),
        h.operator.post('/api/v1/tickets', ticketInput({ title }), { 'Idempotency-Key': key }),
        h.operator.post('/api/v1/tickets', ticketInput({ title }), { 'Idempotency-Key': key }),
        h.operator.post('/api/v1/tickets', ticketInput({ title, department_id: h.dept.id })),
      ];
      const res = await Promise.all(posts);
      expect(res.map((r) => r.status)).to.deep.equal([201, 201, 201, 201, 201, 201, 201, 201, 400, 201, 201, 201]);
      expect(res[8].body.error.details[0].path).to.equal('department_id');
      expect(res[9].body.id).to.equal(res[10].body.id);
      expect(res[11].body.status).to.equal('dispatched');
      const list = await ok(h.operator.get(`/api/v1/tickets?q=${encodeURIComponent(title)}&per_page=100`));
      expect(list.total).to.equal(10);
      const { services } = await testApp();
      const events = await services
        .db('ticket_events')
        .whereIn(
          'ticket_id',
          list.items.map((t: any) => t.id),
        )
        .where('action', 'create');
      expect(events).to.have.length(10);
    });

    it('lists every problem of a bad body with its path and stores nothing', async () => {
      const { services } = await testApp();
      const before = await services.db('tickets').count({ n: '*' }).first();
      const res = await h.operator.post('/api/v1/tickets', {
        channel: 'fax',
        type: 'complaint',
        title: '',
        description: 'x',
        caller_phone: 'abc',
        extra: 1,
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      const paths = res.body.error.details.map((d: any) => d.path);
      expect(paths).to.include.members(['channel', 'title', 'caller_phone', 'extra']);
      const after = await services.db('tickets').count({ n: '*' }).first();
      expect(Number(after!.n)).to.equal(Number(before!.n));
    });

    it('refuses an unknown category with its path', async () => {
      const res = await h.operator.post('/api/v1/tickets', ticketInput({ category_id: 999999 }));
      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('category_id');
    });

    it('refuses rectification orders by hand', async () => {
      const res = await h.operator.post('/api/v1/tickets', ticketInput({ type: 'rectification' }));
      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('type');
    });

    for (const role of ['handler', 'supervisor', 'admin'] as const) {
      it(`is refused to a ${role} with 403`, async () => {
        const res = await h[role].post('/api/v1/tickets', ticketInput());
        expect(res.status).to.equal(403);
        expect(res.body.error.code).to.equal('FORBIDDEN');
      });
    }

    it('needs a session', async () => {
      const { baseUrl } = await testApp();
      const res = await fetch(`${baseUrl}/api/v1/tickets`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).to.equal(401);
    });
  });

  describe('GET /tickets', () => {
    it('takes % and _ in a search literally, on every database', async () => {
      const stamp = Date.now();
      const literal = await createTicket(h.operator, { title: `打五折100%_优惠-${stamp}` });
      await createTicket(h.operator, { title: `打五折1000元优惠-${stamp}` });
      const found = await ok(h.operator.get(`/api/v1/tickets?q=${encodeURIComponent(`100%_优惠-${stamp}`)}`));
      expect(found.items.map((t: any) => t.id)).to.deep.equal([literal.id]);
    });

    it("lets the hotline find an order by the caller's digits, but never a department", async () => {
      const phone = `139${String(Date.now()).slice(-8)}`;
      const t = await dispatched(h, { caller_phone: phone, confidential: true });
      const digits = phone.slice(-7);
      expect((await ok(h.operator.get(`/api/v1/tickets?q=${digits}`))).items.map((x: any) => x.id)).to.include(t.id);
      expect((await ok(h.handler.get(`/api/v1/tickets?q=${digits}`))).items.map((x: any) => x.id)).to.not.include(t.id);
    });

    it('filters by status, department, card and text, and pages', async () => {
      const title = `过滤测试-${Date.now()}`;
      const a = await dispatched(h, { title });
      await createTicket(h.operator, { title });
      const byStatus = await ok(h.operator.get(`/api/v1/tickets?q=${encodeURIComponent(title)}&status=dispatched`));
      expect(byStatus.items.map((t: any) => t.id)).to.deep.equal([a.id]);
      const both = await ok(
        h.operator.get(`/api/v1/tickets?q=${encodeURIComponent(title)}&status=dispatched,received&per_page=1`),
      );
      expect(both.total).to.equal(2);
      expect(both.items).to.have.length(1);
      const page2 = await ok(h.operator.get(`/api/v1/tickets?q=${encodeURIComponent(title)}&per_page=1&page=2`));
      expect(page2.items[0].id).to.not.equal(both.items[0].id);
      const byDept = await ok(
        h.supervisor.get(`/api/v1/tickets?department_id=${h.dept.id}&q=${encodeURIComponent(title)}`),
      );
      expect(byDept.items.map((t: any) => t.id)).to.deep.equal([a.id]);
      const byNumber = await ok(h.operator.get(`/api/v1/tickets?q=${a.number}`));
      expect(byNumber.items.map((t: any) => t.id)).to.deep.equal([a.id]);
    });

    it('filters by card the same way the card is computed', async () => {
      clock.set('2026-11-16T10:00:00+08:00'); // Monday
      const title = `红黄牌-${Date.now()}`;
      const t = await dispatched(h, { title, type: 'inquiry' }); // sign by Tue 23:59:59, due Thu 23:59:59
      const q = `q=${encodeURIComponent(title)}`;
      expect((await ok(h.operator.get(`/api/v1/tickets?${q}&card=none`))).total).to.equal(1);
      clock.set('2026-11-17T09:00:00+08:00'); // sign-for day: yellow
      expect((await ok(h.operator.get(`/api/v1/tickets?${q}&card=yellow`))).items[0]?.card).to.equal('yellow');
      clock.set('2026-11-18T09:00:00+08:00'); // sign-for deadline missed: red
      const red = await ok(h.operator.get(`/api/v1/tickets?${q}&card=red`));
      expect(red.items.map((x: any) => x.id)).to.deep.equal([t.id]);
      expect(red.items[0].card).to.equal('red');
      expect((await ok(h.operator.get(`/api/v1/tickets?${q}&card=yellow`))).total).to.equal(0);
    });

    it('shows a handler only the own department, whatever is asked', async () => {
      const title = `部门隔离-${Date.now()}`;
      await dispatched(h, { title });
      const mine = await ok(h.handler.get(`/api/v1/tickets?q=${encodeURIComponent(title)}`));
      expect(mine.total).to.equal(1);
      const theirs = await ok(
        h.otherHandler.get(`/api/v1/tickets?q=${encodeURIComponent(title)}&department_id=${h.dept.id}`),
      );
      expect(theirs.total).to.equal(0);
    });

    it('refuses unknown filters', async () => {
      const res = await h.operator.get('/api/v1/tickets?status=lost&per_page=1000&colour=red');
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: any) => d.path)).to.include.members(['status', 'per_page', 'colour']);
    });
  });

  describe('GET /tickets/:id (privacy)', () => {
    it('masks the phone for the department and audits every unmasked view', async () => {
      const { services } = await testApp();
      const t = await dispatched(h, { caller_phone: '13812345678' });
      const forHandler = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
      expect(forHandler.caller_phone).to.equal('138****5678');
      expect(forHandler.caller_name).to.equal('张先生');
      const forOperator = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      expect(forOperator.caller_phone).to.equal('13812345678');
      const audits = await services
        .db('audit_log')
        .where({ target_type: 'ticket', target_id: t.id, action: 'view_caller' });
      expect(audits).to.have.length(1);
      const list = await ok(h.operator.get(`/api/v1/tickets?q=${t.number}`));
      expect(list.items[0].caller_phone).to.equal('138****5678');
    });

    it('hides a confidential caller from the department entirely', async () => {
      const t = await dispatched(h, { confidential: true });
      const forHandler = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
      expect(forHandler.caller_name).to.equal(null);
      expect(forHandler.caller_phone).to.equal(null);
      expect(JSON.stringify(forHandler)).to.not.include('1381234');
      const forSupervisor = await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`));
      expect(forSupervisor.caller_phone).to.equal('13812341234');
    });

    it("refuses another department's ticket with 403 and audits it", async () => {
      const { services } = await testApp();
      const t = await dispatched(h);
      const res = await h.otherHandler.get(`/api/v1/tickets/${t.id}`);
      expect(res.status).to.equal(403);
      const audits = await services
        .db('audit_log')
        .where({ target_type: 'ticket', target_id: t.id, action: 'forbidden' });
      expect(audits).to.have.length(1);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      expect((await h.operator.get('/api/v1/tickets/99999999')).body.error.code).to.equal('NOT_FOUND');
      expect((await h.operator.get('/api/v1/tickets/abc')).status).to.equal(404);
    });
  });
});
