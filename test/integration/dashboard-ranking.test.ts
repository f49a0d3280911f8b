import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { makeDepartment } from '../helpers/factories.ts';
import { call } from '../helpers/calls.ts';
import { accepted, createTicket, dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { DashboardHistory } from '../../server/domain/dashboard/dashboard-history.ts';
import { OverviewService } from '../../server/domain/dashboard/overview.service.ts';
import { LeaderboardService } from '../../server/domain/leaderboard/leaderboard.service.ts';
import type { Services } from '../../server/services.ts';

// A month of its own: no other suite dispatches orders or logs calls in it.
describe('OverviewService dashboard', () => {
  let h: Hotline;
  let s: Services;
  before(async () => {
    s = (await testApp()).services;
    h = await hotline();
  });

  describe('ranking', () => {
    it(
      'ranks as the board ranks: within each group, only ' + 'departments with the minimum sample, ties sharing a rank',
      async () => {
        await h.travel('2023-05-08T10:00:00+08:00'); // a Monday
        const third = await makeDepartment();
        const fourth = await makeDepartment();
        await accepted(h); // h.dept: two received, one signed
        await dispatched(h);
        for (const department_id of [third.id, fourth.id, h.other.id]) {
          // one received each, nothing signed
          const t = await createTicket(h.operator);
          await ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id }));
        }
        const withSample = (minSample: number) => {
          const config = { ...s.config, leaderboard: { ...s.config.leaderboard, minSample } };
          const board = new LeaderboardService(s.db, s.figures, config);
          return { overview: new OverviewService(s.db, s.figures, board, config), board };
        };
        const one = withSample(1);
        const { ranking } = await one.overview.dashboard();
        expect(ranking.map((r) => [r.group, r.department_id, r.rank])).to.deep.equal([
          ['区县', h.dept.id, 1],
          ['区县', third.id, 2],
          ['区县', fourth.id, 2],
          ['市直部门', h.other.id, 1],
        ]);
        expect(ranking[1].score).to.equal(ranking[2].score);
        // The same ranks and scores as the month's board.
        const board = await one.board.compute('2023-05');
        const fromBoard = board.groups.flatMap((g) => g.ranked.map((e) => [g.group, e.department_id, e.rank, e.score]));
        expect(ranking.map((r) => [r.group, r.department_id, r.rank, r.score])).to.deep.equal(fromBoard);
        // Below the sample a department is not ranked on the dashboard either.
        const two = await withSample(2).overview.dashboard();
        expect(two.ranking.map((r) => r.department_id)).to.deep.equal([h.dept.id]);
      },
    );
  });

  describe('calls answered in time', () => {
    it('counts them with the configured threshold, today and in the kept days', async () => {
      await h.travel('2023-06-13T10:00:00+08:00');
      await ok(h.operator.post('/api/v1/calls', call({ started_at: '2023-06-13T09:00:00+08:00', wait_s: 20 })), 201);
      const config = { ...s.config, intake: { ...s.config.intake, answeredWithinSeconds: 30 } };
      const overview = new OverviewService(s.db, s.figures, s.leaderboard, config);
      // The kept days do not show the figure on the screen: what they are asked for is watched instead.
      const history: DashboardHistory = overview['history'];
      const asked: number[] = [];
      const get = history.get.bind(history);
      history.get = (from, to, withinS) => {
        asked.push(withinS);
        return get(from, to, withinS);
      };
      const d = await overview.dashboard();
      expect(d.overview.calls).to.include({ inbound: 1, answered_15s: 1 });
      expect(asked).to.deep.equal([30]);
      expect((await s.overview.dashboard()).overview.calls).to.include({ inbound: 1, answered_15s: 0 });
    });
  });
});
