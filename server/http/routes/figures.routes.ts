// Figures, reports and the leaderboard (docs/api.md "Figures, reports, the board"): for supervisors and admins.
import { Router } from '@koa/router';
import { drillQuery, month, monthParam, monthQuery, periodQuery } from '../../domain/figures/figures.schemas.ts';
import { monthSoFar, previousPeriod } from '../../domain/figures/figures.service.ts';
import { reportCsv, reportXlsx } from '../../domain/reports/report-export.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';
import { z } from 'zod';
import { clock } from '../../lib/clock.ts';
import { localDate } from '../../lib/calendar.ts';
import { render } from '../../i18n/index.ts';

// Built once: zod compiles a schema on its first parse.
const monthOnly = z.strictObject({ month });
const overviewQuery = z.strictObject({ date: z.iso.date().optional() });
const displayLinkBody = z.strictObject({ name: z.string().trim().min(1).max(100) });

/**
 * A report's period ends today at the latest: days to come hold nothing yet, and a month asked for whole while it
 * runs must be compared as a month to date (with the same days before), not as a whole month.
 */
function upToToday<T extends { from: string; to: string }>(q: T): T {
  const today = localDate(clock.now());
  return q.to > today && q.from <= today ? { ...q, to: today } : q;
}

export function figuresRoutes(s: Services): Router {
  const r = new Router();
  const readers = allow('figures.read');

  r.get('/stats/departments', readers, async (ctx) => {
    const q = parse(periodQuery, ctx.query);
    ctx.body = (await s.figures.departments(q, q)).map(({ counts: _c, ...rest }) => rest);
  });

  // The department report: figures, the previous period for month-on-month change, by group totals.
  r.get('/reports/departments', readers, async (ctx) => {
    const q = upToToday(parse(periodQuery, ctx.query));
    const prev = previousPeriod(q);
    const [current, previous] = await Promise.all([s.figures.report(q, q), s.figures.departments(prev, q)]);
    const before = new Map(previous.map((p) => [p.department_id, p]));
    const rows = current.departments.map((c) => ({ ...c, previous: before.get(c.department_id) ?? null }));
    ctx.body = {
      period: { from: q.from, to: q.to },
      previous_period: prev,
      // own: each unit's own figures; tree: each with its units below (docs/rules/figures.md "Levels").
      scope: current.scope,
      departments: rows,
      // The departments listed, added up: one department's report totals that department alone.
      total: current.total,
    };
  });

  // The report by category: one department's (department_id), one group's or the whole city's, with the same figures.
  r.get('/reports/categories', readers, async (ctx) => {
    const q = upToToday(parse(periodQuery, ctx.query));
    const prev = previousPeriod(q);
    const [current, previous] = await Promise.all([s.figures.categories(q, q), s.figures.categories(prev, q)]);
    const before = new Map(previous.map((p) => [p.category_id, p]));
    ctx.body = {
      period: { from: q.from, to: q.to },
      previous_period: prev,
      categories: current.map((c) => ({ ...c, previous: before.get(c.category_id) ?? null })),
    };
  });

  r.get('/stats/departments/:id/tickets', readers, async (ctx) => {
    const q = parse(drillQuery, ctx.query);
    ctx.body = await s.figures.drilldown(idOf(ctx.params.id), q);
  });

  r.get('/stats/daily', readers, async (ctx) => {
    const q = parse(periodQuery, ctx.query);
    ctx.body = await s.figures.daily(q, q.department_id);
  });

  r.get('/reports/departments.xlsx', readers, async (ctx) => {
    const q = parse(monthQuery, ctx.query);
    const period = monthSoFar(q.month, localDate(clock.now()));
    // 不合理诉求: the month's judged ones (the units of the exported group only, below), read beside the figures.
    const [view, judged] = await Promise.all([
      s.figures.exportView(period, q),
      s.unreasonable.report(actorOf(ctx), q.month),
    ]);
    ctx.set('Content-Disposition', `attachment; filename="departments-${q.month}.xlsx"`);
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const title = period.to_date
      ? render('report.titleToDate', { month: q.month, to: period.to }, 'zh')
      : render('report.title', { month: q.month }, 'zh');
    const units = new Set(view.rows.map((r) => r.department_id));
    const inGroup = judged.units.filter((u) => units.has(u.department_id));
    ctx.body = await reportXlsx(title, view, {
      ...judged,
      units: inGroup,
      total: inGroup.reduce((n, u) => n + u.items.length, 0),
    });
  });

  r.get('/reports/departments.csv', readers, async (ctx) => {
    const q = parse(monthQuery, ctx.query);
    ctx.set('Content-Disposition', `attachment; filename="departments-${q.month}.csv"`);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = reportCsv(await s.figures.exportView(monthSoFar(q.month, localDate(clock.now())), q), q.group ?? '');
  });

  // The monthly bulletin (运行情况通报) behind the printable /bulletin page.
  r.get('/reports/bulletin', readers, async (ctx) => {
    ctx.body = await s.bulletin.month(parse(monthOnly, ctx.query).month);
  });

  // Where the board stands: the server's today (pages default to it, not the browser's clock), the month just
  // ended, and the months prepared and waiting for a supervisor to publish them.
  r.get('/leaderboards', readers, async (ctx) => {
    ctx.body = {
      today: localDate(clock.now()),
      month: s.leaderboard.previousMonth(),
      awaiting: await s.leaderboard.awaitingPublication(),
    };
  });

  r.get('/leaderboards/:month', readers, async (ctx) => {
    ctx.body = await s.leaderboard.get(parse(monthParam, ctx.params).month);
  });

  r.post('/leaderboards/:month/publish', allow('leaderboard.publish'), async (ctx) => {
    const m = parse(monthParam, ctx.params).month;
    const { created, board } = await s.leaderboard.publish(m, actorOf(ctx));
    ctx.status = created ? 201 : 200;
    ctx.body = board;
  });

  r.get('/stats/overview', readers, async (ctx) => {
    const { date } = parse(overviewQuery, ctx.query);
    ctx.body = await s.overview.overview(date ?? localDate(clock.now()));
  });

  r.get('/dashboard', readers, async (ctx) => {
    ctx.body = await s.overview.dashboard();
  });

  r.post('/display-links', allow('administer'), async (ctx) => {
    const { name } = parse(displayLinkBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = await s.displayLinks.issue(actorOf(ctx), name);
  });
  r.get('/display-links', allow('administer'), async (ctx) => {
    ctx.body = await s.displayLinks.list();
  });
  r.post('/display-links/:id/revoke', allow('administer'), async (ctx) => {
    await s.displayLinks.revoke(idOf(ctx.params.id));
    ctx.status = 204;
  });

  r.get('/stats/verify', allow('administer'), async (ctx) => {
    const diffs = await s.figures.verify();
    ctx.body = { consistent: diffs.length === 0, diffs: diffs.slice(0, 100) };
  });
  return r;
}
