// Location on every order (docs/rules/intake.md "Location"): the area picked by the operator (an active district,
// street or community, else 400 at area_unit_id), or recognised from the address (the deepest territorial unit
// named in it; two at that depth leave it unknown), and the map point, from the operator or from Open311.
import { expect } from 'chai';
import { ticketInput, uniq } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';
import { withTransaction } from '../../server/lib/db.ts';
import type { Actor } from '../../server/domain/users/actor.ts';
import { forgetUnitTree } from '../../server/domain/departments/unit-tree.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { issueKey, makeService, submitted, ticketOf } from '../helpers/open311.ts';

describe('location on every order (area and map point)', () => {
  let h: Hotline;
  const u: Record<string, { id: number; name: string }> = {};
  const unit = async (key: string, kind: string, group: string, parent?: { id: number }) => {
    const name = uniq(key);
    const d = await ok(h.admin.post('/api/v1/departments', { name, kind, group, parent_id: parent?.id ?? null }), 201);
    u[key] = { id: d.id, name };
  };
  const read = (id: number) => ok(h.operator.get(`/api/v1/tickets/${id}`));

  before(async () => {
    h = await hotline();
    await unit('位置区', 'district', '区县');
    await unit('位置街道', 'street', '街道乡镇', u['位置区']);
    await unit('位置社区', 'community', '社区村', u['位置街道']);
    await unit('另一街道', 'street', '街道乡镇', u['位置区']);
  });

  it('keeps the area the operator picked, with its path, and the map point', async () => {
    const t = await createTicket(h.operator, { area_unit_id: u['位置街道'].id, lat: 39.915123, lng: 116.404321 });
    const view = await read(t.id);
    expect(view.area).to.deep.equal({
      id: u['位置街道'].id,
      name: u['位置街道'].name,
      path: [u['位置区'].name, u['位置街道'].name],
    });
    expect([view.lat, view.lng]).to.deep.equal([39.915123, 116.404321]);
  });

  it('refuses an area that is not an active territorial unit, and half a point, storing nothing', async () => {
    const count = async () => (await ok(h.operator.get('/api/v1/tickets?per_page=1'))).total;
    const before = await count();
    const inactive = uniq('停用社区');
    const gone = await ok(
      h.admin.post('/api/v1/departments', {
        name: inactive,
        kind: 'community',
        group: '社区村',
        parent_id: u['另一街道'].id,
      }),
      201,
    );
    await ok(h.admin.patch(`/api/v1/departments/${gone.id}`, { active: false }));
    for (const area of [h.dept.id, gone.id, 999_999]) {
      const res = await h.operator.post('/api/v1/tickets', { ...body(), area_unit_id: area });
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['area_unit_id']);
    }
    const half = await h.operator.post('/api/v1/tickets', { ...body(), lat: 39.9 });
    expect(half.status).to.equal(400);
    expect(half.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['lng']);
    const far = await h.operator.post('/api/v1/tickets', { ...body(), lat: 91, lng: 0 });
    expect(far.status).to.equal(400);
    expect(await count()).to.equal(before);
  });

  it('recognises the deepest unit named in the address when none is picked', async () => {
    const { 位置区: d, 位置街道: s, 位置社区: c } = u;
    const deepest = await createTicket(h.operator, { address: `北京市${d.name}${s.name}${c.name}3号楼` });
    expect((await read(deepest.id)).area.id).to.equal(c.id);
    const street = await createTicket(h.operator, { address: `${d.name}${s.name}南竹竿胡同22号` });
    expect((await read(street.id)).area.id).to.equal(s.id);
    const none = await createTicket(h.operator, { address: '无名路1号' });
    expect((await read(none.id)).area).to.equal(null);
  });

  it('leaves the area unknown when two units at the same depth are named', async () => {
    const both = await createTicket(h.operator, { address: `${u['位置街道'].name}与${u['另一街道'].name}交界处` });
    expect((await read(both.id)).area).to.equal(null);
  });

  it("stores an Open311 request's point as the order's map point", async () => {
    const key = (await issueKey(h)).key;
    const service = await makeService(h);
    const number = await submitted(key, { service_code: String(service.id), lat: '39.9042', long: '116.4074' });
    const t = await ticketOf(h, number);
    expect([t.lat, t.lng]).to.deep.equal([39.9042, 116.4074]);
  });

  // SQLite has one connection, held by the transaction: reading the tree outside it would wait forever.
  it("recognises the area inside a caller's transaction when the unit tree is not cached", async () => {
    const { services } = await testApp();
    const operator: Actor = { id: h.users.operator.user.id, role: 'operator', department_id: null };
    forgetUnitTree(services.db);
    const created = await withTransaction(services.db, (trx) =>
      services.tickets.create(
        operator,
        ticketInput({ address: `${u['位置社区'].name}3号楼`, confidential: false }) as never,
        undefined,
        {
          via: 'test',
        },
        trx,
      ),
    );
    expect((await read(created.ticket.id)).area.id).to.equal(u['位置社区'].id);
  });
});

const body = () => ({
  channel: 'phone',
  type: 'complaint',
  title: '路灯不亮',
  description: '小区门口路灯坏了',
});
