import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { testApp } from '../helpers/test-app.ts';
import { makeCategory, makeDepartment, signedIn, uniq } from '../helpers/factories.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { devicePost, deviceRating, reviewDesk } from '../helpers/reviews.ts';
import { clock } from '../../server/lib/clock.ts';
import { ROLLUP_TABLES, rollupsRepository } from '../../server/domain/figures/rollups.repository.ts';
import { capture } from '../../bench/bare-sql.ts';

// A month of tickets with known outcomes, built through the API; every expected number below is counted by hand
// from the story, not from the code.
describe('figures', () => {
  let h: Hotline;
  let group: string;
  let empty: { id: number };
  let category: { id: number; name: string };

  const at = async (moment: string) => h.travel(`${moment}+08:00`);
  const post = (api: 'operator' | 'handler' | 'supervisor', path: string, body: unknown) =>
    ok(h[api].post(`/api/v1${path}`, body));
  const dispatch = async (over: Record<string, unknown> = {}) => {
    const t = await createTicket(h.operator, over);
    return post('operator', `/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id });
  };
  const sign = (t: any) => post('handler', `/tickets/${t.id}/sign`, { version: t.version });
  const reply = (t: any) => post('handler', `/tickets/${t.id}/reply`, { version: t.version, resolution: '已办理' });
  const callback = (t: any, score: number) =>
    post('operator', `/tickets/${t.id}/callback`, {
      version: t.version,
      score,
      ...(score <= 2 ? { reason: '未解决' } : {}),
    });

  before(async function () {
    this.timeout(120_000);
    h = await hotline();
    group = uniq('考核组');
    const { services } = await testApp();
    await services.departments.update(h.dept.id, { group });
    empty = await makeDepartment(group);
    // t1, t2 and t4 (with t4's redo) are of one category; t3, t5, t6 and t7 have none.
    category = await makeCategory(h.dept.id);
    // t1: signed and replied on time, rated 5
    await at('2031-03-03T09:00:00');
    let t1 = await dispatch({ type: 'inquiry', category_id: category.id });
    // t2: signed late, replied late (inquiry due 03-06)
    let t2 = await dispatch({ type: 'inquiry', category_id: category.id });
    await at('2031-03-03T10:00:00');
    t1 = await sign(t1);
    await at('2031-03-04T09:00:00');
    t1 = await reply(t1);
    await callback(t1, 5);
    // t3: returned
    const t3 = await dispatch();
    const t3r = await post('handler', `/tickets/${t3.id}/return`, { version: t3.version, reason: '不属于本单位职责' });
    const req = (await ok(h.supervisor.get(`/api/v1/tickets/${t3r.id}`))).requests[0];
    await post('supervisor', `/tickets/${t3.id}/returns/${req.id}/decision`, { approve: true });
    await at('2031-03-05T09:00:00');
    t2 = await sign(t2);
    // t4: replied, bad callback -> redo, redo replied on time (puts the bad review right)
    let t4 = await dispatch({ type: 'help', category_id: category.id });
    t4 = await sign(t4);
    await at('2031-03-06T09:00:00');
    t4 = await reply(t4);
    t4 = await callback(t4, 1);
    t4 = await sign(t4);
    await at('2031-03-09T09:00:00');
    await reply(t2);
    t4 = await reply(t4);
    await callback(t4, 4);
    // t7: an extension makes a late-looking reply on time (inquiry due 03-13, extended by 2 to 03-17)
    await at('2031-03-10T09:00:00');
    let t7 = await dispatch({ type: 'inquiry' });
    t7 = await sign(t7);
    t7 = await post('handler', `/tickets/${t7.id}/extension`, { version: t7.version, days: 2, reason: '需要现场核实' });
    const ext = (await ok(h.supervisor.get(`/api/v1/tickets/${t7.id}`))).requests[0];
    t7 = await post('supervisor', `/tickets/${t7.id}/extensions/${ext.id}/decision`, { approve: true });
    await at('2031-03-16T09:00:00');
    await reply(t7);
    // t5 on the last second of March counts in March; t6 one second later counts in April
    await at('2031-03-31T23:59:59');
    await dispatch();
    await at('2031-04-01T00:00:00');
    await dispatch();
    await at('2031-04-02T09:00:00');
  });

  const march = () => `from=2031-03-01&to=2031-03-31&group=${encodeURIComponent(group)}`;

  describe('GET /stats/departments', () => {
    it('counts a month by the definitions', async () => {
      const rows = await ok(h.supervisor.get(`/api/v1/stats/departments?${march()}`));
      const a = rows.find((r: any) => r.department_id === h.dept.id);
      expect(a).to.deep.include({
        received: 6, // t1, t2, t4, the redo of t4, t7, t5 (t3 returned, t6 in April)
        sign_timely_rate: 4 / 6, // t1, t4, redo, t7
        completion_rate: 5 / 6, // all but t5
        on_time_rate: 4 / 5, // t2 late
        satisfaction_rate: 2 / 3, // 5 and 4 of 5, 1, 4
        rectification_rate: 1, // t4's bad review put right by the redo's on-time reply
        return_rate: 1 / 7,
        redo_rate: 1 / 6,
      });
    });

    it('gives an empty department null rates, never 0% or 100%', async () => {
      const rows = await ok(h.supervisor.get(`/api/v1/stats/departments?${march()}`));
      const e = rows.find((r: any) => r.department_id === empty.id);
      expect(e).to.include({
        received: 0,
        sign_timely_rate: null,
        completion_rate: null,
        on_time_rate: null,
        satisfaction_rate: null,
        rectification_rate: null,
        return_rate: null,
        redo_rate: null,
      });
    });

    it('puts the first second of April in April', async () => {
      const rows = await ok(
        h.supervisor.get(`/api/v1/stats/departments?from=2031-04-01&to=2031-04-30&group=${encodeURIComponent(group)}`),
      );
      expect(rows.find((r: any) => r.department_id === h.dept.id).received).to.equal(1);
    });

    it('counts a period of whole months and edge days the same as its days one by one', async () => {
      const received = async (from: string, to: string) =>
        (
          await ok(
            h.supervisor.get(`/api/v1/stats/departments?from=${from}&to=${to}&group=${encodeURIComponent(group)}`),
          )
        ).find((r: any) => r.department_id === h.dept.id);
      // February and April whole, March whole; then March from the 3rd (days) and April's first day (a day).
      expect((await received('2031-02-01', '2031-04-30')).received).to.equal(7);
      expect((await received('2031-03-03', '2031-04-01')).received).to.equal(7);
      // Days only: t4 (5th), its redo (6th) and t7 (10th); t1 and t2 were dispatched on the 3rd, t3 was returned.
      expect((await received('2031-03-04', '2031-03-30')).received).to.equal(3);
      // March's first two dekads (旬) whole, from the dekad table, as their days one by one.
      expect((await received('2031-03-01', '2031-03-20')).received).to.equal(5);
      expect((await received('2031-03-02', '2031-03-10')).received).to.equal(5);
      expect((await received('2031-03-01', '2031-03-10')).received).to.equal(5);
    });

    it('refuses bad periods and other roles', async () => {
      const bad = await h.supervisor.get('/api/v1/stats/departments?from=2031-03-31&to=2031-03-01');
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details[0].path).to.equal('to');
      expect((await h.operator.get(`/api/v1/stats/departments?${march()}`)).status).to.equal(403);
      expect((await h.handler.get(`/api/v1/stats/departments?${march()}`)).status).to.equal(403);
    });
  });

  describe('drill-down and report', () => {
    it('lists the tickets behind each number', async () => {
      const base = `/api/v1/stats/departments/${h.dept.id}/tickets?from=2031-03-01&to=2031-03-31`;
      // The total comes from the counters, the list from the assignments: both must say the same.
      const drill = async (figure: string, n: number) => {
        const res = await ok(h.supervisor.get(`${base}&figure=${figure}`));
        expect(res.total, figure).to.equal(n);
        expect(res.items, figure).to.have.length(n);
      };
      await drill('received', 6);
      await drill('signed_late', 2);
      await drill('unreplied', 1);
      await drill('replied_late', 1);
      await drill('returned', 1);
      const redo = await ok(h.supervisor.get(`${base}&figure=redo`));
      expect(redo.items).to.have.length(1);
      expect(redo.items[0].is_redo).to.equal(true);
      // Behind satisfaction and rectification: the ratings. t4's bad callback, put right by its redo on time.
      await drill('unsatisfied', 1);
      await drill('bad_unfixed', 0);
      const [bad] = (await ok(h.supervisor.get(`${base}&figure=unsatisfied`))).items;
      expect(bad).to.include({
        score: 1,
        channel: 'callback',
        reason: '未解决',
        number: redo.items[0].number,
        remedy_number: redo.items[0].number,
        remedy_status: 'closed',
      });
      expect(bad.remedy_replied_at < bad.remedy_due_at).to.equal(true);
    });

    it("lists a device's bad review whose rectification order is still open as not put right", async () => {
      const dept = await makeDepartment(uniq('整改组'));
      await at('2031-05-06T09:00:00');
      const desk = await reviewDesk(h, dept.id);
      const posted = await devicePost(
        desk.key,
        deviceRating({ score: 2, reason: '办事效率低', rated_at: clock.now().toISOString() }),
      );
      expect(posted.status).to.equal(201);
      const url = `/api/v1/stats/departments/${dept.id}/tickets?from=2031-05-01&to=2031-05-31&figure=bad_unfixed`;
      const open = await ok(h.supervisor.get(url));
      expect(open.total).to.equal(1);
      expect(open.items[0]).to.include({
        score: 2,
        channel: 'device',
        reason: '办事效率低',
        number: null,
        remedy_status: 'dispatched',
        remedy_replied_at: null,
      });
      expect(open.items[0].remedy_number).to.match(/^20310506\d{6}$/);
    });

    it('compares with the previous month', async () => {
      const report = await ok(
        h.supervisor.get(
          `/api/v1/reports/departments?from=2031-04-01&to=2031-04-30&group=${encodeURIComponent(group)}`,
        ),
      );
      expect(report.previous_period).to.deep.equal({ from: '2031-03-01', to: '2031-03-31' });
      const a = report.departments.find((r: any) => r.department_id === h.dept.id);
      expect(a.received).to.equal(1);
      expect(a.previous.received).to.equal(6);
      expect(report.total.received).to.equal(1);
    });
  });

  describe('report by category', () => {
    it('counts each category of a department by the same definitions', async () => {
      const report = await ok(
        h.supervisor.get(`/api/v1/reports/categories?from=2031-03-01&to=2031-03-31&department_id=${h.dept.id}`),
      );
      expect(report.categories.map((c: any) => c.category_id)).to.deep.equal([category.id, null]);
      const [a, none] = report.categories;
      expect(a).to.deep.include({
        name: category.name,
        received: 4, // t1, t2, t4 and its redo
        sign_timely_rate: 3 / 4, // t2 late
        completion_rate: 1,
        on_time_rate: 3 / 4, // t2 late
        satisfaction_rate: 2 / 3, // callbacks 5, 1 and 4 rate assignments of this category
        rectification_rate: 1,
        return_rate: 0,
        redo_rate: 1 / 4,
      });
      expect(none).to.deep.include({
        name: null,
        received: 2, // t7 and t5 (t3 returned)
        sign_timely_rate: 1 / 2, // t5 not signed
        completion_rate: 1 / 2,
        on_time_rate: 1, // t7, extended
        satisfaction_rate: null,
        rectification_rate: null,
        return_rate: 1 / 3,
        redo_rate: 0,
      });
      expect(a.previous).to.equal(null);
    });

    it('adds up to the department figures, and compares with the previous month', async () => {
      const april = await ok(
        h.supervisor.get(`/api/v1/reports/categories?from=2031-04-01&to=2031-04-30&department_id=${h.dept.id}`),
      );
      expect(april.categories).to.have.length(1);
      expect(april.categories[0]).to.deep.include({ category_id: null, received: 1 });
      expect(april.categories[0].previous.received).to.equal(2);
      const group_ = await ok(
        h.supervisor.get(`/api/v1/reports/categories?from=2031-03-01&to=2031-03-31&group=${encodeURIComponent(group)}`),
      );
      const sum = group_.categories.reduce((n: number, c: any) => n + c.received, 0);
      expect(sum).to.equal(6);
    });

    it("gives the whole city the same figures over days that cut months as the departments' own counters", async () => {
      // Days, not whole months: the city reads its own per-category counters, a department its own.
      const range = 'from=2031-03-02&to=2031-04-01';
      const city = await ok(h.supervisor.get(`/api/v1/reports/categories?${range}`));
      const own = await ok(h.supervisor.get(`/api/v1/reports/categories?${range}&department_id=${h.dept.id}`));
      const pick = (r: any) => {
        const { previous: _p, ...rest } = r.categories.find((c: any) => c.category_id === category.id);
        return rest;
      };
      expect(pick(city)).to.deep.equal(pick(own));
      expect(pick(city).received).to.equal(4);
      // March's first two dekads (旬): the city reads them whole from its dekad counters, the department day by day.
      const dekads = 'from=2031-03-01&to=2031-03-20';
      const cityDekads = await ok(h.supervisor.get(`/api/v1/reports/categories?${dekads}`));
      const ownDays = await ok(h.supervisor.get(`/api/v1/reports/categories?${dekads}&department_id=${h.dept.id}`));
      expect(pick(cityDekads)).to.deep.equal(pick(ownDays));
      expect(pick(cityDekads).received).to.equal(4);
    });

    it('is for supervisors and administrators only', async () => {
      expect((await h.handler.get(`/api/v1/reports/categories?from=2031-03-01&to=2031-03-31`)).status).to.equal(403);
      expect((await h.operator.get(`/api/v1/reports/categories?from=2031-03-01&to=2031-03-31`)).status).to.equal(403);
      const bad = await h.supervisor.get('/api/v1/reports/categories?from=2031-03-01&to=tomorrow');
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details[0].path).to.equal('to');
    });
  });

  describe('monthly bulletin (运行情况通报)', () => {
    it(
      "gathers the month's figures by group, the categories, " +
        'the calls and the board, as the other pages show them',
      async () => {
        const b = await ok(h.supervisor.get('/api/v1/reports/bulletin?month=2031-03'));
        expect(b.period).to.deep.equal({ from: '2031-03-01', to: '2031-03-31' });
        expect(b.previous_period).to.deep.equal({ from: '2031-02-01', to: '2031-02-28' });
        const g = b.groups.find((x: any) => x.group === group);
        const report = await ok(h.supervisor.get(`/api/v1/reports/departments?${march()}`));
        expect(g.departments).to.deep.equal(
          report.departments.map(({ counts: _c, previous: _p, group: _g, ...rest }: any) => ({ ...rest, group })),
        );
        const { counts: _c, ...total } = report.total;
        expect(g.total).to.deep.include({ ...total });
        expect(g.total.previous.received).to.equal(0);
        expect(b.categories.find((c: any) => c.category_id === category.id)).to.deep.include({
          name: category.name,
          received: 4,
        });
        const calls = await ok(h.supervisor.get('/api/v1/stats/calls?from=2031-03-01&to=2031-03-31'));
        expect(b.calls).to.deep.include(calls.total);
        const board = await ok(h.supervisor.get('/api/v1/leaderboards/2031-03'));
        expect(b.leaderboard).to.deep.equal(board);
      },
    );

    it('refuses a malformed month and the other roles', async () => {
      const bad = await h.supervisor.get('/api/v1/reports/bulletin?month=2031-13');
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details[0].path).to.equal('month');
      expect((await h.handler.get('/api/v1/reports/bulletin?month=2031-03')).status).to.equal(403);
      expect((await h.operator.get('/api/v1/reports/bulletin?month=2031-03')).status).to.equal(403);
    });
  });

  describe('rollups', () => {
    it('agree with a recount from assignments and ratings', async () => {
      const admin = await signedIn('admin');
      const res = await ok(admin.api.get('/api/v1/stats/verify'));
      expect(res.diffs).to.deep.equal([]);
      expect(res.consistent).to.equal(true);
    });

    it('write a batch over many units, categories and days with one statement per counter table', async () => {
      // A creation batch of a real day spreads over many units and categories: each counter table is written once
      // with every row the batch touches (rollups.repository.ts writeBumps), each row the sum of its own changes.
      const { services } = await testApp();
      const db = services.db;
      const units = [await makeDepartment(), await makeDepartment(), await makeDepartment()];
      const cats = [await makeCategory(units[0].id), await makeCategory(units[1].id)];
      const days = ['2040-05-10', '2040-05-11'];
      // Rolled back at the end: counters without the records they count would fail the file's recount.
      const trx = await db.transaction();
      try {
        const statements = await capture(db, async () => {
          expect(rollupsRepository.deferBumps(trx)).to.equal(true);
          for (const [u, unit] of units.slice(0, 2).entries())
            for (const [c, cat] of cats.entries())
              for (const [d, day] of days.entries())
                await rollupsRepository.bump(trx, unit.id, cat.id, day, { dispatched: 1 + u + 2 * c + 4 * d });
          await rollupsRepository.bump(trx, units[0].id, null, days[0], { dispatched: 1, returned: 1 });
          // Changes that cancel out write no row.
          await rollupsRepository.bump(trx, units[2].id, cats[0].id, days[0], { dispatched: 1 });
          await rollupsRepository.bump(trx, units[2].id, cats[0].id, days[0], { dispatched: -1 });
          await rollupsRepository.flushBumps(trx);
        });
        const writes = statements.map((s) => s.sql).filter((sql) => /^insert into `\w+_stats`/i.test(sql));
        expect(writes.map((sql) => /^insert into `(\w+)`/i.exec(sql)![1])).to.deep.equal(ROLLUP_TABLES);
        const sum = async (table: string, where: Record<string, unknown>) =>
          Number((await trx(table).where(where).sum({ n: 'dispatched' }))[0].n ?? 0);
        // Unit 0: 1 + 5 on day 0, 3 + 7 on day 1, and the order without a category on day 0.
        expect(await sum('department_day_stats', { department_id: units[0].id, day: days[0] })).to.equal(1 + 3 + 1);
        expect(await sum('department_day_stats', { department_id: units[0].id, day: days[1] })).to.equal(5 + 7);
        expect(await sum('department_month_stats', { department_id: units[1].id, month: '2040-05' })).to.equal(
          2 + 4 + 6 + 8,
        );
        expect(await sum('department_dekad_stats', { department_id: units[1].id, dekad: '2040-05-1' })).to.equal(2 + 4);
        expect(await sum('department_dekad_stats', { department_id: units[1].id, dekad: '2040-05-2' })).to.equal(6 + 8);
        expect(
          Number((await trx('department_day_stats').where({ department_id: units[0].id, day: days[0] }))[0].returned),
        ).to.equal(1);
        // The city's row of a category gathers its units: category 1 on day 1 is 7 (unit 0) + 8 (unit 1).
        expect(await sum('city_category_day_stats', { category_id: cats[1].id, day: days[1] })).to.equal(7 + 8);
        expect(await sum('city_category_dekad_stats', { category_id: cats[0].id, dekad: '2040-05-2' })).to.equal(5 + 6);
        expect(await sum('category_month_stats', { category_id: cats[0].id, department_id: units[0].id })).to.equal(
          1 + 5,
        );
        expect(
          await sum('category_day_stats', { category_id: cats[1].id, department_id: units[1].id, day: days[0] }),
        ).to.equal(4);
        expect(await trx('department_day_stats').where({ department_id: units[2].id })).to.deep.equal([]);
        expect(await trx('category_day_stats').where({ department_id: units[2].id })).to.deep.equal([]);
      } finally {
        await trx.rollback();
      }
    });

    it('are filled from the records for a database whose records predate a counter table', async () => {
      const { services } = await testApp();
      const db = services.db;
      const before = await services.figures.categories(
        { from: '2031-03-01', to: '2031-03-31' },
        { department_id: h.dept.id },
      );
      await db('category_day_stats').delete();
      await db('category_month_stats').delete();
      expect(
        await services.figures.categories({ from: '2031-03-01', to: '2031-03-31' }, { department_id: h.dept.id }),
      ).to.deep.equal([]);
      expect(await services.figures.ensureRollups()).to.equal(true);
      expect(await services.figures.ensureRollups()).to.equal(false);
      expect(
        await services.figures.categories({ from: '2031-03-01', to: '2031-03-31' }, { department_id: h.dept.id }),
      ).to.deep.equal(before);
      expect(await services.figures.verify()).to.deep.equal([]);
    });
  });

  describe('exports', () => {
    it('writes an .xlsx with a sheet per group, Chinese headers and formatted rates', async () => {
      const res = await fetch(
        `${h.supervisor.baseUrl}/api/v1/reports/departments.xlsx?month=2031-03&group=${encodeURIComponent(group)}`,
        {
          headers: { authorization: `Bearer ${h.supervisor.token}` },
        },
      );
      expect(res.status).to.equal(200);
      const file = Buffer.from(await res.arrayBuffer());
      // A few units' report is stored, not deflated (report-export.ts zipOptions): a zip's first part says so.
      expect(file.readUInt16LE(8), 'compression method of the first part').to.equal(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file as never);
      const ws = wb.getWorksheet(group)!;
      expect(ws.getRow(2).values).to.include('受理量');
      const row = ws.getRows(3, ws.rowCount - 2)!.find((r) => r.getCell(1).value === h.dept.name)!;
      expect(row.getCell(3).value).to.equal(6);
      expect(row.getCell(5).value).to.be.closeTo(5 / 6, 1e-9);
      expect(row.getCell(5).numFmt).to.equal('0.0%');
      const emptyRow = ws.getRows(3, ws.rowCount - 2)!.find((r) => r.getCell(3).value === 0)!;
      expect(emptyRow.getCell(4).value).to.equal('—');
      // A total row last, added up as the report adds up, and the supervision (督办) count beside the rates.
      expect(ws.getRow(2).getCell(14).value).to.equal('督办');
      const report = await ok(
        h.supervisor.get(
          `/api/v1/reports/departments?from=2031-03-01&to=2031-03-31&group=${encodeURIComponent(group)}`,
        ),
      );
      const total = ws.getRow(ws.rowCount);
      expect(total.getCell(1).value).to.equal('合计');
      expect(total.getCell(3).value).to.equal(report.total.received);
      expect(total.getCell(5).value).to.be.closeTo(report.total.completion_rate, 1e-9);
      expect(total.getCell(14).value).to.equal(report.total.supervised);
      // Bold in every cell, the rates still percentages (the cells share their styles: report-export.ts).
      expect(total.getCell(1).font?.bold).to.equal(true);
      expect(total.getCell(5).font?.bold).to.equal(true);
      expect(total.getCell(5).numFmt).to.equal('0.0%');
      expect(row.getCell(5).font?.bold, 'a unit row is not bold').to.equal(undefined);
    });

    it('writes a .csv with a BOM that Excel opens in Chinese', async () => {
      const res = await fetch(
        `${h.supervisor.baseUrl}/api/v1/reports/departments.csv?month=2031-03&group=${encodeURIComponent(group)}`,
        {
          headers: { authorization: `Bearer ${h.supervisor.token}` },
        },
      );
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      expect(text.split('\r\n')[0]).to.equal(
        '承办单位,分组,受理量,及时签收率,办结率,按时办结率,满意率,差评整改率,退单率,重办率,响应率,解决率,回访率,督办,' +
          '单位类型,上级单位',
      );
      // The last row adds the listed departments up: the group's total, the same as the report's.
      const report = await ok(
        h.supervisor.get(
          `/api/v1/reports/departments?from=2031-03-01&to=2031-03-31&group=${encodeURIComponent(group)}`,
        ),
      );
      const last = text.trimEnd().split('\r\n').at(-1)!.split(',');
      expect(last.slice(0, 3)).to.deep.equal(['合计', group, String(report.total.received)]);
      expect(last[13]).to.equal(String(report.total.supervised));
      expect(text).to.include(`${h.dept.name},${group},6,66.7%,83.3%,80.0%,66.7%,100.0%,14.3%,16.7%`);
    });
  });

  describe('leaderboard', () => {
    it('ranks departments with enough samples and lists the others apart', async () => {
      const board = await ok(h.supervisor.get('/api/v1/leaderboards/2031-03'));
      expect(board.published_at).to.equal(null);
      const g = board.groups.find((x: any) => x.group === group);
      expect(g.ranked.map((e: any) => e.department_id)).to.deep.equal([h.dept.id]);
      // One ranked department: too few (under 3) for a fifth of the group to mean anything, so no lists.
      expect([g.red, g.blue]).to.deep.equal([[], []]);
      expect(g.unranked.map((e: any) => e.department_id)).to.deep.equal([empty.id]);
      // 30×0.8 + 30×2/3 + 15×4/6 + 15×5/6 + 5×(1−1/7) + 5×(1−1/6)
      const expected = 30 * 0.8 + 30 * (2 / 3) + 15 * (4 / 6) + 15 * (5 / 6) + 5 * (6 / 7) + 5 * (5 / 6);
      expect(g.ranked[0].score).to.be.closeTo(expected, 0.006);
      expect(g.ranked[0].rank).to.equal(1);
      expect(board.status).to.equal('preview');
    });

    it('cannot publish a month that has not ended', async () => {
      await at('2031-04-30T23:59:59');
      const res = await h.supervisor.post('/api/v1/leaderboards/2031-04/publish');
      expect(res.status).to.equal(409);
    });

    it('publishes once, frozen: publishing again answers the same board', async () => {
      await at('2031-04-01T01:00:00');
      expect((await h.operator.post('/api/v1/leaderboards/2031-03/publish')).status).to.equal(403);
      const [first, second] = await Promise.all([
        h.supervisor.post('/api/v1/leaderboards/2031-03/publish'),
        h.supervisor.post('/api/v1/leaderboards/2031-03/publish'),
      ]);
      expect([first.status, second.status].sort()).to.deep.equal([200, 201]);
      expect(first.body).to.deep.equal(second.body);
      expect(first.body.published_at).to.be.a('string');
      // Later changes to March do not move the published board.
      await at('2031-04-02T10:00:00');
      const { services } = await testApp();
      await services.departments.update(h.dept.id, { name: uniq('改名') });
      const again = await ok(h.supervisor.get('/api/v1/leaderboards/2031-03'));
      expect(again).to.deep.equal(first.body);
      const mails = await services.db('outbox').where('dedupe_key', 'like', 'leaderboard:2031-03:%');
      expect(mails.length).to.be.greaterThan(0);
    });
  });
});
