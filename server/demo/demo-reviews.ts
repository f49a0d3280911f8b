// The review side of the demo data set (好差评): service-hall windows and a staff member with static QR codes, the
// ratings residents gave them over the four weeks (one at a time, never a burst), and today two bursts of
// five-star ratings through one code within seconds, held out of the figures for the supervisor to confirm or void
// on the supervision page (督办考核 → 异常评价). Ratings go through the public rating service, as a phone's would.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import { fromDbTime } from '../lib/db.ts';
import { localDate } from '../lib/calendar.ts';
import type { Cast } from './demo-catalogue.ts';
import { at, Rng, type DemoTime } from './demo-time.ts';
import { DEMO_WINDOW_ITEM_CODES } from './demo-province-ratings.ts';

const REASONS = ['等候时间太长', '办事效率低', '政策解释不清楚'];

export async function loadReviews(s: Services, cast: Cast, t: DemoTime): Promise<void> {
  const rng = new Rng(7);
  clock.set(at(t.days[0], '08:00'));
  // Each window's 事项编码 (demo-province-ratings.ts): its ratings reach the provincial 好差评 system under it.
  const hall = await s.windows.createWindow({
    department_id: cast.departments.rsj.id,
    name: '社保综合窗口 3号',
    item_code: DEMO_WINDOW_ITEM_CODES.hall,
  });
  const fund = await s.windows.createWindow({
    department_id: cast.departments.gjj.id,
    name: '提取业务窗口 1号',
    item_code: DEMO_WINDOW_ITEM_CODES.fund,
  });
  const clerk = await s.windows.createStaff({
    department_id: cast.departments.gjj.id,
    window_id: fund.id,
    staff_no: 'GJJ017',
    name: '王晓红',
  });
  const token = (x: { rating_url: string }) => x.rating_url.split('/rate/')[1];
  const rate = (code: { rating_url: string }, score: number, when: Date) => {
    clock.set(when);
    return s.publicRatings.rate({ token: token(code), score, ...(score <= 2 ? { reason: rng.pick(REASONS) } : {}) });
  };
  // Residents of a working day, half an hour or more apart at each code.
  for (const day of t.days.filter((d) => t.isWorkday(d))) {
    for (const code of [hall, clerk]) {
      let m = at(day, '09:00').getTime() + rng.int(0, 30) * 60_000;
      for (let i = rng.int(2, 4); i > 0; i--) {
        await rate(
          code,
          rng.weighted([
            [5, 6],
            [4, 3],
            [3, 1],
            [2, 1],
          ]),
          new Date(m),
        );
        m += rng.int(30, 90) * 60_000;
      }
    }
  }
  await rectify(s, cast, t);
  // Today's bursts: one hand tapping five stars, 12 times at the hall's window and 6 times at the clerk's code.
  for (const [code, n, minutesAgo] of [
    [hall, 12, 95],
    [clerk, 6, 65],
  ] as const) {
    const start = t.ago(minutesAgo).getTime();
    for (let i = 0; i < n; i++) await rate(code, 5, new Date(start + i * 3_000));
  }
}

/**
 * The departments put their bad reviews right as a department does: each rectification order signed within the
 * hour and answered the next morning, except those of the last two days, still in hand. Without this the demo's
 * windows would carry weeks of unsigned, overdue orders no department would leave.
 */
async function rectify(s: Services, cast: Cast, t: DemoTime): Promise<void> {
  const cutoff = t.ago(2 * 24 * 60);
  for (const key of ['rsj', 'gjj']) {
    const handler = cast.handlers[key];
    const orders = await s
      .db('tickets')
      .where({ type: 'rectification', department_id: cast.departments[key].id, status: 'dispatched' })
      .orderBy('id');
    for (const o of orders) {
      const created = fromDbTime(o.created_at)!;
      if (created >= cutoff) continue;
      clock.set(new Date(created.getTime() + 40 * 60_000));
      const signed = await s.actions.sign(handler, o.id, { version: o.version });
      // The next working day's morning (a Friday's review is answered on Monday).
      let reply = created.getTime() + 20 * 3600_000;
      while (!t.isWorkday(localDate(new Date(reply)))) reply += 24 * 3600_000;
      clock.set(new Date(reply));
      await s.actions.reply(handler, o.id, {
        version: signed.version,
        resolution: '已与窗口工作人员核实情况，加强业务培训并优化叫号流程，已电话向评价人说明整改措施。',
      });
    }
  }
}
