import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { devicePost, deviceRating, makeStaff, reviewDesk } from '../helpers/reviews.ts';

describe('device ratings and the state of windows, staff and tickets', () => {
  let h: Hotline;
  const db = async () => (await testApp()).services.db;
  const rowsOf = async (deviceId: number, seq: number) => (await db())('ratings').where({ device_id: deviceId, seq });

  before(async () => { h = await hotline(); });
  beforeEach(async () => { await h.signInAgain(); });

  describe('a retried seq', () => {
    it('gets the stored rating after the staff member it named was deactivated', async () => {
      const desk = await reviewDesk(h);
      const colleague = await makeStaff(h, desk.window.id);
      const body = deviceRating({ score: 4, staff_no: colleague.staff_no });
      const first = await ok(devicePost(desk.key, body), 201);
      await ok(h.admin.patch(`/api/v1/staff/${colleague.id}`, { active: false }));
      const again = await devicePost(desk.key, body);
      expect(again.status, JSON.stringify(again.body)).to.equal(200);
      expect(again.body).to.deep.equal(first);
      expect(await rowsOf(desk.device.id, body.seq)).to.have.length(1);
      // A new seq naming that staff member is still refused.
      const fresh = await devicePost(desk.key, deviceRating({ staff_no: colleague.staff_no }));
      expect(fresh.status).to.equal(400);
      expect(fresh.body.error.details[0].path).to.equal('staff_no');
    });

    it('gets the stored bad review once its rated_at has fallen out of the accepted range', async () => {
      const desk = await reviewDesk(h);
      await h.travel('2030-03-04T10:00:00+08:00');
      const body = deviceRating({ score: 2, reason: '排队太久', rated_at: '2030-03-04T01:59:00.000Z' });
      const first = await ok(devicePost(desk.key, body), 201);
      await h.travel('2030-05-04T10:00:00+08:00'); // 61 days on: past maxAgeDays
      const again = await devicePost(desk.key, body);
      expect(again.status, JSON.stringify(again.body)).to.equal(200);
      expect(again.body).to.deep.equal(first);
      expect(await rowsOf(desk.device.id, body.seq)).to.have.length(1);
      const rectifications = await (await db())('tickets').where({ type: 'rectification' }).where('created_at', '>=', '2030-05-01');
      expect(rectifications).to.have.length(0);
    });
  });
});
