// Access follows the tree of units (docs/rules/access.md "Units", docs/rules/units.md): a district's handler reads
// the orders of its streets and communities, in its lists and one by one; a street never reads another street's; a
// community's orders are read by its street and its district. Acting on an order stays with the unit holding it: a
// district reads its street's order but does not sign or reply for it.
import { expect } from 'chai';
import { signedIn, uniq } from '../helpers/factories.ts';
import type { Client } from '../helpers/http.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, ok } from '../helpers/tickets.ts';
import { ownHub, screen } from '../helpers/live.ts';

const API = '/api/v1';

describe('Access follows the tree of units', () => {
  let operator: Client;
  let supervisor: Client;
  const handlers: Record<string, Client> = {};
  const units: Record<string, { id: number }> = {};
  const orders: Record<string, { id: number; version: number }> = {};

  /** The ids of the orders the reader's inbox lists (all of this file's units, newest first). */
  async function listed(reader: Client, query = ''): Promise<number[]> {
    const body = await ok(reader.get(`${API}/tickets?per_page=100${query}`));
    return (body.items as { id: number }[]).map((t) => t.id);
  }
  const idsOf = (...keys: string[]) => keys.map((k) => orders[k].id);

  before(async () => {
    const { services } = await testApp();
    const unit = (kind: string, group: string, parent?: { id: number }) =>
      services.departments.create({
        name: uniq(kind),
        group,
        kind: kind as 'district',
        ...(parent ? { parent_id: parent.id } : {}),
      });
    // 区 → two streets → a community under the first; another district apart.
    units.district = await unit('district', '区县');
    units.streetA = await unit('street', '街道乡镇', units.district);
    units.streetB = await unit('street', '街道乡镇', units.district);
    units.community = await unit('community', '社区村', units.streetA);
    units.otherDistrict = await unit('district', '区县');
    operator = (await signedIn('operator')).api;
    supervisor = (await signedIn('supervisor')).api;
    for (const key of Object.keys(units)) handlers[key] = (await signedIn('handler', units[key].id)).api;
    // The hotline dispatches one order straight to each unit.
    for (const key of Object.keys(units)) {
      const t = await createTicket(operator, { title: `${key} 的工单` });
      orders[key] = await ok(
        operator.post(`${API}/tickets/${t.id}/dispatch`, { version: t.version, department_id: units[key].id }),
      );
    }
  });

  it("lists a district's own, its streets' and community's orders in its inbox, not another district's", async () => {
    const seen = await listed(handlers.district);
    expect(seen).to.include.members(idsOf('district', 'streetA', 'streetB', 'community'));
    expect(seen).not.to.include(orders.otherDistrict.id);
    // Narrowed to one street of its own on asking; another district's unit is not narrowed to.
    expect(await listed(handlers.district, `&department_id=${units.streetA.id}`)).to.deep.equal(idsOf('streetA'));
    const asked = await listed(handlers.district, `&department_id=${units.otherDistrict.id}`);
    expect(asked).not.to.include(orders.otherDistrict.id);
  });

  it("lets a district read each of its streets' and communities' orders", async () => {
    for (const key of ['streetA', 'streetB', 'community']) {
      const t = await ok(handlers.district.get(`${API}/tickets/${orders[key].id}`));
      expect(t.department_id, key).to.equal(units[key].id);
    }
    expect((await handlers.district.get(`${API}/tickets/${orders.otherDistrict.id}`)).status).to.equal(403);
  });

  it("never shows a street another street's order, in its list or one by one", async () => {
    expect(await listed(handlers.streetA)).to.include.members(idsOf('streetA', 'community'));
    const a = await listed(handlers.streetA);
    for (const key of ['streetB', 'district', 'otherDistrict']) expect(a, key).not.to.include(orders[key].id);
    expect(await listed(handlers.streetB)).to.deep.equal(idsOf('streetB'));
    // Asking for the other street's list gives its own.
    expect(await listed(handlers.streetB, `&department_id=${units.streetA.id}`)).to.deep.equal(idsOf('streetB'));
    const res = await handlers.streetB.get(`${API}/tickets/${orders.streetA.id}`);
    expect([res.status, res.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    expect((await handlers.streetB.get(`${API}/tickets/${orders.community.id}`)).status).to.equal(403);
    // A street does not read its district's order either: the tree is read downwards only.
    expect((await handlers.streetA.get(`${API}/tickets/${orders.district.id}`)).status).to.equal(403);
  });

  it("shows a community's order to its street and its district, and the community only its own", async () => {
    expect((await handlers.streetA.get(`${API}/tickets/${orders.community.id}`)).status).to.equal(200);
    expect((await handlers.district.get(`${API}/tickets/${orders.community.id}`)).status).to.equal(200);
    expect(await listed(handlers.community)).to.deep.equal(idsOf('community'));
    expect((await handlers.community.get(`${API}/tickets/${orders.streetA.id}`)).status).to.equal(403);
  });

  it("lets only the unit holding an order act: a district reads its street's order, does not sign it", async () => {
    const order = orders.streetA;
    const view = await ok(handlers.district.get(`${API}/tickets/${order.id}`));
    expect(view.allowed_actions).not.to.include('sign');
    const refused = await handlers.district.post(`${API}/tickets/${order.id}/sign`, { version: order.version });
    expect([refused.status, refused.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    expect((await handlers.district.post(`${API}/tickets/${order.id}/reveal-phone`, {})).status).to.equal(403);
    // Nothing moved: the street signs its own order at the version it had.
    expect((await ok(handlers.streetA.get(`${API}/tickets/${order.id}`))).allowed_actions).to.include('sign');
    const signed = await ok(handlers.streetA.post(`${API}/tickets/${order.id}/sign`, { version: order.version }));
    expect(signed.status).to.equal('accepted');
    orders.streetA = signed;
    const reply = await handlers.district.post(`${API}/tickets/${order.id}/reply`, {
      version: signed.version,
      resolution: '已处理。',
    });
    expect(reply.status).to.equal(403);
  });

  it("lists a street's supervised orders to its district as well", async () => {
    const order = orders.streetB;
    await ok(supervisor.post(`${API}/tickets/${order.id}/supervise`, { version: order.version, note: '请尽快处理' }));
    const items = (await ok(handlers.district.get(`${API}/supervisions?per_page=100`))).items as {
      ticket_id: number;
    }[];
    expect(items.map((s) => s.ticket_id)).to.include(order.id);
    const other = (await ok(handlers.streetA.get(`${API}/supervisions?per_page=100`))).items as {
      ticket_id: number;
    }[];
    expect(other.map((s) => s.ticket_id)).not.to.include(order.id);
  });

  it("tells a district's live inbox of its streets' orders, and a street's of its own only", async () => {
    // A hub of the test's own that looks at its screens again every 100 ms, so a tree change reaches open inboxes.
    const live = await ownHub({ recheckMs: 100 });
    const feed = (c: Client) => screen(`${live.url}?feed=inbox`, { authorization: `Bearer ${c.token}` });
    const district = feed(handlers.district);
    const streetB = feed(handlers.streetB);
    const dispatch = async (departmentId: number) => {
      const t = await createTicket(operator);
      await ok(operator.post(`${API}/tickets/${t.id}/dispatch`, { version: t.version, department_id: departmentId }));
      return t.id as number;
    };
    try {
      await Promise.all([district.opened, streetB.opened]);
      await district.next((m) => m.action === 'welcome');
      const toStreetA = await dispatch(units.streetA.id);
      await district.next((m) => m.ticket_id === toStreetA && m.action === 'dispatch');
      // A street made under the district while its inbox is open is heard of once the hub has looked again (each
      // look within 100 ms): an order dispatched to it after that reaches the district's inbox.
      const { services } = await testApp();
      const added = await services.departments.create({
        name: uniq('street'),
        group: '街道乡镇',
        kind: 'street',
        parent_id: units.district.id,
      });
      let heard = null;
      for (let attempt = 0; attempt < 30 && !heard; attempt++) {
        const id = await dispatch(added.id);
        heard = await district.next((m) => m.ticket_id === id, 500).catch(() => null);
      }
      expect(heard).to.include({ type: 'inbox', action: 'dispatch' });
      expect(streetB.messages.filter((m) => m.ticket_id === toStreetA)).to.deep.equal([]);
    } finally {
      district.ws.close();
      streetB.ws.close();
      await live.close();
    }
  });

  it("widens a district's reach to a street made under it, at its next request", async () => {
    const { services } = await testApp();
    const street = await services.departments.create({
      name: uniq('street'),
      group: '街道乡镇',
      kind: 'street',
      parent_id: units.district.id,
    });
    const t = await createTicket(operator);
    const order = await ok(
      operator.post(`${API}/tickets/${t.id}/dispatch`, { version: t.version, department_id: street.id }),
    );
    expect(await listed(handlers.district)).to.include(order.id);
    expect((await handlers.district.get(`${API}/tickets/${order.id}`)).status).to.equal(200);
  });
});
