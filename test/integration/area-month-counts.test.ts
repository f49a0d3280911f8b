// The month rows the bulletin ranks (area_month_counts, docs/rules/hot-spots.md "Monthly analysis") stay the sum of
// their day rows (area_daily_counts) through the surge job's runs across a month's end: rows added, a day counted
// again with more orders, and a pair's row gone when its only order moved to another area; then, the whole table,
// through seeded random rounds of orders planted, moved and counted again over days across another month's end.
import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { toDbTime } from '../../server/lib/db.ts';
import type { Services } from '../../server/services.ts';
import { makeCategory, uniq } from '../helpers/factories.ts';
import { makeAreas } from '../helpers/hotspots.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline } from '../helpers/tickets.ts';

const bj = (d: string, time: string) => new Date(`${d}T${time}+08:00`);

describe('area_month_counts: the sums of the month of area_daily_counts', () => {
  let s: Services;
  let areas: Awaited<ReturnType<typeof makeAreas>>;
  let other: { id: number };
  let template: Record<string, unknown>;
  let ids: number[];

  async function plant(area: number, category: number, d: string, n: number, time: string): Promise<number[]> {
    const rows = Array.from({ length: n }, (_, i) => ({
      ...template,
      number: uniq('M').slice(0, 30),
      area_unit_id: area,
      category_id: category,
      created_at: toDbTime(new Date(bj(d, time).getTime() + i * 60_000)),
      updated_at: toDbTime(bj(d, time)),
    }));
    const out: number[] = [];
    for (const row of rows) out.push(Number((await s.db('tickets').insert(row))[0]));
    return out;
  }

  const run = (at: Date) => {
    clock.set(at);
    return s.surges.run(at);
  };

  /** The month rows of the test's areas, and the same recounted from the day rows (zero rows left out). */
  async function monthAndRecount() {
    const month = await s
      .db('area_month_counts')
      .whereIn('area_unit_id', ids)
      .where('count', '>', 0)
      .orderBy(['area_unit_id', 'category_id', 'month'])
      .select('area_unit_id', 'category_id', 'month', 'level', 'is_all', 'count');
    const days = await s
      .db('area_daily_counts')
      .whereIn('area_unit_id', ids)
      .select('area_unit_id', 'category_id', 'day', 'count');
    const sums = new Map<string, number>();
    for (const d of days) {
      const key = `${d.area_unit_id}|${d.category_id}|${String(d.day).slice(0, 7)}`;
      sums.set(key, (sums.get(key) ?? 0) + Number(d.count));
    }
    const kinds = new Map<number, string>([
      [areas.district.id, 'district'],
      [areas.street.id, 'street'],
      [areas.otherStreet.id, 'street'],
      [areas.community.id, 'community'],
    ]);
    const recount = [...sums]
      .map(([key, count]) => {
        const [area, category, m] = key.split('|');
        return { area: Number(area), category: Number(category), month: m!, count };
      })
      .sort((a, b) => a.area - b.area || a.category - b.category || a.month.localeCompare(b.month))
      .map((r) => [r.area, r.category, r.month, kinds.get(r.area), r.category === 0, r.count]);
    const rows = month.map((r) => [
      Number(r.area_unit_id),
      Number(r.category_id),
      r.month,
      r.level,
      Boolean(r.is_all),
      Number(r.count),
    ]);
    return { rows, recount };
  }

  before(async () => {
    s = (await testApp()).services;
    const h = await hotline();
    areas = await makeAreas();
    other = await makeCategory(areas.district.id);
    ids = [areas.district.id, areas.street.id, areas.otherStreet.id, areas.community.id];
    const t = await createTicket(h.operator, { caller_name: '李先生', caller_phone: '13900002222' });
    const { id: _id, ...row } = await s.db('tickets').where('id', t.id).first();
    template = row;
    await s.db('hotspot_days').delete();
    await s.db('hotspot_days').insert({ day: '2034-05-29', finalized: true, scanned_at: '2034-05-29 16:05:00.000' });
  });

  after(() => clock.reset());

  it('adds the rows of days counted across the month end', async () => {
    await plant(areas.community.id, areas.category.id, '2034-05-30', 3, '09:00:00');
    await plant(areas.otherStreet.id, other.id, '2034-05-31', 2, '10:00:00');
    await plant(areas.community.id, other.id, '2034-06-01', 1, '08:00:00');
    await run(bj('2034-06-01', '12:00:00'));
    const { rows, recount } = await monthAndRecount();
    expect(rows).to.deep.equal(recount);
    const may = rows.filter((r) => r[0] === areas.district.id && r[1] === 0 && r[2] === '2034-05');
    expect(may).to.deep.equal([[areas.district.id, 0, '2034-05', 'district', true, 5]]);
  });

  it('adds the difference when a day is counted again with more orders', async () => {
    await plant(areas.community.id, other.id, '2034-06-01', 4, '14:00:00');
    await run(bj('2034-06-01', '18:00:00'));
    const { rows, recount } = await monthAndRecount();
    expect(rows).to.deep.equal(recount);
    expect(rows).to.deep.include([areas.community.id, other.id, '2034-06', 'community', false, 5]);
  });

  it('takes a vanished day row off: the only order of a pair moved to another area that day', async () => {
    const [moved] = await plant(areas.otherStreet.id, areas.category.id, '2034-06-01', 1, '19:00:00');
    await run(bj('2034-06-01', '19:30:00'));
    expect((await monthAndRecount()).rows).to.deep.include([
      areas.otherStreet.id,
      areas.category.id,
      '2034-06',
      'street',
      false,
      1,
    ]);
    await s.db('tickets').where('id', moved).update({ area_unit_id: areas.community.id });
    await run(bj('2034-06-01', '20:00:00'));
    const { rows, recount } = await monthAndRecount();
    expect(rows).to.deep.equal(recount);
    expect(rows.some((r) => r[0] === areas.otherStreet.id && r[1] === areas.category.id)).to.equal(false);
  });

  it('equals the day rows summed by month, whole table, through random rounds across a month end', async () => {
    let seed = 17;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor((seed / 2_147_483_648) * n);
    };
    const units = [areas.community.id, areas.street.id, areas.otherStreet.id, areas.district.id];
    const categories = [areas.category.id, other.id];
    const planted: number[] = [];
    // Today goes from June 28th to July 3rd; each round plants on today and the day before (both scanned again,
    // as the day before is finalized only by the round after midnight), moves some orders, and runs the job.
    let today = '2034-06-28';
    for (let round = 0; round < 8; round++) {
      if (round % 2 === 1) today = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      for (let k = 0; k < 3; k++) {
        const d = k === 0 ? new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) : today;
        const at = `${String(1 + random(9)).padStart(2, '0')}:${String(random(60)).padStart(2, '0')}:00`;
        planted.push(...(await plant(units[random(4)]!, categories[random(2)]!, d, 1 + random(3), at)));
      }
      // A changed count on a day counted before: an order moved to another unit and category.
      const moved = planted[random(planted.length)]!;
      await s
        .db('tickets')
        .where('id', moved)
        .update({
          area_unit_id: units[random(4)],
          category_id: categories[random(2)],
        });
      await run(bj(today, `${String(10 + round).padStart(2, '0')}:30:00`));
      const month = await s
        .db('area_month_counts')
        .where('count', '<>', 0)
        .orderBy(['area_unit_id', 'category_id', 'month'])
        .select('area_unit_id', 'category_id', 'month', 'count');
      const recount = await s
        .db('area_daily_counts')
        .groupBy('area_unit_id', 'category_id', s.db.raw('substr(day, 1, 7)'))
        .orderBy(['area_unit_id', 'category_id', 'month'])
        .select('area_unit_id', 'category_id', s.db.raw('substr(day, 1, 7) AS month'))
        .sum({ count: 'count' });
      const norm = (r: Record<string, unknown>) => [
        Number(r.area_unit_id),
        Number(r.category_id),
        r.month,
        Number(r.count),
      ];
      expect(month.map(norm), `round ${round}`).to.deep.equal(recount.filter((r) => Number(r.count)).map(norm));
    }
    const months = await s.db('area_month_counts').whereIn('area_unit_id', ids).distinct('month').orderBy('month');
    expect(months.map((m) => m.month)).to.include.members(['2034-06', '2034-07']);
  });
});
