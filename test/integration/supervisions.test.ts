import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { anonymous } from '../helpers/reviews.ts';
import { clock } from '../../server/lib/clock.ts';

const bj = (s: string) => new Date(`${s}+08:00`);

describe('supervision orders (督办)', () => {
  let h: Hotline;
  // t1: supervised by hand on Monday; t2: missed its sign-for deadline, red card on Wednesday; t3: the other
  // department's.
  let t1: any;
  let t2: any;
  let t3: any;
  const list = async (query = '', who: 'supervisor' | 'admin' | 'handler' | 'otherHandler' = 'supervisor') =>
    ok(h[who].get(`/api/v1/supervisions${query}`));
  const report = async (query: string) => ok(h.supervisor.get(`/api/v1/reports/departments${query}`));
  const rowOf = (body: any, id: number) => body.departments.find((d: any) => d.department_id === id);

  before(async () => {
    h = await hotline();
    await h.travel('2026-12-07T09:00:00+08:00'); // Monday
    t1 = await dispatched(h, { type: 'help', title: '路灯损坏无人维修' });
    const supervised = await ok(
      h.supervisor.post(`/api/v1/tickets/${t1.id}/supervise`, { version: t1.version, note: '请于本周内修复并答复' }),
    );
    await ok(h.handler.post(`/api/v1/tickets/${t1.id}/sign`, { version: supervised.version }));
    t2 = await dispatched(h, { type: 'help', title: '小区垃圾清运不及时' });
    const other = await ok(
      h.operator.post('/api/v1/tickets', {
        channel: 'phone',
        type: 'help',
        urgency: 'normal',
        title: '公交站牌破损',
        description: '站牌玻璃碎裂。',
        department_id: h.other.id,
      }),
      201,
    );
    t3 = await ok(
      h.supervisor.post(`/api/v1/tickets/${other.id}/supervise`, { version: other.version, note: '尽快处理' }),
    );
    await ok(h.otherHandler.post(`/api/v1/tickets/${t3.id}/sign`, { version: t3.version }));
    // Wednesday: t2's sign-for deadline (Tuesday 23:59:59) has passed; the sweep's red card issues a supervision order.
    clock.set(bj('2026-12-09T09:00:00'));
    await (await testApp()).services.escalations.sweep();
    await h.signInAgain();
  });

  describe('GET /api/v1/supervisions', () => {
    it(
      'lists manual and automatic (red card) orders of a department, ' +
        'newest first, with their ticket and who issued them',
      async () => {
        const body = await list(`?department_id=${h.dept.id}`);
        expect(body).to.include({ total: 2, page: 1, per_page: 20 });
        const [automatic, manual] = body.items;
        expect(manual).to.deep.include({
          ticket_id: t1.id,
          ticket_number: t1.number,
          ticket_title: '路灯损坏无人维修',
          department_id: h.dept.id,
          department_name: h.dept.name,
          note: '请于本周内修复并答复',
          automatic: false,
          created_at: bj('2026-12-07T09:00:00').toISOString(),
          created_by: h.users.supervisor.user.id,
          created_by_name: h.users.supervisor.user.display_name,
        });
        expect(automatic).to.include({
          ticket_id: t2.id,
          ticket_number: t2.number,
          ticket_title: '小区垃圾清运不及时',
          department_id: h.dept.id,
          department_name: h.dept.name,
          automatic: true,
          created_by: null,
          created_by_name: null,
          created_at: bj('2026-12-09T09:00:00').toISOString(),
        });
        expect(automatic.note).to.be.a('string').and.not.equal('');
      },
    );

    it('filters by automatic flag and by local day, and pages', async () => {
      const auto = await list(`?department_id=${h.dept.id}&automatic=true`);
      expect(auto.items.map((s: any) => s.ticket_id)).to.deep.equal([t2.id]);
      const manual = await list(`?department_id=${h.dept.id}&automatic=false`);
      expect(manual.items.map((s: any) => s.ticket_id)).to.deep.equal([t1.id]);
      // Monday 09:00 in Beijing is 01:00 UTC: the day is Beijing's.
      const monday = await list(`?department_id=${h.dept.id}&from=2026-12-07&to=2026-12-07`);
      expect(monday.items.map((s: any) => s.ticket_id)).to.deep.equal([t1.id]);
      const later = await list(`?department_id=${h.dept.id}&from=2026-12-08&to=2026-12-31`);
      expect(later.items.map((s: any) => s.ticket_id)).to.deep.equal([t2.id]);
      const page2 = await list(`?department_id=${h.dept.id}&per_page=1&page=2`);
      expect(page2).to.include({ total: 2, page: 2, per_page: 1 });
      expect(page2.items.map((s: any) => s.ticket_id)).to.deep.equal([t1.id]);
      const all = await list('?from=2026-12-07&to=2026-12-09&per_page=100', 'admin');
      expect(all.items.map((s: any) => s.ticket_id)).to.include.members([t1.id, t2.id, t3.id]);
      const times = all.items.map((s: any) => s.created_at);
      expect(times).to.deep.equal([...times].sort().reverse());
    });

    it(
      'shows a handler its own department only, whatever ' + 'it asks for, and refuses operators and strangers',
      async () => {
        const own = await list('', 'handler');
        expect(own.total).to.equal(2);
        expect(own.items.every((s: any) => s.department_id === h.dept.id)).to.equal(true);
        const asked = await list(`?department_id=${h.other.id}`, 'handler');
        expect(asked.items.map((s: any) => s.ticket_id).sort()).to.deep.equal([t1.id, t2.id].sort());
        const other = await list('', 'otherHandler');
        expect(other.items.map((s: any) => s.ticket_id)).to.deep.equal([t3.id]);
        const operator = await h.operator.get('/api/v1/supervisions');
        expect(operator.status).to.equal(403);
        expect(operator.body.error.code).to.equal('FORBIDDEN');
        expect((await (await anonymous()).get('/api/v1/supervisions')).status).to.equal(401);
      },
    );

    it('answers a bad query with 400 and every problem with its path', async () => {
      const res = await h.supervisor.get(
        '/api/v1/supervisions?department_id=x&from=2026-13-01&to=tomorrow&automatic=yes&page=0&per_page=1000&sort=asc',
      );
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: any) => d.path).sort()).to.deep.equal([
        'automatic',
        'department_id',
        'from',
        'page',
        'per_page',
        'sort',
        'to',
      ]);
      const reversed = await h.supervisor.get('/api/v1/supervisions?from=2026-12-09&to=2026-12-01');
      expect(reversed.status).to.equal(400);
      expect(reversed.body.error.details.map((d: any) => d.path)).to.deep.equal(['to']);
    });
  });

  describe('GET /api/v1/reports/departments', () => {
    it(
      "counts each department's supervision orders of the period " +
        'as `supervised`, leaving every other figure as it was',
      async () => {
        // Read after the orders (a report's period ends at today, as the clock has it).
        await h.travel('2026-12-10T09:00:00+08:00');
        const body = await report('?from=2026-12-01&to=2026-12-31');
        expect(rowOf(body, h.dept.id).supervised).to.equal(2);
        expect(rowOf(body, h.other.id).supervised).to.equal(1);
        expect(rowOf(body, h.dept.id).previous.supervised).to.equal(0);
        // The same figures as /stats/departments, the count among them (both read the counters).
        const stats = await ok(h.supervisor.get('/api/v1/stats/departments?from=2026-12-01&to=2026-12-31'));
        const { previous: _p, counts: _c, ...rest } = rowOf(body, h.dept.id);
        expect(rest).to.deep.equal(stats.find((d: any) => d.department_id === h.dept.id));
        const one = await report(`?from=2026-12-01&to=2026-12-31&department_id=${h.dept.id}`);
        expect(one.departments).to.have.length(1);
        expect(one.total.supervised).to.equal(2);
      },
    );

    it(
      'counts by the Beijing day the order was issued, and ' + "carries the count into the next period's previous",
      async () => {
        expect(rowOf(await report('?from=2026-12-07&to=2026-12-08'), h.dept.id).supervised).to.equal(1);
        expect(rowOf(await report('?from=2026-12-09&to=2026-12-09'), h.dept.id).supervised).to.equal(1);
        const before = await report('?from=2026-11-01&to=2026-11-30');
        expect(rowOf(before, h.dept.id)?.supervised ?? 0).to.equal(0);
        const january = await report('?from=2027-01-01&to=2027-01-31');
        expect(rowOf(january, h.dept.id).supervised).to.equal(0);
        expect(rowOf(january, h.dept.id).previous.supervised).to.equal(2);
      },
    );
  });
});
