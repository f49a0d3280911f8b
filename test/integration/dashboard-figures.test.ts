import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { makeCategory } from '../helpers/factories.ts';
import { call } from '../helpers/calls.ts';
import { accepted, createTicket, dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { clock } from '../../server/lib/clock.ts';
import type { Services } from '../../server/services.ts';

describe('OverviewService', () => {
  let h: Hotline;
  let s: Services;
  before(async () => {
    s = (await testApp()).services;
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  describe('dashboard', () => {
    // Days of their own, long ago: no other suite's orders or calls fall into their 30-day windows.
    it("adds today's orders and calls, read fresh, to the days before, which are kept a few minutes", async () => {
      await h.travel('2013-06-03T10:00:00+08:00');
      const [a, b] = [await makeCategory(h.dept.id), await makeCategory(h.dept.id)];
      await createTicket(h.operator, { category_id: a.id });
      await createTicket(h.operator, { category_id: a.id });
      await createTicket(h.operator, { category_id: b.id });
      await ok(h.operator.post('/api/v1/calls', call({ started_at: '2013-06-03T09:00:00+08:00', wait_s: 40 })), 201);
      let d = await s.overview.dashboard();
      expect(d.categories.map((c) => [c.name, c.n])).to.deep.equal([
        [a.name, 2],
        [b.name, 1],
      ]);
      expect(d.trend.at(-1)).to.include({ day: '2013-06-03', calls: 1, connection_rate: 1 });

      await h.travel('2013-06-04T10:00:00+08:00');
      await createTicket(h.operator, { category_id: b.id });
      await createTicket(h.operator, { category_id: b.id });
      await ok(
        h.operator.post(
          '/api/v1/calls',
          call({ started_at: '2013-06-04T09:00:00+08:00', answered: false, wait_s: 60, talk_s: 0 }),
        ),
        201,
      );
      d = await s.overview.dashboard();
      expect(d.categories.map((c) => [c.name, c.n])).to.deep.equal([
        [b.name, 3],
        [a.name, 2],
      ]);
      expect(d.trend.slice(-2).map((p) => [p.day, p.calls, p.connection_rate])).to.deep.equal([
        ['2013-06-03', 1, 1],
        ['2013-06-04', 1, 0],
      ]);
      expect(d.overview.calls).to.include({ inbound: 1, answered: 0 });

      // A call record for yesterday arriving late shows once the kept days are read again.
      await ok(h.operator.post('/api/v1/calls', call({ started_at: '2013-06-03T20:00:00+08:00' })), 201);
      expect((await s.overview.dashboard()).trend.at(-2)).to.include({ day: '2013-06-03', calls: 1 });
      clock.advance(5 * 60_000 + 1);
      expect((await s.overview.dashboard()).trend.at(-2)).to.include({ day: '2013-06-03', calls: 2 });
    });

    it(
      "counts yellow and red cards as the ticket list's " + 'card rule does, at every moment of their deadlines',
      async () => {
        await h.travel('2014-03-03T09:00:00+08:00'); // a Monday
        await dispatched(h, { type: 'help' });
        await accepted(h, { type: 'inquiry' });
        await accepted(h, { type: 'complaint' });
        const waiting = await accepted(h, { type: 'help' });
        await ok(
          h.handler.post(`/api/v1/tickets/${waiting.id}/suspend`, {
            version: waiting.version,
            reason: '等待群众补充材料',
          }),
        );
        const { requests } = await ok(h.supervisor.get(`/api/v1/tickets/${waiting.id}`));
        await ok(
          h.supervisor.post(`/api/v1/tickets/${waiting.id}/suspensions/${requests[0].id}/decision`, { approve: true }),
        );

        const seen = new Set<string>();
        for (const moment of [
          '2014-03-03T10:00:00',
          '2014-03-03T18:00:00',
          '2014-03-04T20:00:00',
          '2014-03-06T20:00:00',
          '2014-03-12T12:00:00',
          '2014-04-01T12:00:00',
        ]) {
          await h.travel(`${moment}+08:00`);
          const total = async (card: string) =>
            (await ok(h.supervisor.get(`/api/v1/tickets?card=${card}&per_page=1`))).total;
          const [yellow, red] = [await total('yellow'), await total('red')];
          const { tickets } = await s.overview.overview(moment.slice(0, 10));
          expect({ yellow: tickets.yellow, red: tickets.red }, moment).to.deep.equal({ yellow, red });
          seen.add(`${yellow > 0}:${red > 0}`);
        }
        // The moments cover no card, yellow only and red.
        expect(seen.size).to.be.at.least(3);
      },
    );
  });
});
