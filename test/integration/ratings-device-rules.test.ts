import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { accepted, dispatched, hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { devicePost, deviceRating, makeStaff, makeWindow, reviewDesk } from '../helpers/reviews.ts';

describe('device ratings and the state of windows, staff and tickets', () => {
  let h: Hotline;
  const db = async () => (await testApp()).services.db;
  const rowsOf = async (deviceId: number, seq: number) => (await db())('ratings').where({ device_id: deviceId, seq });

  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

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
      const rectifications = async () =>
        (await (await db())('tickets').where({ type: 'rectification', department_id: h.dept.id })).length;
      const before = await rectifications();
      await h.travel('2030-05-04T10:00:00+08:00'); // 61 days on: past maxAgeDays
      const again = await devicePost(desk.key, body);
      expect(again.status, JSON.stringify(again.body)).to.equal(200);
      expect(again.body).to.deep.equal(first);
      expect(await rowsOf(desk.device.id, body.seq)).to.have.length(1);
      expect(await rectifications()).to.equal(before);
    });
  });

  describe('a device at a closed window', () => {
    it(
      'is refused with 403 at once, storing nothing, ' + 'while a retry of a stored seq still gets its rating',
      async () => {
        const desk = await reviewDesk(h);
        const stored = deviceRating({ score: 5 });
        const first = await ok(devicePost(desk.key, stored), 201); // the device is now in the key cache
        await ok(h.admin.patch(`/api/v1/windows/${desk.window.id}`, { active: false }));
        const before = Number(
          (
            await (await db())('tickets').where({ type: 'rectification', department_id: h.dept.id }).count({ n: '*' })
          )[0].n,
        );
        for (const body of [deviceRating({ score: 4 }), deviceRating({ score: 1, reason: '态度差' })]) {
          const res = await devicePost(desk.key, body);
          expect(res.status).to.equal(403);
          expect(res.body.error.code).to.equal('FORBIDDEN');
          expect(res.body.error.message).to.include('窗口已停用').and.include('window is closed');
          expect(await rowsOf(desk.device.id, body.seq)).to.have.length(0);
        }
        const after = Number(
          (
            await (await db())('tickets').where({ type: 'rectification', department_id: h.dept.id }).count({ n: '*' })
          )[0].n,
        );
        expect(after).to.equal(before);
        const again = await devicePost(desk.key, stored);
        expect(again.status).to.equal(200);
        expect(again.body).to.deep.equal(first);
        // Open again, it rates again.
        await ok(h.admin.patch(`/api/v1/windows/${desk.window.id}`, { active: true }));
        await ok(devicePost(desk.key, deviceRating()), 201);
      },
    );
  });

  describe('the staff credited', () => {
    it('is the staff member on duty only while active: an inactive one leaves staff_id null', async () => {
      const desk = await reviewDesk(h);
      expect((await ok(devicePost(desk.key, deviceRating()), 201)).staff_id).to.equal(desk.staff.id);
      await ok(h.admin.patch(`/api/v1/staff/${desk.staff.id}`, { active: false }));
      const good = await ok(devicePost(desk.key, deviceRating({ score: 5 })), 201);
      const bad = await ok(devicePost(desk.key, deviceRating({ score: 2, reason: '办理太慢' })), 201);
      for (const r of [good, bad]) {
        expect(r.staff_id).to.equal(null);
        expect((await (await db())('ratings').where({ id: r.id }).first()).staff_id).to.equal(null);
      }
      // The rectification order does not name them either.
      const row = await (await db())('ratings').where({ id: bad.id }).first();
      const rect = await (await db())('tickets').where({ id: row.rectification_ticket_id }).first();
      expect(rect.description).to.not.include(desk.staff.name);
      await ok(h.admin.patch(`/api/v1/staff/${desk.staff.id}`, { active: true }));
      expect((await ok(devicePost(desk.key, deviceRating()), 201)).staff_id).to.equal(desk.staff.id);
    });

    it("by staff number must serve at the device's own window, not another window of the department", async () => {
      const desk = await reviewDesk(h);
      const elsewhere = await makeStaff(h, (await makeWindow(h)).id);
      const unplaced = await makeStaff(h, null);
      for (const s of [elsewhere, unplaced]) {
        const body = deviceRating({ staff_no: s.staff_no });
        const res = await devicePost(desk.key, body);
        expect(res.status).to.equal(400);
        expect(res.body.error.details).to.have.length(1);
        expect(res.body.error.details[0].path).to.equal('staff_no');
        expect(await rowsOf(desk.device.id, body.seq)).to.have.length(0);
      }
      const colleague = await makeStaff(h, desk.window.id);
      expect((await ok(devicePost(desk.key, deviceRating({ staff_no: colleague.staff_no })), 201)).staff_id).to.equal(
        colleague.id,
      );
    });
  });

  describe('a ticket rated by number', () => {
    it("must be one of the department's that has been replied or closed, not one it still holds", async () => {
      const desk = await reviewDesk(h);
      for (const t of [await dispatched(h), await accepted(h)]) {
        const body = deviceRating({ ticket_number: t.number, score: 1, reason: '没人处理' });
        const res = await devicePost(desk.key, body);
        expect(res.status, t.status).to.equal(400);
        expect(res.body.error.details.map((d: any) => d.path)).to.deep.equal(['ticket_number']);
        expect(await rowsOf(desk.device.id, body.seq)).to.have.length(0);
        expect(await (await db())('ratings').where({ ticket_id: t.id })).to.have.length(0);
      }
      const done = await replied(h);
      expect((await ok(devicePost(desk.key, deviceRating({ ticket_number: done.number })), 201)).ticket_id).to.equal(
        done.id,
      );
      const closed = await replied(h);
      await ok(h.operator.post(`/api/v1/tickets/${closed.id}/callback`, { version: closed.version, score: 5 }));
      expect(
        (await ok(devicePost(desk.key, deviceRating({ ticket_number: closed.number, score: 4 })), 201)).ticket_id,
      ).to.equal(closed.id);
    });
  });
});
