import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { signedIn } from '../helpers/factories.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import type { Client } from '../helpers/http.ts';

// Figures per level (docs/rules/figures.md "Levels"): a district with two streets and a community under one of
// them; orders dispatched to the district and to a street directly, passed down, replied on time and late. Every
// expected number is counted by hand from the story below, not from the code.
//
//   o1  -> district: signed, passed down to street 1 (signed, replied on time, approved), district replies on time
//   o2  -> district: signed, passed down to street 2 (signed, replied 20 days later, approved), district replies late
//   o3  -> street 1 directly: signed, passed down to the community (signed, replied on time, approved), replied
//   o4  -> street 2 directly: signed 20 days later (late), never replied
//   o5  -> district: signed, replied on time by the district itself
describe('figures per level: a district with and without its streets', () => {
  let h: Hotline;
  const units = {} as Record<'district' | 'street1' | 'street2' | 'community', { id: number; api: Client }>;
  const JUNE = 'from=2032-06-01&to=2032-06-30';

  const at = (moment: string) => h.travel(`${moment}+08:00`);
  const fresh = async () => {
    for (const u of Object.values(units)) u.api = (await signedIn('handler', u.id)).api;
  };
  const dispatchTo = async (unit: { id: number }) => {
    const t = await createTicket(h.operator, { type: 'inquiry' });
    return ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: unit.id }));
  };
  const sign = (api: Client, t: any) => ok(api.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
  const reply = (api: Client, t: any) =>
    ok(api.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution: '已办理并答复市民。' }));
  const passDown = (api: Client, t: any, to: { id: number }) =>
    ok(api.post(`/api/v1/tickets/${t.id}/pass-down`, { version: t.version, department_id: to.id }));
  /** The level passed down to the unit: from the ticket's chain, or the lists of levels (todo and review). */
  const levelOf = async (t: any, unit: { id: number }) => {
    const mine = (l: any) => l.role === 'down' && l.department_id === unit.id && (l.ticket_id ?? t.id) === t.id;
    if (t.levels) return t.levels.find(mine);
    for (const view of ['todo', 'review']) {
      const found = (await ok(h.supervisor.get(`/api/v1/levels?view=${view}&per_page=100`))).items.find(mine);
      if (found) return found;
    }
  };
  const level = async (api: Client, t: any, unit: { id: number }, step: string, body: Record<string, unknown> = {}) =>
    ok(
      api.post(`/api/v1/tickets/${t.id}/levels/${(await levelOf(t, unit)).id}/${step}`, {
        version: t.version,
        ...body,
      }),
    );
  /** Passed down to `to` and signed there. */
  const handledBelow = async (t: any, from: Client, to: (typeof units)['street1']) => {
    t = await passDown(from, t, to);
    t = await level(to.api, t, to, 'sign');
    return t;
  };

  const figures = async (scope: 'own' | 'tree') => {
    const body = await ok(h.supervisor.get(`/api/v1/reports/departments?${JUNE}&scope=${scope}`));
    expect(body.scope).to.equal(scope);
    const of = (u: { id: number }) => body.departments.find((d: any) => d.department_id === u.id);
    return { body, of };
  };
  const pick = (d: any) => ({
    received: d.received,
    signed_timely: d.counts.signed_timely,
    replied: d.counts.replied,
    replied_on_time: d.counts.replied_on_time,
  });

  before(async function () {
    this.timeout(120_000);
    h = await hotline();
    const unit = async (name: string, kind: string, group: string, parent?: { id: number }) => {
      const d = await ok(
        h.admin.post('/api/v1/departments', { name, kind, group, parent_id: parent?.id ?? null }),
        201,
      );
      return { id: d.id as number, api: (await signedIn('handler', d.id)).api };
    };
    units.district = await unit('层级测试区', 'district', '区县');
    units.street1 = await unit('层级一街道', 'street', '街道乡镇', units.district);
    units.street2 = await unit('层级二街道', 'street', '街道乡镇', units.district);
    units.community = await unit('层级社区', 'community', '街道乡镇', units.street1);
  });

  it('counts each unit its own levels, and the district with its units below each order once', async function () {
    this.timeout(60_000);
    const { district: d, street1: s1, street2: s2, community: c } = units;
    await at('2032-06-08T09:00:00');
    await fresh();
    let o1 = await dispatchTo(d);
    let o2 = await dispatchTo(d);
    let o3 = await dispatchTo(s1);
    const o4 = await dispatchTo(s2);
    let o5 = await dispatchTo(d);

    await at('2032-06-08T09:30:00');
    await fresh();
    o1 = await sign(d.api, o1);
    o2 = await sign(d.api, o2);
    o3 = await sign(s1.api, o3);
    o5 = await sign(d.api, o5);
    o1 = await handledBelow(o1, d.api, s1);
    o2 = await handledBelow(o2, d.api, s2);
    o3 = await handledBelow(o3, s1.api, c);

    await at('2032-06-08T15:00:00');
    await fresh();
    o1 = await level(s1.api, o1, s1, 'reply', { reply: '已到现场处理完毕。' });
    o1 = await level(d.api, o1, s1, 'approve');
    await reply(d.api, o1);
    o3 = await level(c.api, o3, c, 'reply', { reply: '社区已上门处理。' });
    o3 = await level(s1.api, o3, c, 'approve');
    await reply(s1.api, o3);
    await reply(d.api, o5);

    await at('2032-06-28T10:00:00');
    await fresh();
    o2 = await level(s2.api, o2, s2, 'reply', { reply: '迟到的处理结果。' });
    o2 = await level(d.api, o2, s2, 'approve');
    await reply(d.api, o2);
    await sign(s2.api, o4);

    const own = await figures('own');
    // Each unit its own assignments: the district's three orders; street 1 the level passed to it and its own
    // order; street 2 the level (replied late) and its own order (signed late, unreplied); the community its level.
    expect(pick(own.of(d))).to.deep.equal({ received: 3, signed_timely: 3, replied: 3, replied_on_time: 2 });
    expect(pick(own.of(s1))).to.deep.equal({ received: 2, signed_timely: 2, replied: 2, replied_on_time: 2 });
    expect(pick(own.of(s2))).to.deep.equal({ received: 2, signed_timely: 1, replied: 1, replied_on_time: 0 });
    expect(pick(own.of(c))).to.deep.equal({ received: 1, signed_timely: 1, replied: 1, replied_on_time: 1 });
    expect(own.of(d)).to.include({ kind: 'district', parent_id: null, depth: 0 });
    expect(own.of(c)).to.include({ kind: 'community', parent_id: s1.id, depth: 2 });
    // Tree order: the district, street 1, its community, street 2.
    const order = own.body.departments
      .map((x: any) => x.department_id)
      .filter((id: number) => [d.id, s1.id, s2.id, c.id].includes(id));
    expect(order).to.deep.equal([d.id, s1.id, c.id, s2.id]);

    const tree = await figures('tree');
    // The district with its units below: five orders entered it (o1, o2, o5 at the district, o3 and o4 at its
    // streets); the three levels passed down inside it are the same orders, not counted again (the own figures
    // added up would say 8). Signed on time: o1, o2, o5, o3 (o4 late); replied: o1, o2, o3, o5; on time: o1, o3, o5.
    expect(pick(tree.of(d))).to.deep.equal({ received: 5, signed_timely: 4, replied: 4, replied_on_time: 3 });
    expect(tree.of(d)).to.include({ sign_timely_rate: 4 / 5, completion_rate: 4 / 5, on_time_rate: 3 / 4 });
    // Street 1 with its community: the level from the district (entered from outside) and o3 (the community's
    // level of o3 stayed inside).
    expect(pick(tree.of(s1))).to.deep.equal({ received: 2, signed_timely: 2, replied: 2, replied_on_time: 2 });
    expect(pick(tree.of(s2))).to.deep.equal(pick(own.of(s2)));
    expect(pick(tree.of(c))).to.deep.equal(pick(own.of(c)));

    // One district asked for alone: the same figures, and a total of that district's tree.
    const alone = await ok(h.supervisor.get(`/api/v1/reports/departments?${JUNE}&scope=tree&department_id=${d.id}`));
    expect(alone.departments).to.have.length(1);
    expect(alone.total).to.include({ received: 5, sign_timely_rate: 4 / 5 });
    // The whole report's total in the tree: the district's and its units' rows would add up to 10; every unit
    // the rows hold, each order once, is the five orders and the ones of the test's own department (none here).
    expect(tree.body.total.received).to.equal(5);
    // The whole city's day counts each order once too (the overview's trend): five orders that day.
    const daily = await ok(h.supervisor.get('/api/v1/stats/daily?from=2032-06-08&to=2032-06-08'));
    expect(daily[0].received).to.equal(5);

    // The export shows the tree: units in tree order, names indented by level, kind and unit above last; with
    // scope=tree a subtotal after the district's units (five orders, not the rows' 3 + 2 + 1 + 2).
    const csv = await fetch(`${h.supervisor.baseUrl}/api/v1/reports/departments.csv?month=2032-06&scope=tree`, {
      headers: { authorization: `Bearer ${h.supervisor.token}` },
    });
    const lines = (await csv.text()).split('\r\n').map((l) => l.split(','));
    const line = (name: string) => lines.findIndex((l) => l[0] === name);
    expect(lines[0]!.slice(-2)).to.deep.equal(['单位类型', '上级单位']);
    expect(lines[line('层级测试区')]!.slice(2, 3)).to.deep.equal(['3']);
    expect(lines[line('层级测试区')]!.slice(-2)).to.deep.equal(['区县', '']);
    expect(lines[line('\u3000层级一街道')]!.slice(-2)).to.deep.equal(['街道/乡镇', '层级测试区']);
    expect(lines[line('\u3000\u3000层级社区')]!.slice(2, 3)).to.deep.equal(['1']);
    const subtotal = line('层级测试区 小计（含下级）');
    expect(lines[subtotal]!.slice(2, 6)).to.deep.equal(['5', '80.0%', '80.0%', '75.0%']);
    // After the district's last unit (street 2), street 1's own subtotal after its community.
    expect(subtotal).to.equal(line('\u3000层级二街道') + 1);
    expect(line('层级一街道 小计（含下级）')).to.equal(line('\u3000\u3000层级社区') + 1);

    // The workbook's sheet of districts: the district's subtotal right after it (its streets have their own sheet).
    const xlsx = await fetch(`${h.supervisor.baseUrl}/api/v1/reports/departments.xlsx?month=2032-06&scope=tree`, {
      headers: { authorization: `Bearer ${h.supervisor.token}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const names = wb.getWorksheet('区县')!.getColumn(1).values;
    const district = names.indexOf('层级测试区');
    expect(names[district + 1]).to.equal('层级测试区 小计（含下级）');
    expect(
      wb
        .getWorksheet('区县')!
        .getRow(district + 1)
        .getCell(3).value,
    ).to.equal(5);

    // The stored counters agree with a recount from the records, levels included.
    expect(await ok(h.admin.get('/api/v1/stats/verify'))).to.deep.equal({ consistent: true, diffs: [] });
  });
});
