import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { ownHub, screen } from '../helpers/live.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { toDbTime } from '../../server/lib/db.ts';
import { clock } from '../../server/lib/clock.ts';

// Months of their own, far ahead: no other suite publishes them or anything after them.
describe('LiveHub and the published leaderboard', () => {
  let h: Hotline;
  let display: string;
  before(async () => {
    h = await hotline();
    display = (await ok(h.admin.post('/api/v1/display-links', { name: '红蓝榜大屏' }), 201)).token;
    // The screens open on a board published earlier, so the first picture is not the month about to be published.
    await h.travel('2036-06-10T10:00:00+08:00');
    await ok(h.supervisor.post('/api/v1/leaderboards/2036-05/publish'), 201);
    clock.reset();
  });

  it('pushes the board to open screens as soon as it is published, without waiting for another change', async () => {
    await h.travel('2036-07-10T10:00:00+08:00');
    // Polling once an hour: only the publication itself can bring the new picture within the test.
    const own = await ownHub({ pollMs: 3_600_000 });
    const s = screen(`${own.url}?display=${display}`);
    try {
      const first = await s.next((m) => m.type === 'dashboard');
      // Until June is published the screen shows the latest board published before it, or none.
      const shown = first.data.leaderboard;
      expect(shown.published_at === null || shown.month < '2036-06', JSON.stringify(shown)).to.equal(true);
      await ok(h.supervisor.post('/api/v1/leaderboards/2036-06/publish'), 201);
      const published = await s.next((m) => m.data?.leaderboard?.month === '2036-06', 2000);
      expect(published.data.leaderboard).to.deep.include({ month: '2036-06', published_at: clock.now().toISOString() });
    } finally {
      s.ws.close();
      await own.close();
    }
  });

  it("moves the watermark when another instance publishes a board, so every instance's screens show it", async () => {
    await h.travel('2036-09-10T10:00:00+08:00');
    const { services } = await testApp();
    const own = await ownHub({ pollMs: 200 });
    const s = screen(`${own.url}?display=${display}`);
    try {
      const first = await s.next((m) => m.type === 'dashboard');
      expect(first.data.leaderboard.month).to.not.equal('2036-08');
      const before = await services.overview.watermark();
      // Written straight to the database, as another instance's publication is: nothing on this bus.
      const now = toDbTime(clock.now());
      await services.db('leaderboards').insert({
        month: '2036-08',
        board: JSON.stringify({ month: '2036-08', groups: [] }),
        published_by: null,
        published_at: now,
        created_at: now,
      });
      expect(await services.overview.watermark()).to.not.equal(before);
      const published = await s.next((m) => m.data?.leaderboard?.month === '2036-08', 2000);
      expect(published.data.leaderboard).to.deep.equal({
        month: '2036-08',
        published_at: clock.now().toISOString(),
        groups: [],
      });
    } finally {
      s.ws.close();
      await own.close();
    }
  });
});
