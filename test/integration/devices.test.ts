import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { uniq } from '../helpers/factories.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { anonymous, devicePost, deviceRating, makeStaff, makeWindow, reviewDesk } from '../helpers/reviews.ts';

describe('windows, staff and review devices', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  describe('windows', () => {
    it('are created by administrators, listed by department and read by anyone signed in', async () => {
      const w = await makeWindow(h);
      expect(w).to.include({ department_id: h.dept.id, active: true });
      expect(w.rating_url).to.match(/\/rate\/w\.\d+\.[A-Za-z0-9_-]{22}$/);
      const list = await ok(h.handler.get(`/api/v1/windows?department_id=${h.dept.id}`));
      expect(list.map((x: any) => x.id)).to.include(w.id);
      expect(await ok(h.operator.get(`/api/v1/windows/${w.id}`))).to.deep.equal(w);
      const renamed = await ok(h.admin.patch(`/api/v1/windows/${w.id}`, { name: '不动产登记窗口' }));
      expect(renamed.name).to.equal('不动产登记窗口');
    });

    it('refuses other roles, unknown departments and a duplicate name in one department', async () => {
      expect((await h.handler.post('/api/v1/windows', { department_id: h.dept.id, name: 'x' })).status).to.equal(403);
      const bad = await h.admin.post('/api/v1/windows', { department_id: 999999, name: 'x' });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details[0].path).to.equal('department_id');
      const name = uniq('窗口');
      await ok(h.admin.post('/api/v1/windows', { department_id: h.dept.id, name }), 201);
      expect((await h.admin.post('/api/v1/windows', { department_id: h.dept.id, name })).status).to.equal(409);
      await ok(h.admin.post('/api/v1/windows', { department_id: h.other.id, name }), 201);
      expect((await h.admin.get('/api/v1/windows/999999')).status).to.equal(404);
    });
  });

  describe('staff', () => {
    it('have a unique staff number and serve at a window of their own department', async () => {
      const w = await makeWindow(h);
      const s = await makeStaff(h, w.id);
      expect(s).to.include({ department_id: h.dept.id, window_id: w.id, active: true });
      expect(s.rating_url).to.match(/\/rate\/s\.\d+\.[A-Za-z0-9_-]{22}$/);
      const dup = await h.admin.post('/api/v1/staff', { department_id: h.dept.id, staff_no: s.staff_no, name: '李' });
      expect(dup.status).to.equal(409);
      const foreign = await makeWindow(h, h.other.id);
      const wrong = await h.admin.post('/api/v1/staff', {
        department_id: h.dept.id,
        window_id: foreign.id,
        staff_no: uniq('N'),
        name: '李',
      });
      expect(wrong.status).to.equal(400);
      expect(wrong.body.error.details[0].path).to.equal('window_id');
      const moved = await ok(h.admin.patch(`/api/v1/staff/${s.id}`, { window_id: null, active: false }));
      expect(moved).to.include({ window_id: null, active: false });
      const listed = await ok(h.admin.get(`/api/v1/staff?department_id=${h.dept.id}`));
      expect(listed.map((x: any) => x.id)).to.include(s.id);
    });

    it('report every problem of a bad staff record at once, with its path', async () => {
      const res = await h.admin.post('/api/v1/staff', { department_id: 'x', staff_no: '带 空格', name: '', extra: 1 });
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: any) => d.path).sort()).to.deep.equal([
        'department_id',
        'extra',
        'name',
        'staff_no',
      ]);
    });
  });

  describe('devices', () => {
    it('show the key once and keep only its SHA-256', async () => {
      const w = await makeWindow(h);
      const d = await ok(h.admin.post('/api/v1/devices', { window_id: w.id, name: '1号评价器' }), 201);
      expect(d.key).to.be.a('string').with.length.greaterThanOrEqual(43);
      expect(d).to.include({ window_id: w.id, department_id: h.dept.id, active: true, key_prefix: d.key.slice(0, 8) });
      const again = await ok(h.admin.get(`/api/v1/devices/${d.id}`));
      expect(again).to.not.have.property('key');
      const listed = await ok(h.admin.get('/api/v1/devices'));
      expect(JSON.stringify(listed)).to.not.include(d.key);
      const { services } = await testApp();
      const row = await services.db('devices').where({ id: d.id }).first();
      expect(row.key_hash).to.equal(createHash('sha256').update(d.key).digest('hex'));
      expect(JSON.stringify(row)).to.not.include(d.key);
      const audit = await services
        .db('audit_log')
        .where({ target_type: 'device', target_id: d.id, action: 'device_create' })
        .first();
      expect(audit).to.exist;
    });

    it('are listed to handlers for their own department only', async () => {
      const mine = await reviewDesk(h);
      const theirs = await reviewDesk(h, h.other.id);
      const seen = (await ok(h.handler.get(`/api/v1/devices?department_id=${h.other.id}`))).map((d: any) => d.id);
      expect(seen).to.include(mine.device.id);
      expect(seen).to.not.include(theirs.device.id);
      expect((await h.operator.get('/api/v1/devices')).status).to.equal(403);
    });

    it('stop authenticating once revoked, at once', async () => {
      const desk = await reviewDesk(h);
      await ok(devicePost(desk.key, deviceRating()), 201);
      const revoked = await ok(h.admin.post(`/api/v1/devices/${desk.device.id}/revoke`));
      expect(revoked.active).to.equal(false);
      expect(revoked.revoked_at).to.be.a('string');
      const res = await devicePost(desk.key, deviceRating());
      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
      // Revoking twice changes nothing.
      expect((await ok(h.admin.post(`/api/v1/devices/${desk.device.id}/revoke`))).revoked_at).to.equal(
        revoked.revoked_at,
      );
    });

    it('are told who is on duty by an administrator, the department or the device itself', async () => {
      const desk = await reviewDesk(h);
      const other = await makeStaff(h, desk.window.id);
      const byHandler = await ok(h.handler.put(`/api/v1/devices/${desk.device.id}/on-duty`, { staff_id: other.id }));
      expect(byHandler.on_duty_staff_id).to.equal(other.id);
      expect(
        (await h.otherHandler.put(`/api/v1/devices/${desk.device.id}/on-duty`, { staff_id: null })).status,
      ).to.equal(403);
      const foreign = await makeStaff(h, null, h.other.id);
      const wrong = await h.admin.put(`/api/v1/devices/${desk.device.id}/on-duty`, { staff_id: foreign.id });
      expect(wrong.status).to.equal(400);
      expect(wrong.body.error.details[0].path).to.equal('staff_id');
      const client = await anonymous();
      expect((await client.put('/api/v1/device/on-duty', { staff_no: desk.staff.staff_no })).status).to.equal(401);
      const keyed = await client.request(
        'PUT',
        '/api/v1/device/on-duty',
        { staff_no: desk.staff.staff_no },
        { 'x-device-key': desk.key },
      );
      expect(keyed.status).to.equal(200);
      expect(keyed.body.on_duty_staff_id).to.equal(desk.staff.id);
      const rated = await ok(devicePost(desk.key, deviceRating()), 201);
      expect(rated.staff_id).to.equal(desk.staff.id);
    });
  });

  describe('QR codes', () => {
    it('print a window and a staff member as PNG and SVG pointing at their rating page', async () => {
      const desk = await reviewDesk(h);
      for (const [path, item] of [
        ['windows', desk.window],
        ['staff', desk.staff],
      ] as const) {
        const png = await fetch(`${h.admin.baseUrl}/api/v1/${path}/${item.id}/qr.png`, {
          headers: { authorization: `Bearer ${h.admin.token}` },
        });
        expect(png.status).to.equal(200);
        expect(png.headers.get('content-type')).to.equal('image/png');
        const bytes = Buffer.from(await png.arrayBuffer());
        expect(bytes.subarray(1, 4).toString()).to.equal('PNG');
        const svg = await h.handler.get(`/api/v1/${path}/${item.id}/qr.svg`);
        expect(svg.status).to.equal(200);
        expect(svg.headers.get('content-type')).to.match(/^image\/svg\+xml/);
        expect(String(svg.body)).to.include('<svg');
      }
      expect((await h.otherHandler.get(`/api/v1/windows/${desk.window.id}/qr.svg`)).status).to.equal(403);
      expect((await h.admin.get(`/api/v1/windows/${desk.window.id}/qr.gif`)).status).to.equal(404);
    });

    it('lead to a page that knows whom it rates', async () => {
      const desk = await reviewDesk(h);
      const token = desk.staff.rating_url.split('/rate/')[1];
      const state = await ok((await anonymous()).get(`/api/v1/public/rating-tokens/${token}`));
      expect(state).to.include({
        kind: 'staff',
        state: 'open',
        staff_id: desk.staff.id,
        window_id: desk.window.id,
        department_id: h.dept.id,
      });
    });
  });
});
