// The bulletin's monthly analysis (每月热点分析, docs/rules/hot-spots.md "Monthly analysis"): hot issues by area and
// category from area_daily_counts against the same days of the month before, the month's repeat demands by rule
// with how many are handled, and the surge warnings overlapping the month with what was done. July 2039, on the
// 20th: no other suite works in it.
import { expect } from 'chai';
import type { Services } from '../../server/services.ts';
import { isMysql } from '../../server/lib/db.ts';
import { newPhone } from '../helpers/calls.ts';
import { makeCategory } from '../helpers/factories.ts';
import { insertWarning, makeAreas, writeDayCounts } from '../helpers/hotspots.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';

type Areas = Awaited<ReturnType<typeof makeAreas>>;

describe('the bulletin: monthly analysis (每月热点分析)', () => {
  let h: Hotline;
  let s: Services;
  let a: Areas;
  let cat2: { id: number; name: string };
  const warnings: Record<string, number> = {};
  // What the surge job writes: each order counts on its Beijing day in its area and every area above it, for its
  // category and for category 0.
  const counts = new Map<string, number>();

  const order = async (at: string, area: number, category: number | null, over: Record<string, unknown> = {}) => {
    await h.travel(at);
    const input = { area_unit_id: area, category_id: category, caller_phone: newPhone(), ...over };
    const t = over.reply ? await replied(h, { ...input, reply: undefined }) : await createTicket(h.operator, input);
    const up = { [a.community.id]: [a.community.id, a.street.id], [a.street.id]: [a.street.id] }[area] ?? [area];
    for (const unit of [...up, a.district.id])
      for (const c of category === null ? [0] : [0, category]) {
        const key = `${unit}|${c}|${at.slice(0, 10)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    return t;
  };

  before(async () => {
    s = (await testApp()).services;
    h = await hotline();
    a = await makeAreas();
    cat2 = await makeCategory(a.district.id);
    const phone = newPhone();
    // June: one order of the community in the compared days (1st-20th), one after them (not compared).
    await order('2039-06-05T10:00:00+08:00', a.community.id, a.category.id, { address: '东四北大街12号' });
    await order('2039-06-25T10:00:00+08:00', a.community.id, a.category.id, { address: '东四北大街14号' });
    // July: four of the community's category, the third of one number flagged (phone) and answered...
    await order('2039-07-02T09:00:00+08:00', a.community.id, a.category.id, {
      caller_phone: phone,
      address: '朝阳门内大街200号',
    });
    await order('2039-07-03T09:00:00+08:00', a.community.id, a.category.id, {
      caller_phone: phone,
      address: '建国门外大街1号',
    });
    await order('2039-07-04T09:00:00+08:00', a.community.id, a.category.id, {
      caller_phone: phone,
      address: '西单北大街50号',
      reply: true,
    });
    await order('2039-07-04T11:00:00+08:00', a.community.id, a.category.id, { address: '王府井大街88号' });
    // ... three of one place of the other street and the second category, the third flagged (place) ...
    for (const day of ['07-10', '07-11', '07-12'])
      await order(`2039-${day}T15:00:00+08:00`, a.otherStreet.id, cat2.id, { address: '测试区幸福路88号' });
    // ... one uncategorised order of the street, and one on the 21st (after today: not yet).
    await order('2039-07-15T15:00:00+08:00', a.street.id, null, { address: '安定门外大街9号' });
    await writeDayCounts(
      s.db,
      [...counts].map(([key, count]) => {
        const [area_unit_id, category_id, day] = key.split('|');
        return { area_unit_id: Number(area_unit_id), category_id: Number(category_id), day: day!, count };
      }),
    );
    // The job counted every day of July to today and none of June.
    await s.db('hotspot_days').insert(
      Array.from({ length: 20 }, (_, i) => ({
        day: `2039-07-${String(i + 1).padStart(2, '0')}`,
        finalized: i < 19,
        scanned_at: '2039-07-20 02:00:00.000',
      })),
    );
    // Surges: one closed with what was done, one still open, one from June into July, one of June only.
    warnings.closed = await insertWarning(s, {
      area_unit_id: a.community.id,
      category_id: a.category.id,
      first_day: '2039-07-03',
      last_day: '2039-07-04',
      count: 4,
      peak: 2,
      baseline: 0.25,
      control_limit: 2,
      status: 'closed',
      assigned_unit_id: a.street.id,
      assign_note: '请街道现场核查',
      resolution: '已协调物业更换电梯主板，恢复运行',
    });
    warnings.open = await insertWarning(s, {
      area_unit_id: a.otherStreet.id,
      category_id: cat2.id,
      first_day: '2039-07-11',
      last_day: '2039-07-12',
      count: 2,
      peak: 1,
    });
    warnings.across = await insertWarning(s, {
      area_unit_id: a.district.id,
      category_id: cat2.id,
      first_day: '2039-06-29',
      last_day: '2039-07-01',
      status: 'assigned',
      assigned_unit_id: a.otherStreet.id,
    });
    warnings.june = await insertWarning(s, {
      area_unit_id: a.street.id,
      category_id: a.category.id,
      first_day: '2039-06-10',
      last_day: '2039-06-12',
    });
  });

  beforeEach(() => h.travel('2039-07-20T10:00:00+08:00'));

  const bulletin = async (month: string) =>
    (await ok(h.supervisor.get(`/api/v1/reports/bulletin?month=${month}`))).hot_issues;
  const mine = <T extends { area_unit_id: number | null }>(rows: T[]) =>
    rows.filter((r) => [a.district.id, a.street.id, a.otherStreet.id, a.community.id].includes(r.area_unit_id!));

  it('ranks area × category at district and street level to date, against the same days of June', async () => {
    const hot = await bulletin('2039-07');
    const pair = (area: { id: number; name: string }, path: string[], cat: { id: number; name: string }) => ({
      area_unit_id: area.id,
      area: area.name,
      path,
      category_id: cat.id,
      category: cat.name,
    });
    const d = a.district.name;
    expect(mine(hot.pairs.district)).to.deep.equal([
      { ...pair(a.district, [d], a.category), count: 4, previous: 1, change: 3 },
      { ...pair(a.district, [d], cat2), count: 3, previous: 0, change: 3 },
    ]);
    expect(mine(hot.pairs.street)).to.deep.equal([
      { ...pair(a.street, [d, a.street.name], a.category), count: 4, previous: 1, change: 3 },
      { ...pair(a.otherStreet, [d, a.otherStreet.name], cat2), count: 3, previous: 0, change: 3 },
    ]);
    // Every order of an area (category 0), the uncategorised one too; the community is not a level of its own.
    expect(mine(hot.areas.district)).to.deep.equal([
      { area_unit_id: a.district.id, area: d, path: [d], count: 8, previous: 1, change: 7 },
    ]);
    expect(mine(hot.areas.street)).to.deep.equal([
      { area_unit_id: a.street.id, area: a.street.name, path: [d, a.street.name], count: 5, previous: 1, change: 4 },
      {
        area_unit_id: a.otherStreet.id,
        area: a.otherStreet.name,
        path: [d, a.otherStreet.name],
        count: 3,
        previous: 0,
        change: 3,
      },
    ]);
    expect(hot.days).to.deep.equal({ period: 20, counted: 20, previous: 20, previous_counted: 0 });
    for (const list of [hot.pairs.district, hot.pairs.street, hot.areas.district, hot.areas.street])
      expect(list.length).to.be.at.most(10);
  });

  it('counts the repeat demands by rule with the handled ones, and their places, never a number', async () => {
    const { repeats } = await bulletin('2039-07');
    expect(repeats).to.deep.include({
      total: 2,
      handled: 1,
      by_rule: [
        { rule: 'phone', count: 1, handled: 1 },
        { rule: 'place', count: 1, handled: 0 },
      ],
    });
    expect(repeats.places).to.deep.equal([
      {
        area_unit_id: a.otherStreet.id,
        area: a.otherStreet.name,
        path: [a.district.name, a.otherStreet.name],
        category_id: cat2.id,
        category: cat2.name,
        count: 1,
        handled: 0,
      },
      {
        area_unit_id: a.community.id,
        area: a.community.name,
        path: [a.district.name, a.street.name, a.community.name],
        category_id: a.category.id,
        category: a.category.name,
        count: 1,
        handled: 1,
      },
    ]);
    expect(JSON.stringify(repeats)).to.not.match(/1[3-9]\d{9}/);
    // June had none.
    expect((await bulletin('2039-06')).repeats).to.deep.include({ total: 0, handled: 0 });
  });

  it('lists the surges whose days overlap the month, with the unit assigned and what was done', async () => {
    const { surges } = await bulletin('2039-07');
    expect(surges).to.deep.include({ total: 3, open: 2 });
    expect(surges.warnings.map((w: { id: number }) => w.id)).to.deep.equal([
      warnings.across,
      warnings.closed,
      warnings.open,
    ]);
    const closed = surges.warnings[1];
    expect(closed).to.deep.equal({
      id: warnings.closed,
      area_unit_id: a.community.id,
      area: a.community.name,
      path: [a.district.name, a.street.name, a.community.name],
      category_id: a.category.id,
      category: a.category.name,
      first_day: '2039-07-03',
      last_day: '2039-07-04',
      count: 4,
      peak: 2,
      baseline: 0.25,
      control_limit: 2,
      status: 'closed',
      open: false,
      assigned_unit_id: a.street.id,
      assigned_unit: a.street.name,
      assign_note: '请街道现场核查',
      resolution: '已协调物业更换电梯主板，恢复运行',
    });
    expect(surges.warnings[2]).to.include({ status: 'open', open: true, resolution: null, assigned_unit: null });
    expect(surges.warnings[0]).to.include({ status: 'assigned', open: true, assigned_unit: a.otherStreet.name });
    // June's (whole month, against May): its own warning and the one running into July.
    const june = (await bulletin('2039-06')).surges;
    expect(june.warnings.map((w: { id: number }) => w.id)).to.deep.equal([warnings.june, warnings.across]);
  });

  it("compares an ended month with the whole month before; June's counts", async () => {
    const hot = await bulletin('2039-06');
    expect(mine(hot.pairs.street)).to.deep.equal([
      {
        area_unit_id: a.street.id,
        area: a.street.name,
        path: [a.district.name, a.street.name],
        category_id: a.category.id,
        category: a.category.name,
        count: 2,
        previous: 0,
        change: 2,
      },
    ]);
  });

  it('reads the flagged orders by their index, not the month of tickets', async function () {
    // SQLite's planner names the index it walks (MariaDB's choice on a small table says little).
    if (isMysql(s.db)) this.skip();
    const plan = await s.db.raw(
      "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM tickets WHERE repeat_rule IN ('phone', 'place') " +
        "AND created_at >= '2039-06-30 16:00:00.000' AND created_at < '2039-07-20 16:00:00.000'",
    );
    expect(JSON.stringify(plan)).to.include('tickets_repeat_rule_created_index');
  });
});

// March 2040 on the 20th, counted by the surge job itself (services.surges): what the bulletin reads is what the
// job wrote, and the warning it raised is listed.
describe('the bulletin: monthly analysis from the surge job', () => {
  let h: Hotline;
  let s: Services;
  let a: Areas;
  const order = async (at: string, address: string) => {
    await h.travel(at);
    return createTicket(h.operator, {
      area_unit_id: a.community.id,
      category_id: a.category.id,
      caller_phone: newPhone(),
      address,
    });
  };

  before(async () => {
    s = (await testApp()).services;
    h = await hotline();
    a = await makeAreas();
    // The job's history starts on 1 February (every day before is done).
    await s.db('hotspot_days').insert({ day: '2040-01-31', finalized: true, scanned_at: '2040-02-01 00:05:00.000' });
    await order('2040-02-10T10:00:00+08:00', '东四北大街12号');
    await order('2040-03-05T10:00:00+08:00', '东四北大街14号');
    // Nine in one day (above the floor of 8) of a pair that has about one a month: a surge of the community.
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9])
      await order(`2040-03-12T${String(8 + n).padStart(2, '0')}:00:00+08:00`, `幸福路${n}号`);
    await h.travel('2040-03-12T21:00:00+08:00');
    await s.surges.run(new Date('2040-03-12T21:00:00+08:00'));
  });

  it("ranks the job's counts and lists the warning it raised", async () => {
    await h.travel('2040-03-20T10:00:00+08:00');
    const hot = (await ok(h.supervisor.get('/api/v1/reports/bulletin?month=2040-03'))).hot_issues;
    const street = hot.pairs.street.find((p: { area_unit_id: number }) => p.area_unit_id === a.street.id);
    expect(street).to.include({ category_id: a.category.id, count: 10, previous: 1, change: 9 });
    const district = hot.areas.district.find((p: { area_unit_id: number }) => p.area_unit_id === a.district.id);
    expect(district).to.include({ count: 10, previous: 1, change: 9 });
    // The job ran from 1 February to 12 March: the days since are not counted yet.
    expect(hot.days).to.deep.equal({ period: 20, counted: 12, previous: 20, previous_counted: 20 });
    const mine = hot.surges.warnings.filter((w: { category_id: number }) => w.category_id === a.category.id);
    expect(mine).to.have.length(1);
    expect(mine[0]).to.include({
      area_unit_id: a.community.id,
      first_day: '2040-03-12',
      last_day: '2040-03-12',
      count: 9,
      status: 'open',
      open: true,
      resolution: null,
    });
  });
});
