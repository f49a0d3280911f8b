import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { anonymous, devicePost, deviceRating, makeStaff, makeWindow, reviewDesk } from '../helpers/reviews.ts';
import { clock } from '../../server/lib/clock.ts';

/**
 * Bursts (docs/rules/reviews.md): many same-score ratings through one static code or one device within seconds
 * are stored, held out of every figure, and counted only once a supervisor confirms them. Rule under test: the
 * default config (5 within 120 s).
 */
describe('bursts of same-score ratings through one code or device', () => {
  let h: Hotline;
  const app = async () => (await testApp()).services;
  const db = async () => (await app()).db;
  const rate = async (body: Record<string, unknown>) => (await anonymous()).post('/api/v1/public/ratings', body);
  const tokenOf = (x: { rating_url: string }) => x.rating_url.split('/rate/')[1];
  /** The department's figures for one day, as the report and the dashboard read them (the counters). */
  const dayOf = async (day: string) => {
    const rows = await ok(h.supervisor.get(`/api/v1/stats/departments?from=${day}&to=${day}`));
    const row = rows.find((r: any) => r.department_id === h.dept.id);
    const [full] = await (await app()).figures.departments({ from: day, to: day }, { department_id: h.dept.id });
    return {
      satisfaction: row.satisfaction_rate as number | null,
      ratings: full.counts.ratings,
      bad: full.counts.bad,
      received: row.received as number,
    };
  };
  const verify = async () => expect(await (await app()).figures.verify()).to.deep.equal([]);
  const bursts = async () => (await ok(h.supervisor.get('/api/v1/ratings/bursts'))).items as any[];
  const burstOf = async (kind: string, id: number) =>
    (await bursts()).find((b) => b.kind === kind && b.source_id === id);
  const decide = (b: any, confirm: boolean, reason = '已核实') =>
    h.supervisor.post('/api/v1/ratings/bursts/decision', {
      kind: b.kind,
      source_id: b.source_id,
      score: b.score,
      until: b.last_at,
      confirm,
      reason,
    });

  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it(
    'attacker: 55 five-star ratings through one QR code from one address in ' +
      'seconds are taken, flagged, and move no figure until a supervisor confirms',
    async () => {
      await h.travel('2031-10-09T10:00:00+08:00');
      const w = await makeWindow(h);
      // A genuine resident's bad review earlier that morning: the department's satisfaction is 0 of 1.
      await ok(rate({ token: tokenOf(w), score: 1, reason: '等候时间太长' }), 201);
      clock.advance(30 * 60_000);
      const before = await dayOf('2031-10-09');
      expect(before).to.include({ satisfaction: 0, ratings: 1, bad: 1 });
      // The stuffing: 55 posts from this one address, one every 100 ms, all answered as if taken.
      const statuses: number[] = [];
      for (let i = 0; i < 55; i++) {
        statuses.push((await rate({ token: tokenOf(w), score: 5 })).status);
        clock.advance(100);
      }
      expect(statuses).to.deep.equal(Array(55).fill(201));
      const rows = await (await db())('ratings').where({ window_id: w.id, score: 5 });
      expect(rows).to.have.length(55);
      expect(rows.every((r: any) => Boolean(r.flagged) && r.flag_state === 'held')).to.equal(true);
      // Not a point moved: the report, the dashboard's daily trend and the board read the same counters.
      expect(await dayOf('2031-10-09')).to.deep.equal(before);
      const daily = await ok(h.supervisor.get('/api/v1/stats/daily?from=2031-10-09&to=2031-10-09'));
      expect(daily[0].satisfaction_rate).to.equal(0);
      const board = await ok(h.supervisor.get('/api/v1/reports/departments?from=2031-10-09&to=2031-10-09'));
      const before55 = JSON.stringify(board);
      const trendOf = async () =>
        (await ok(h.supervisor.get('/api/v1/dashboard'))).trend.find((d: any) => d.day === '2031-10-09')
          .satisfaction_rate;
      const trendBefore = await trendOf();
      await verify();
      // The supervisor sees one burst of 55 and confirms it: the day it was given now counts 56 ratings.
      const b = await burstOf('window', w.id);
      expect(b).to.include({ count: 55, score: 5, department_id: h.dept.id, window_name: w.name });
      const answer = await ok(decide(b, true, '当日有团体集中办理业务，经现场核实属实'));
      expect(answer).to.deep.equal({ decided: 55, state: 'confirmed' });
      expect(await dayOf('2031-10-09')).to.include({ ratings: 56, satisfaction: 55 / 56 });
      expect(await burstOf('window', w.id)).to.equal(undefined);
      // The dashboard's trend and the department report read the confirmed ratings on that day.
      expect(await trendOf()).to.be.greaterThan(trendBefore);
      expect(
        JSON.stringify(await ok(h.supervisor.get('/api/v1/reports/departments?from=2031-10-09&to=2031-10-09'))),
      ).to.not.equal(before55);
      await verify();
    },
  );

  it('holds the first ratings of a burst too, and a void keeps them out for good', async () => {
    await h.travel('2031-10-10T09:00:00+08:00');
    const w = await makeWindow(h);
    await ok(rate({ token: tokenOf(w), score: 4 }), 201);
    expect(await dayOf('2031-10-10')).to.include({ ratings: 1 });
    clock.advance(5_000);
    // The fifth within 120 s makes all five a burst: the first, counted when it came, leaves the counters.
    for (let i = 0; i < 4; i++) await ok(rate({ token: tokenOf(w), score: 4 }), 201);
    expect(await dayOf('2031-10-10')).to.include({ ratings: 0, satisfaction: null });
    await verify();
    const b = await burstOf('window', w.id);
    expect(b.count).to.equal(5);
    expect(await ok(decide(b, false, '同一设备连续刷评'))).to.deep.equal({ decided: 5, state: 'voided' });
    expect(await dayOf('2031-10-10')).to.include({ ratings: 0 });
    const rows = await (await db())('ratings').where({ window_id: w.id });
    expect(rows.map((r: any) => [Boolean(r.voided), Boolean(r.flagged), r.flag_state, r.flag_note])).to.deep.equal(
      Array(5).fill([true, false, 'voided', '同一设备连续刷评']),
    );
    // Audited, with the reason.
    const [audit] = await (
      await db()
    )('audit_log')
      .where({ action: 'rating_burst_void' })
      .orderBy('id', 'desc')
      .limit(1);
    expect(JSON.parse(audit.detail)).to.include({
      kind: 'window',
      source_id: w.id,
      score: 4,
      count: 5,
      reason: '同一设备连续刷评',
    });
    await verify();
  });

  it('does not flag ratings spread out in time, nor different scores, nor other codes', async () => {
    await h.travel('2031-10-11T09:00:00+08:00');
    const w = await makeWindow(h);
    const s = await makeStaff(h, w.id);
    for (let i = 0; i < 6; i++) {
      await ok(rate({ token: tokenOf(w), score: 5 }), 201);
      clock.advance(61_000); // 6 in 5 minutes: never 5 within 120 s of one
    }
    for (const score of [5, 4, 3, 5]) await ok(rate({ token: tokenOf(w), score }), 201);
    for (let i = 0; i < 4; i++) await ok(rate({ token: tokenOf(s), score: 5 }), 201);
    const flagged = await (await db())('ratings').whereIn('window_id', [w.id]).where('flagged', true);
    expect(flagged).to.have.length(0);
    expect(await dayOf('2031-10-11')).to.include({ ratings: 14 });
  });

  it(
    'a confirmed burst counts on the day it was given, and ' + 'a held bad review opens its order only when confirmed',
    async () => {
      await h.travel('2031-10-12T23:59:00+08:00');
      const w = await makeWindow(h);
      const orders = async () =>
        Number(
          (
            await (await db())('tickets').where({ type: 'rectification', department_id: h.dept.id }).count({ n: '*' })
          )[0].n,
        );
      const firstOrders = await orders();
      // Four bad reviews are taken with their orders; the fifth makes a burst: no more orders, all five held.
      for (let i = 0; i < 6; i++) await ok(rate({ token: tokenOf(w), score: 1, reason: `排队太久 ${i}` }), 201);
      expect(await orders()).to.equal(firstOrders + 4);
      expect(await dayOf('2031-10-12')).to.include({ ratings: 0, bad: 0 });
      const b = await burstOf('window', w.id);
      expect(b.count).to.equal(6);
      expect(b.texts).to.include('排队太久 0');
      // Decided the next day: counted on the 12th, when they were given; the two without an order get one now.
      await h.travel('2031-10-13T10:00:00+08:00');
      await ok(decide(b, true, '六位群众分别反映，情况属实'));
      expect(await dayOf('2031-10-12')).to.include({ ratings: 6, bad: 6, satisfaction: 0 });
      expect(await dayOf('2031-10-13')).to.include({ ratings: 0 });
      expect(await orders()).to.equal(firstOrders + 6);
      const rows = await (await db())('ratings').where({ window_id: w.id });
      expect(rows.every((r: any) => r.rectification_ticket_id !== null && r.flag_state === 'confirmed')).to.equal(true);
      await verify();
    },
  );

  it('voiding a burst of bad reviews closes the orders they had opened', async () => {
    await h.travel('2031-10-14T10:00:00+08:00');
    const w = await makeWindow(h);
    for (let i = 0; i < 5; i++) await ok(rate({ token: tokenOf(w), score: 2, reason: '服务态度差' }), 201);
    const b = await burstOf('window', w.id);
    await ok(decide(b, false, '同一人反复提交'));
    const rows = await (await db())('ratings').where({ window_id: w.id });
    const orders = await (
      await db()
    )('tickets').whereIn('id', rows.map((r: any) => r.rectification_ticket_id).filter(Boolean));
    expect(orders).to.have.length(4);
    expect(orders.map((t: any) => t.status)).to.deep.equal(Array(4).fill('closed'));
    expect(await dayOf('2031-10-14')).to.include({ ratings: 0, bad: 0 });
    await verify();
  });

  it('holds a burst posted all at once, each rating leaving the counters once', async () => {
    await h.travel('2031-10-18T10:00:00+08:00');
    const w = await makeWindow(h);
    await ok(rate({ token: tokenOf(w), score: 3 }), 201);
    await ok(rate({ token: tokenOf(w), score: 3 }), 201);
    const answers = await Promise.all(Array.from({ length: 20 }, () => rate({ token: tokenOf(w), score: 3 })));
    expect(answers.map((a) => a.status)).to.deep.equal(Array(20).fill(201));
    const rows = await (await db())('ratings').where({ window_id: w.id });
    expect(rows.filter((r: any) => r.flagged)).to.have.length(22);
    expect(await dayOf('2031-10-18')).to.include({ ratings: 0 });
    await verify();
    await ok(decide(await burstOf('window', w.id), true));
    expect(await dayOf('2031-10-18')).to.include({ ratings: 22, satisfaction: 1 });
    await verify();
  });

  it('flags a burst from one review device, batched or not', async () => {
    await h.travel('2031-10-15T10:00:00+08:00');
    const desk = await reviewDesk(h);
    const at = clock.now().getTime();
    const bodies = Array.from({ length: 12 }, (_, i) =>
      deviceRating({ score: 5, rated_at: new Date(at - i * 1000).toISOString() }),
    );
    const answers = await Promise.all(bodies.map((b) => devicePost(desk.key, b)));
    expect(answers.map((a) => a.status)).to.deep.equal(Array(12).fill(201));
    const rows = await (await db())('ratings').where({ device_id: desk.device.id });
    expect(rows.filter((r: any) => r.flagged)).to.have.length(12);
    expect(await dayOf('2031-10-15')).to.include({ ratings: 0 });
    const b = await burstOf('device', desk.device.id);
    expect(b).to.include({ count: 12, score: 5 });
    await verify();
  });

  it(
    'decides whole or not at all: a reason is needed, only ' + 'a supervisor decides, a second decision is refused',
    async () => {
      await h.travel('2031-10-16T10:00:00+08:00');
      const w = await makeWindow(h);
      for (let i = 0; i < 5; i++) await ok(rate({ token: tokenOf(w), score: 3 }), 201);
      const b = await burstOf('window', w.id);
      const blank = await decide(b, true, '  ');
      expect(blank.status).to.equal(400);
      expect(blank.body.error.details[0].path).to.equal('reason');
      const byHandler = await h.handler.post('/api/v1/ratings/bursts/decision', {
        kind: 'window',
        source_id: w.id,
        score: 3,
        until: b.last_at,
        confirm: true,
        reason: '自己确认',
      });
      expect(byHandler.status).to.equal(403);
      expect((await h.handler.get('/api/v1/ratings/bursts')).status).to.equal(403);
      expect(
        await (
          await db()
        )('audit_log')
          .where({ action: 'forbidden' })
          .whereRaw("detail like '%rating_burst_decision%'"),
      ).to.have.length.at.least(1);
      expect(
        await (await db())('audit_log').where({ action: 'forbidden' }).whereRaw('detail like \'%"rating_bursts"%\''),
      ).to.have.length.at.least(1);
      expect((await dayOf('2031-10-16')).ratings).to.equal(0);
      const [first, second] = await Promise.all([decide(b, true), decide(b, false)]);
      expect([first.status, second.status].sort()).to.deep.equal([200, 409]);
      const again = await decide(b, true);
      expect(again.status).to.equal(409);
      const rows = await (await db())('ratings').where({ window_id: w.id });
      expect(new Set(rows.map((r: any) => r.flag_state)).size).to.equal(1);
      await verify();
    },
  );

  it('lists held ratings for a supervisor and refuses an appeal of one until it is decided', async () => {
    await h.travel('2031-10-17T10:00:00+08:00');
    const w = await makeWindow(h);
    for (let i = 0; i < 5; i++) await ok(rate({ token: tokenOf(w), score: 1, reason: '不满意' }), 201);
    const list = await ok(h.supervisor.get(`/api/v1/ratings?window_id=${w.id}&flagged=true`));
    expect(list.total).to.equal(5);
    expect(list.items[0]).to.include({ flagged: true, flag_state: 'held' });
    const appeal = await h.handler.post(`/api/v1/ratings/${list.items[0].id}/appeal`, { reason: '刷评' });
    expect(appeal.status).to.equal(409);
    await verify();
  });
});
