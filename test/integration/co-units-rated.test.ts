import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { makeDepartment, signedIn, signIn } from '../helpers/factories.ts';
import { anonymous } from '../helpers/reviews.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import type { Client } from '../helpers/http.ts';

// CO_UNITS_RATED (docs/rules/figures.md "Co-units' satisfaction"): off, a co-unit (会办) is scored on timeliness
// only; on, the resident's rating of the order counts in the satisfaction of every co-unit that took part, never
// as the co-unit's bad review, and an upheld appeal takes it out for the lead and the co-units alike.
describe('co-units rated with the order (CO_UNITS_RATED)', () => {
  let h: Hotline;
  let co: Unit;
  const services = async () => (await testApp()).services;

  before(async function () {
    this.timeout(120_000); // the first suite of a run starts the service and migrates its database
    h = await hotline();
    const dept = await makeDepartment();
    co = { id: dept.id, ...(await signedIn('handler', dept.id)) };
  });

  type Unit = { id: number; user: { username: string }; api: Client };
  /**
   * An order led by `lead` (h.dept unless given) with `coUnit` as co-unit (`co` unless given, none when null), which
   * replies; the lead answers and the resident rates it through the order's link.
   */
  const orderRated = async (when: string, score: number, lead?: Unit, coUnit: Unit | null = co) => {
    await h.travel(when);
    const leadApi = lead ? (lead.api = await signIn(lead.user.username)) : h.handler;
    if (coUnit) coUnit.api = await signIn(coUnit.user.username);
    const t = await createTicket(h.operator, { type: 'help' });
    await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, {
        version: t.version,
        department_id: lead?.id ?? h.dept.id,
        ...(coUnit ? { co_department_ids: [coUnit.id] } : {}),
      }),
    );
    let d = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
    let v = d.version;
    const level = d.levels.find((l: { role: string }) => l.role === 'co');
    if (coUnit) {
      const at = `/api/v1/tickets/${t.id}/levels/${level.id}`;
      v = (await ok(coUnit.api.post(`${at}/sign`, { version: v }))).version;
      v = (await ok(coUnit.api.post(`${at}/reply`, { version: v, reply: '已配合核查。' }))).version;
    }
    v = (await ok(leadApi.post(`/api/v1/tickets/${t.id}/sign`, { version: v }))).version;
    d = await ok(leadApi.post(`/api/v1/tickets/${t.id}/reply`, { version: v, resolution: '已处理。' }));
    const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
    const body = { token, score, ...(score <= 2 ? { reason: '处理不彻底' } : {}) };
    const rating = await ok((await anonymous()).post('/api/v1/public/ratings', body), 201);
    return { ticket: d, rating };
  };
  /** A department's figures over one local day. */
  const figuresOf = async (departmentId: number, day: string) => {
    const rows = await ok(h.supervisor.get(`/api/v1/stats/departments?from=${day}&to=${day}`));
    return rows.find((r: { department_id: number }) => r.department_id === departmentId);
  };
  const cityOn = async (day: string) => (await ok(h.supervisor.get(`/api/v1/stats/daily?from=${day}&to=${day}`)))[0];
  const consistent = async () => expect(await (await services()).figures.verify()).to.deep.equal([]);

  it('off (the default): the co-unit’s satisfaction stays — after the order is rated', async () => {
    expect((await services()).config.coHandling.unitsRated).to.equal(false);
    await orderRated('2032-04-05T09:00:00+08:00', 5);
    expect(await figuresOf(h.dept.id, '2032-04-05')).to.include({ satisfaction_rate: 1 });
    const mine = await figuresOf(co.id, '2032-04-05');
    expect(mine).to.include({ received: 1, completion_rate: 1, satisfaction_rate: null });
    await consistent();
  });

  it('on: the rating counts for the co-unit, not as its bad review; an upheld appeal removes it for both', async () => {
    const config = (await services()).config;
    config.coHandling.unitsRated = true;
    try {
      const day = '2032-04-06';
      const good = await orderRated(`${day}T09:00:00+08:00`, 4);
      expect(await figuresOf(co.id, day)).to.include({ satisfaction_rate: 1 });
      const { rating } = await orderRated(`${day}T10:00:00+08:00`, 1);
      expect(await figuresOf(h.dept.id, day)).to.include({ satisfaction_rate: 1 / 2 });
      // The bad review is the lead's to put right: the co-unit's satisfaction counts it, its rectification does not.
      expect(await figuresOf(co.id, day)).to.include({ satisfaction_rate: 1 / 2, rectification_rate: null });
      // The whole city counts the resident's rating once, at the lead's: two ratings, not four.
      expect((await cityOn(day)).counts).to.include({ ratings: 2, ratings_good: 1 });
      await consistent();

      // Nothing the co-unit reads ties the rating to the resident or names it: the lead's rating list is the lead's.
      const list = await ok(co.api.get('/api/v1/ratings'));
      expect(list.items.map((r: { id: number }) => r.id)).to.not.include(rating.id);
      expect(JSON.stringify(await ok(co.api.get(`/api/v1/tickets/${good.ticket.id}`)))).to.not.include('rating_id');

      await ok(h.handler.post(`/api/v1/ratings/${rating.id}/appeal`, { reason: '居民反映的问题不属本单位职责' }), 201);
      await ok(h.supervisor.post(`/api/v1/ratings/${rating.id}/appeal/decision`, { uphold: true, note: '经核实' }));
      expect(await figuresOf(h.dept.id, day)).to.include({ satisfaction_rate: 1 });
      expect(await figuresOf(co.id, day)).to.include({ satisfaction_rate: 1 });
      expect((await cityOn(day)).counts).to.include({ ratings: 1, ratings_good: 1 });
      await consistent();
    } finally {
      config.coHandling.unitsRated = false;
    }
  });

  it('counts the rating once in a tree holding the lead and its co-unit, and at the co-unit in its own', async () => {
    const unit = async (name: string, kind: string, parent: { id: number } | null) => {
      const body = { name, kind, group: '区县', parent_id: parent?.id ?? null };
      const d = await ok(h.admin.post('/api/v1/departments', body), 201);
      return { id: d.id as number, ...(await signedIn('handler', d.id)) };
    };
    const district = await unit('会办评价区', 'district', null);
    const street = await unit('会办评价街道', 'street', district);
    const config = (await services()).config;
    config.coHandling.unitsRated = true;
    try {
      const day = '2032-04-07';
      await orderRated(`${day}T09:00:00+08:00`, 5, district, null);
      await orderRated(`${day}T10:00:00+08:00`, 1, district, street);
      const tree = async (id: number) =>
        (await ok(h.supervisor.get(`/api/v1/stats/departments?from=${day}&to=${day}&scope=tree`))).find(
          (r: { department_id: number }) => r.department_id === id,
        );
      // The district's tree: its two ratings (5 and 1), not the street's share of the second again.
      expect(await tree(district.id)).to.include({ satisfaction_rate: 1 / 2 });
      expect(await tree(street.id)).to.include({ satisfaction_rate: 0 });
      expect(await figuresOf(street.id, day)).to.include({ satisfaction_rate: 0 });
      await consistent();
    } finally {
      config.coHandling.unitsRated = false;
    }
  });

  it('counts a callback’s rating for a co-unit that never answered (its level closed with the order)', async () => {
    const config = (await services()).config;
    config.coHandling.unitsRated = true;
    try {
      const day = '2032-04-08';
      await h.travel(`${day}T09:00:00+08:00`);
      const t = await createTicket(h.operator, { type: 'help' });
      const body = { version: t.version, department_id: h.dept.id, co_department_ids: [co.id] };
      let v = (await ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, body))).version;
      v = (await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: v }))).version;
      const reply = { version: v, resolution: '已处理。', co_pending_reason: '协办单位未及时答复' };
      v = (await ok(h.handler.post(`/api/v1/tickets/${t.id}/reply`, reply))).version;
      const callback = { version: v, contacted: true, solved: 'yes', score: 5 };
      expect((await ok(h.operator.post(`/api/v1/tickets/${t.id}/callback`, callback))).status).to.equal('closed');
      expect(await figuresOf(co.id, day)).to.include({ received: 1, completion_rate: 0, satisfaction_rate: 1 });
      await consistent();
    } finally {
      config.coHandling.unitsRated = false;
    }
  });

  it('keeps what was counted when the flag is turned off again: the counters and the recount agree', async () => {
    // The co-units are fixed when the order is rated, so a later change of the flag moves no figure of the past.
    expect(await figuresOf(co.id, '2032-04-06')).to.include({ satisfaction_rate: 1 });
    expect(await figuresOf(co.id, '2032-04-05')).to.include({ satisfaction_rate: null });
    await consistent();
  });
});
