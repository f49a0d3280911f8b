// The warnings' life (docs/rules/hot-spots.md "Warnings' life", docs/api.md "Surge warnings"): supervisors acknowledge,
// assign and close surge warnings, each action on the version it saw; the unit assigned is mailed once per
// assignment; the live dashboard carries the warnings not closed and hears of every change.
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, createTicket, type Hotline } from '../helpers/tickets.ts';
import { insertWarning, makeAreas } from '../helpers/hotspots.ts';
import { ownHub, screen } from '../helpers/live.ts';
import { makeDepartment } from '../helpers/factories.ts';
import { clock } from '../../server/lib/clock.ts';
import { localDate, nextDate } from '../../server/lib/calendar.ts';
import type { Services } from '../../server/services.ts';

const API = '/api/v1/hotspots/warnings';

describe('surge warnings: acknowledge, assign, close', () => {
  let h: Hotline;
  let s: Services;
  let areas: Awaited<ReturnType<typeof makeAreas>>;

  before(async () => {
    ({ services: s } = await testApp());
    h = await hotline();
    areas = await makeAreas();
  });
  beforeEach(() => clock.reset());

  // One warning per area, category and first day: each test's own day unless it names one.
  let days = 0;
  const warning = (over: Record<string, unknown> = {}) => {
    const day = nextDate('2031-01-01', days++);
    return insertWarning(s, {
      area_unit_id: areas.street.id,
      category_id: areas.category.id,
      first_day: day,
      last_day: day,
      ...over,
    });
  };
  const row = (id: number) => s.db('surge_warnings').where({ id }).first();
  const audits = (id: number) => s.db('audit_log').where({ target_type: 'surge_warning', target_id: id }).orderBy('id');
  const mails = (id: number) => s.db('outbox').where('dedupe_key', 'like', `surge:assign:${id}:%`).orderBy('id');

  it('lists the warnings not closed, newest first, with area path, category and figures', async () => {
    const older = await warning({ first_day: '2030-03-01', last_day: '2030-03-02' });
    const newer = await warning({ first_day: '2030-03-05', last_day: '2030-03-06', area_unit_id: areas.community.id });
    const closed = await warning({ first_day: '2030-03-03', last_day: '2030-03-03', status: 'closed' });
    const list = await ok(h.supervisor.get(`${API}?month=2030-03&area_unit_id=${areas.district.id}`));
    expect(list.items.map((w: any) => w.id)).to.deep.equal([newer, older]);
    const w = list.items[0];
    expect(w.area).to.deep.equal({
      id: areas.community.id,
      name: areas.community.name,
      path: [areas.district.name, areas.street.name, areas.community.name],
    });
    expect(w).to.deep.include({
      category: { id: areas.category.id, name: areas.category.name },
      first_day: '2030-03-05',
      last_day: '2030-03-06',
      count: 12,
      peak: 12,
      baseline: 1.5,
      control_limit: 7,
      status: 'open',
      assigned_unit: null,
      version: 1,
    });
    const closedOnes = await ok(h.admin.get(`${API}?status=closed&month=2030-03&area_unit_id=${areas.district.id}`));
    expect(closedOnes.items.map((x: any) => x.id)).to.deep.equal([closed]);
    // Another street's area: none of these.
    const other = await ok(h.supervisor.get(`${API}?status=active&area_unit_id=${areas.otherStreet.id}`));
    expect(other.items).to.deep.equal([]);
    const bad = await h.supervisor.get(`${API}?status=gone&month=2030-13`);
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.map((d: any) => d.path).sort()).to.deep.equal(['month', 'status']);
  });

  it('opens a warning with the orders of its area and the units below, its category and its days', async () => {
    const today = localDate(clock.now());
    const inStreet = await createTicket(h.operator, { area_unit_id: areas.street.id, category_id: areas.category.id });
    const inCommunity = await createTicket(h.operator, {
      area_unit_id: areas.community.id,
      category_id: areas.category.id,
    });
    await createTicket(h.operator, { area_unit_id: areas.otherStreet.id, category_id: areas.category.id });
    await createTicket(h.operator, { area_unit_id: areas.street.id });
    const id = await warning({ first_day: today, last_day: today });
    const w = await ok(h.supervisor.get(`${API}/${id}`));
    expect(w.orders.map((o: any) => o.id)).to.deep.equal([inStreet.id, inCommunity.id]);
    expect(Object.keys(w.orders[0]).sort()).to.deep.equal(['created_at', 'id', 'number', 'status', 'title']);
    expect(w.orders[0]).to.deep.include({ number: inStreet.number, status: 'received' });
    expect((await h.supervisor.get(`${API}/999999999`)).status).to.equal(404);
  });

  it('goes open -> acknowledged -> assigned -> closed, each step audited with who and when', async () => {
    const id = await warning();
    const acked = await ok(h.supervisor.post(`${API}/${id}/acknowledge`, { version: 1 }));
    expect(acked).to.deep.include({ status: 'acknowledged', version: 2 });
    expect(acked.acknowledged.by_name).to.equal(h.users.supervisor.user.display_name);
    const unit = await makeDepartment();
    const assigned = await ok(
      h.supervisor.post(`${API}/${id}/assign`, { version: 2, department_id: unit.id, note: '请排查供热管网' }),
    );
    expect(assigned).to.deep.include({ status: 'assigned', version: 3, assign_note: '请排查供热管网' });
    expect(assigned.assigned_unit).to.deep.equal({ id: unit.id, name: unit.name });
    const closed = await ok(h.admin.post(`${API}/${id}/close`, { version: 3, resolution: '已协调热力公司抢修' }));
    expect(closed).to.deep.include({ status: 'closed', version: 4, resolution: '已协调热力公司抢修' });
    expect(closed.closed.by_name).to.equal(h.users.admin.user.display_name);
    expect(Math.abs(Date.parse(closed.closed.at) - clock.now().getTime())).to.be.below(5000);
    expect((await audits(id)).map((a: any) => a.action)).to.deep.equal([
      'surge_acknowledge',
      'surge_assign',
      'surge_close',
    ]);
    // Closed is final.
    const again = await h.supervisor.post(`${API}/${id}/close`, { version: 4, resolution: '再次办结' });
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'INVALID_TRANSITION']);
  });

  it('skips acknowledging, re-assigns, and refuses acknowledging an assigned one', async () => {
    const id = await warning();
    const [a, b] = [await makeDepartment(), await makeDepartment()];
    await ok(h.supervisor.post(`${API}/${id}/assign`, { version: 1, department_id: a.id }));
    const ack = await h.supervisor.post(`${API}/${id}/acknowledge`, { version: 2 });
    expect([ack.status, ack.body.error.code]).to.deep.equal([409, 'INVALID_TRANSITION']);
    expect(ack.body.error.key).to.equal('surge.badTransition');
    const re = await ok(h.supervisor.post(`${API}/${id}/assign`, { version: 2, department_id: b.id, note: '改派' }));
    expect(re.assigned_unit.id).to.equal(b.id);
    expect((await row(id)).version).to.equal(3);
  });

  it('mails the unit and its head once per assignment', async () => {
    const id = await warning();
    const unit = await makeDepartment();
    await ok(h.supervisor.post(`${API}/${id}/assign`, { version: 1, department_id: unit.id, note: '请核查' }));
    const sent = await mails(id);
    expect(sent.map((m: any) => m.recipient).sort()).to.deep.equal([unit.email, unit.head_email].sort());
    expect(sent[0].subject).to.include(areas.category.name);
    expect(sent[0].body).to.include(areas.street.name).and.include('请核查');
    // A repeated post of the same version is refused and mails nobody.
    const repeat = await h.supervisor.post(`${API}/${id}/assign`, { version: 1, department_id: unit.id });
    expect(repeat.status).to.equal(409);
    expect(await mails(id)).to.have.length(2);
    await ok(h.supervisor.post(`${API}/${id}/assign`, { version: 2, department_id: unit.id }));
    expect(await mails(id)).to.have.length(4);
  });

  it('answers a stale version 409 VERSION_CONFLICT and stores nothing', async () => {
    const id = await warning();
    await ok(h.supervisor.post(`${API}/${id}/acknowledge`, { version: 1 }));
    const stale = await h.admin.post(`${API}/${id}/close`, { version: 1, resolution: '办结' });
    expect([stale.status, stale.body.error.code]).to.deep.equal([409, 'VERSION_CONFLICT']);
    expect(await row(id)).to.deep.include({ status: 'acknowledged', version: 2, resolution: null });
  });

  it('lets one of two concurrent actions win; the other is a 409', async () => {
    const id = await warning();
    const unit = await makeDepartment();
    const answers = await Promise.all([
      h.supervisor.post(`${API}/${id}/close`, { version: 1, resolution: '已处置' }),
      h.admin.post(`${API}/${id}/assign`, { version: 1, department_id: unit.id }),
      h.supervisor.post(`${API}/${id}/acknowledge`, { version: 1 }),
    ]);
    expect(answers.map((r) => r.status).sort()).to.deep.equal([200, 409, 409]);
    expect(answers.filter((r) => r.status === 409).map((r) => r.body.error.code)).to.deep.equal([
      'VERSION_CONFLICT',
      'VERSION_CONFLICT',
    ]);
    expect((await row(id)).version).to.equal(2);
    expect(await audits(id)).to.have.length(1);
  });

  it('refuses bad input with 400 at each field and stores nothing', async () => {
    const id = await warning();
    const none = await h.supervisor.post(`${API}/${id}/close`, { version: 1, resolution: '  ' });
    expect(none.status).to.equal(400);
    expect(none.body.error.details.map((d: any) => d.path)).to.deep.equal(['resolution']);
    const long = await h.supervisor.post(`${API}/${id}/close`, { version: 1, resolution: '长'.repeat(2001) });
    expect(long.body.error.details.map((d: any) => d.path)).to.deep.equal(['resolution']);
    const noVersion = await h.supervisor.post(`${API}/${id}/acknowledge`, {});
    expect(noVersion.body.error.details.map((d: any) => d.path)).to.deep.equal(['version']);
    const unknown = await h.supervisor.post(`${API}/${id}/assign`, { version: 1, department_id: 999999999 });
    expect([unknown.status, unknown.body.error.details.map((d: any) => d.path)]).to.deep.equal([
      400,
      ['department_id'],
    ]);
    const inactive = await makeDepartment();
    await s.departments.update(inactive.id, { active: false });
    const off = await h.supervisor.post(`${API}/${id}/assign`, { version: 1, department_id: inactive.id });
    expect([off.status, off.body.error.details[0].path]).to.deep.equal([400, 'department_id']);
    expect(await row(id)).to.deep.include({ status: 'open', version: 1, assigned_unit_id: null });
    expect(await audits(id)).to.deep.equal([]);
    expect(await mails(id)).to.deep.equal([]);
  });

  it('refuses handlers and operators (403) and changes nothing', async () => {
    const id = await warning();
    for (const api of [h.handler, h.operator]) {
      expect((await api.get(API)).status).to.equal(403);
      expect((await api.post(`${API}/${id}/acknowledge`, { version: 1 })).status).to.equal(403);
    }
    expect(await row(id)).to.deep.include({ status: 'open', version: 1 });
  });

  it('puts the warnings not closed on the dashboard, and pushes the picture again when one changes', async () => {
    // A day after every other test's warnings: this one heads the panel.
    const day = '2089-12-31';
    const before = (await ok(h.supervisor.get('/api/v1/dashboard'))).surges.open;
    const id = await warning({ first_day: day, last_day: day, count: 31, baseline: 2.25 });
    const picture = (await ok(h.supervisor.get('/api/v1/dashboard'))).surges;
    expect(picture.open).to.equal(before + 1);
    expect(picture.items.length).to.be.at.most(6);
    expect(picture.items[0]).to.deep.equal({
      id,
      area: [areas.district.name, areas.street.name],
      category: areas.category.name,
      count: 31,
      baseline: 2.25,
      status: 'open',
      first_day: day,
    });
    // A screen open on a hub that never polls: only the action's bus message can bring the new status.
    const display = (await ok(h.admin.post('/api/v1/display-links', { name: '热点预警大屏' }), 201)).token;
    const own = await ownHub({ pollMs: 3_600_000 });
    const sc = screen(`${own.url}?display=${display}`);
    try {
      await sc.next((m) => m.data?.surges?.items?.[0]?.id === id);
      await ok(h.supervisor.post(`${API}/${id}/acknowledge`, { version: 1 }));
      const moved = await sc.next((m) => m.data?.surges?.items?.[0]?.status === 'acknowledged', 5000);
      expect(moved.data.surges.items[0].id).to.equal(id);
      await ok(h.supervisor.post(`${API}/${id}/close`, { version: 2, resolution: '已处置' }));
      const gone = await sc.next((m) => m.data?.surges && !m.data.surges.items.some((w: any) => w.id === id), 5000);
      expect(gone.data.surges.open).to.equal(before);
    } finally {
      sc.ws.close();
      await own.close();
    }
  });
});
