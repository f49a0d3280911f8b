import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { makeDepartment } from '../helpers/factories.ts';
import { call } from '../helpers/calls.ts';
import { accepted, createTicket, dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { DashboardHistory } from '../../server/domain/figures/dashboard-history.ts';
import { OverviewService } from '../../server/domain/figures/overview.service.ts';
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
    it('gives departments with equal scores the same rank, as the board does (1, 2, 2)', async () => {
      await h.travel('2023-05-08T10:00:00+08:00'); // a Monday
      const third = await makeDepartment();
      await accepted(h); // h.dept: two received, one signed
      await dispatched(h);
      for (const department_id of [h.other.id, third.id]) { // one received each, nothing signed: the same score
        const t = await createTicket(h.operator);
        await ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id }));
      }
      const { ranking } = await s.overview.dashboard();
      expect(ranking.map((r) => [r.department_id, r.rank])).to.deep.equal([[h.dept.id, 1], [h.other.id, 2], [third.id, 2]]);
      expect(ranking[1].score).to.equal(ranking[2].score);
      expect(ranking[0].score).to.be.above(ranking[1].score);
    });
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
      history.get = (from, to, withinS) => { asked.push(withinS); return get(from, to, withinS); };
      const d = await overview.dashboard();
      expect(d.overview.calls).to.include({ inbound: 1, answered_15s: 1 });
      expect(asked).to.deep.equal([30]);
      expect((await s.overview.dashboard()).overview.calls).to.include({ inbound: 1, answered_15s: 0 });
    });
  });
});
