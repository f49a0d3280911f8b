import { expect } from 'chai';
import { makeDepartment, signedIn, uniq } from '../helpers/factories.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { anonymous } from '../helpers/reviews.ts';
import { clock } from '../../server/lib/clock.ts';
import { testApp } from '../helpers/test-app.ts';

// This suite's months are in 2038, a year no other suite uses: boards are per month for the whole city.
/** Five orders dispatched to a department, `signed` of them signed in time: scores apart. */
async function fiveOrders(h: Hotline, departmentId: number, signed: number) {
  const handler = (await signedIn('handler', departmentId)).api;
  for (let i = 0; i < 5; i++) {
    const t = await createTicket(h.operator, { title: uniq('公示') });
    const d = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: departmentId }),
    );
    if (i < signed) await ok(handler.post(`/api/v1/tickets/${t.id}/sign`, { version: d.version }));
  }
}

describe('the published board for everyone', () => {
  describe('GET /public/leaderboards/:month', () => {
    it('answers a published month without a session, and 404 while it is only prepared or still running', async () => {
      const h = await hotline();
      const group = uniq('公示组');
      const depts = await Promise.all([makeDepartment(group), makeDepartment(group), makeDepartment(group)]);
      await h.travel('2038-03-10T10:00:00+08:00');
      for (const [i, d] of depts.entries()) await fiveOrders(h, d.id, 5 - 2 * i);
      const anon = await anonymous();
      // March is running: nothing public, though supervisors preview it.
      expect((await anon.get('/api/v1/public/leaderboards/2038-03')).status).to.equal(404);
      expect((await anon.get('/api/v1/leaderboards/2038-03')).status).to.equal(401);

      clock.set('2038-04-01T01:00:00+08:00');
      expect(await (await testApp()).services.leaderboard.prepare('2038-03')).to.equal(true);
      const prepared = await anon.get('/api/v1/public/leaderboards/2038-03');
      expect(prepared.status).to.equal(404);
      expect(prepared.body.error.code).to.equal('NOT_FOUND');

      await h.travel('2038-04-02T09:00:00+08:00');
      await ok(h.supervisor.post('/api/v1/leaderboards/2038-03/publish'), 201);
      const board = await ok(anon.get('/api/v1/public/leaderboards/2038-03'));
      expect(board).to.include({ month: '2038-03', status: 'published' });
      const mine = board.groups.find((g: { group: string }) => g.group === group);
      expect(mine.red).to.have.length(1);
      expect(mine.blue).to.have.length(1);
      // The heads' mail leads to this public board, not to the supervisors' page.
      const mail = await (
        await testApp()
      ).services
        .db('outbox')
        .where('dedupe_key', 'like', 'leaderboard:2038-03:%')
        .first();
      expect(mail.body).to.match(/查看红蓝榜：http\S+\/board\?month=2038-03\n/);
      // Opened without a month, the page shows the latest published board.
      clock.set('2038-05-20T10:00:00+08:00');
      expect(await ok(anon.get('/api/v1/public/leaderboards/latest'))).to.include({
        month: '2038-03',
        status: 'published',
      });
    });

    it('refuses a month that is not a month', async () => {
      const bad = await (await anonymous()).get('/api/v1/public/leaderboards/2038-13');
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details[0].path).to.equal('month');
    });
  });
});
