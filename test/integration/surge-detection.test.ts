// Surges (突增预警, docs/rules/hot-spots.md): under a set clock, a fortnight of quiet history in an area tree of the
// test's own, then planted surges: the warning names the community (not its street or district) with its count,
// baseline and limit, during the day; it is extended the next day, a closed one gives way to a new one, three days
// down are caught up in one run, two instances raise it once, and its mails and text are queued once.
import { expect } from 'chai';
import { nextDate } from '../../server/lib/calendar.ts';
import { bus, type ChangeMessage } from '../../server/lib/bus.ts';
import { clock } from '../../server/lib/clock.ts';
import { toDbTime } from '../../server/lib/db.ts';
import { SurgeDetector } from '../../server/domain/hotspots/surge-detector.ts';
import { surgeRepository } from '../../server/domain/hotspots/surge.repository.ts';
import type { Services } from '../../server/services.ts';
import { newPhone } from '../helpers/calls.ts';
import { makeCategory, uniq } from '../helpers/factories.ts';
import { makeAreas } from '../helpers/hotspots.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline } from '../helpers/tickets.ts';

// The cursor: the day before the first day of history, recorded as scanned (so the history's length is known).
const START = '2033-03-01';
const day = (n: number) => nextDate(START, n);
const bj = (d: string, time: string) => new Date(`${d}T${time}+08:00`);

describe('surge detection (突增预警)', () => {
  let s: Services;
  let areas: Awaited<ReturnType<typeof makeAreas>>;
  let template: Record<string, unknown>;
  let liaison: string;
  let supervisorsEmail: string | undefined;

  /** n orders of an area and category created on a Beijing day at a time, cloned from one made over HTTP. */
  async function plant(area: number, category: number, d: string, n: number, time = '09:00:00') {
    if (!n) return;
    const rows = Array.from({ length: n }, (_, i) => ({
      ...template,
      number: uniq('S').slice(0, 30),
      area_unit_id: area,
      category_id: category,
      created_at: toDbTime(new Date(bj(d, time).getTime() + i * 60_000)),
      updated_at: toDbTime(bj(d, time)),
    }));
    await s.db('tickets').insert(rows);
  }

  const run = (at: Date) => {
    clock.set(at);
    return s.surges.run(at);
  };
  const warningsOf = (category: number) =>
    s.db('surge_warnings').where({ category_id: category }).orderBy('id').select();

  before(async () => {
    s = (await testApp()).services;
    const h = await hotline();
    areas = await makeAreas();
    liaison = newPhone();
    await s.db('departments').where('id', areas.community.id).update({ liaison_mobile: liaison });
    supervisorsEmail = s.config.supervisorsEmail;
    s.config.supervisorsEmail = 'supervisors@hotline.example';
    const t = await createTicket(h.operator, { caller_name: '王女士', caller_phone: '13900001111' });
    const { id: _id, ...row } = await s.db('tickets').where('id', t.id).first();
    template = row;
    await s.db('hotspot_days').delete();
    await s
      .db('hotspot_days')
      .insert({ day: nextDate(START, -1), finalized: true, scanned_at: toDbTime(bj(START, '00:05:00')) });
  });

  after(() => {
    s.config.supervisorsEmail = supervisorsEmail;
    clock.reset();
  });

  it('warming up: ten orders on the third day of history raise nothing', async () => {
    const other = await makeCategory(areas.district.id);
    await plant(areas.otherStreet.id, other.id, day(2), 10);
    const result = await run(bj(day(3), '00:05:00'));
    expect(result.days).to.deep.equal([day(0), day(1), day(2), day(3)]);
    expect(result.orders).to.equal(10);
    expect(result.pairs).to.equal(0);
    expect(await warningsOf(other.id)).to.have.length(0);
  });

  it('a fortnight of one order a day in the community and the other street raises nothing', async () => {
    for (let n = 0; n < 14; n++) {
      await plant(areas.community.id, areas.category.id, day(n), 1, '10:00:00');
      await plant(areas.otherStreet.id, areas.category.id, day(n), 1, '11:00:00');
    }
    // Days 0-2 were scanned before these orders were planted, and are finalized: written again by hand here.
    await s.db('hotspot_days').where('day', '>=', day(0)).delete();
    const result = await run(bj(day(14), '00:05:00'));
    expect(result.days[0]).to.equal(day(0));
    expect(result.raised).to.equal(0);
    expect(await warningsOf(areas.category.id)).to.have.length(0);
    const counts = await s.db('area_daily_counts').where({ category_id: areas.category.id, day: day(5) });
    const byArea = Object.fromEntries(counts.map((r) => [r.area_unit_id, Number(r.count)]));
    // Each level counts the orders below it; the street without orders has no row.
    expect(byArea).to.deep.equal({
      [areas.community.id]: 1,
      [areas.street.id]: 1,
      [areas.otherStreet.id]: 1,
      [areas.district.id]: 2,
    });
    const all = await s
      .db('area_daily_counts')
      .where({ category_id: 0, day: day(2), area_unit_id: areas.district.id })
      .first();
    expect(Number(all.count)).to.equal(12);
  });

  it("a dozen orders by 15:00 raise the community's warning that day, not its street's or district's", async () => {
    await plant(areas.community.id, areas.category.id, day(14), 12, '08:00:00');
    const heard: ChangeMessage[] = [];
    const stop = bus.subscribe((m) => heard.push(m));
    const result = await run(bj(day(14), '15:00:00')).finally(stop);
    expect(result.days).to.deep.equal([day(14)]);
    expect(result.raised).to.equal(1);
    const [w] = await warningsOf(areas.category.id);
    // 14 orders over the 15 days scanned before, plus the pseudo-order: mu = 1, days as even as Poisson's (a
    // dispersion of 1); P(X >= 7 | 1) < 0.0001 <= P(X >= 6), below the floor of 8.
    expect(w).to.deep.include({
      area_unit_id: areas.community.id,
      first_day: day(14),
      last_day: day(14),
      status: 'open',
    });
    expect(Number(w.count)).to.equal(12);
    expect(Number(w.peak)).to.equal(12);
    expect(Number(w.baseline)).to.equal(1);
    expect(Number(w.control_limit)).to.equal(8);
    expect(await warningsOf(areas.category.id)).to.have.length(1);
    expect(heard.filter((m) => m.type === 'surge.changed')).to.deep.equal([{ type: 'surge.changed', id: w.id }]);
    const today = await s.db('hotspot_days').where('day', day(14)).first();
    expect(Boolean(today.finalized)).to.equal(false);
    // Another run the same hour changes nothing.
    expect(await run(bj(day(14), '15:10:00'))).to.deep.include({ raised: 0, extended: 0 });
  });

  it("queues a mail to the supervisors and to the community's head and a text, without a caller's data", async () => {
    const [w] = await warningsOf(areas.category.id);
    const mails = await s.db('outbox').where({ kind: 'email' }).where('dedupe_key', 'like', `surge:mail:%:${w.id}`);
    expect(mails.map((m) => m.recipient).sort()).to.deep.equal(
      [areas.community.head_email, 'supervisors@hotline.example'].sort(),
    );
    for (const m of mails) {
      expect(m.subject).to.include(areas.community.name).and.include(areas.category.name);
      expect(m.body).to.include('12').and.not.include('王女士').and.not.include('13900001111');
    }
    const texts = await s.db('outbox').where({ kind: 'sms', dedupe_key: `sms:surge:${w.id}` });
    expect(texts).to.have.length(1);
    expect(texts[0]).to.deep.include({ recipient: liaison, template: 'surge_warning' });
    expect(JSON.parse(texts[0].params)).to.deep.include({ area: areas.community.name, count: '12', day: day(14) });
    expect(texts[0].body).to.not.include('13900001111');
  });

  it('extends the open warning the next day (count over both days, peak), raising no other and no notice', async () => {
    await plant(areas.community.id, areas.category.id, day(15), 10);
    const result = await run(bj(day(15), '12:00:00'));
    expect(result).to.deep.include({ days: [day(14), day(15)], raised: 0, extended: 1 });
    const list = await warningsOf(areas.category.id);
    expect(list).to.have.length(1);
    expect(list[0]).to.deep.include({ first_day: day(14), last_day: day(15) });
    expect([Number(list[0].count), Number(list[0].peak)]).to.deep.equal([22, 12]);
    expect(await s.db('outbox').where('dedupe_key', 'like', `%surge%:${list[0].id}`)).to.have.length(3);
    expect(Boolean((await s.db('hotspot_days').where('day', day(14)).first()).finalized)).to.equal(true);
  });

  it('a closed warning gives way to a new one for the next surge of the pair', async () => {
    const [old] = await warningsOf(areas.category.id);
    await s.db('surge_warnings').where('id', old.id).update({ status: 'closed', resolution: '已处置' });
    // Two surge days in the history: its busiest day is left out of the dispersion, the other makes the pair look
    // volatile (a limit of 27), so only a bigger surge is a new one.
    await plant(areas.community.id, areas.category.id, day(16), 30);
    const result = await run(bj(day(16), '12:00:00'));
    expect(result).to.deep.include({ raised: 1, extended: 0 });
    const list = await warningsOf(areas.category.id);
    expect(list.map((w) => [w.first_day, w.status])).to.deep.equal([
      [day(14), 'closed'],
      [day(16), 'open'],
    ]);
    expect(await s.db('outbox').where('dedupe_key', 'like', `%surge%:${list[1].id}`)).to.have.length(3);
  });

  it('three days down are caught up in one run: each day counted, finalized, its surge raised', async () => {
    await plant(areas.otherStreet.id, areas.category.id, day(18), 12);
    const result = await run(bj(day(20), '09:00:00'));
    expect(result.days).to.deep.equal([day(16), day(17), day(18), day(19), day(20)]);
    expect(result.raised).to.equal(1);
    const finalized = await s
      .db('hotspot_days')
      .whereBetween('day', [day(16), day(20)])
      .orderBy('day');
    expect(finalized.map((d) => Boolean(d.finalized))).to.deep.equal([true, true, true, true, false]);
    const list = await s.db('surge_warnings').where({ area_unit_id: areas.otherStreet.id });
    expect(list.map((w) => [w.first_day, Number(w.count)])).to.deep.equal([[day(18), 12]]);
  });

  it('two instances running at once raise the warning once, with one set of notices', async () => {
    const category = await makeCategory(areas.district.id);
    for (let n = 0; n <= 20; n++) await plant(areas.community.id, category.id, day(n), n % 3 === 0 ? 1 : 0);
    await s.db('hotspot_days').where('day', '>=', day(0)).delete();
    await run(bj(day(21), '00:05:00'));
    await plant(areas.community.id, category.id, day(21), 9);
    clock.set(bj(day(21), '14:00:00'));
    const a = new SurgeDetector({ db: s.db, config: s.config });
    const b = new SurgeDetector({ db: s.db, config: s.config });
    const results = await Promise.all([a.run(clock.now()), b.run(clock.now())]);
    expect(results[0].raised + results[1].raised).to.equal(1);
    const list = await warningsOf(category.id);
    expect(list).to.have.length(1);
    expect(await s.db('outbox').where('dedupe_key', 'like', `%surge%:${list[0].id}`)).to.have.length(3);
  });

  it('reads the baselines of 1,200 areas of one category each in one go (a big city of communities)', async () => {
    const pairs = Array.from({ length: 1200 }, (_, i) => ({ area: 900_000 + i, category: 7 }));
    const rows = pairs.flatMap((p, i) =>
      [0, 1].map((n) => ({ area_unit_id: p.area, category_id: 7, day: day(40 + n), count: 1 + (i % 3) })),
    );
    for (let i = 0; i < rows.length; i += 200) await s.db('area_daily_counts').insert(rows.slice(i, i + 200));
    const sums = await surgeRepository.historySums(s.db, pairs, day(40), day(42));
    expect(sums.size).to.equal(1200);
    expect([sums.get('900000|7'), sums.get('901199|7')]).to.deep.equal([
      { sum: 2, squares: 2, busiest: 1 },
      { sum: 6, squares: 18, busiest: 3 },
    ]);
  });
});
