import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { ownHub, screen, within } from '../helpers/live.ts';
import { signIn } from '../helpers/factories.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { toDbTime } from '../../server/lib/db.ts';
import { clock } from '../../server/lib/clock.ts';

describe('LiveHub viewers', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  const link = async (name: string) => ok(h.admin.post('/api/v1/display-links', { name }), 201);

  describe('display links', () => {
    it('closes the screens opened with a link as soon as an administrator revokes it, and only those', async () => {
      // Looking again once an hour: only the revocation itself can close the screen within the test.
      const own = await ownHub({ recheckMs: 3_600_000 });
      const [revoked, kept] = [await link('撤销的大屏'), await link('保留的大屏')];
      const screens = [screen(`${own.url}?display=${revoked.token}`), screen(`${own.url}?display=${revoked.token}`)];
      const other = screen(`${own.url}?display=${kept.token}`);
      try {
        await Promise.all([...screens, other].map((s) => s.next((m) => m.type === 'dashboard')));
        await ok(h.admin.post(`/api/v1/display-links/${revoked.id}/revoke`), 204);
        for (const s of screens) expect(await within(s.closed, 2000)).to.deep.equal({ code: 4410, reason: 'display' });
        expect(await within(other.closed, 300)).to.equal('timeout');
      } finally {
        [...screens, other].forEach((s) => s.ws.close());
        await own.close();
      }
    });

    it('closes them within its next look when the link was revoked on another instance', async () => {
      const { services } = await testApp();
      const own = await ownHub({ recheckMs: 200 });
      const l = await link('别处撤销的大屏');
      const s = screen(`${own.url}?display=${l.token}`);
      try {
        await s.next((m) => m.type === 'dashboard');
        // Written straight to the database, as another instance does: nothing on this bus.
        await services
          .db('display_links')
          .where({ id: l.id })
          .update({ revoked_at: toDbTime(clock.now()) });
        expect(await within(s.closed, 2000)).to.deep.equal({ code: 4410, reason: 'display' });
      } finally {
        s.ws.close();
        await own.close();
      }
    });
  });

  describe('sessions', () => {
    const supervisorScreen = async (url: string) => {
      const api = await signIn(h.users.supervisor.user.username);
      const s = screen(url, { authorization: `Bearer ${api.token}` });
      await s.next((m) => m.type === 'dashboard');
      return { api, s };
    };

    it('closes a screen opened with a session once that session signs out', async () => {
      const own = await ownHub({ recheckMs: 200 });
      const out = await supervisorScreen(own.url);
      const still = await supervisorScreen(own.url);
      try {
        await ok(out.api.post('/api/v1/auth/logout'), 204);
        expect(await within(out.s.closed, 2000)).to.deep.equal({ code: 4401, reason: 'signin' });
        expect(await within(still.s.closed, 500)).to.equal('timeout');
      } finally {
        out.s.ws.close();
        still.s.ws.close();
        await own.close();
      }
    });

    it('closes it when the session has been idle too long, watching the screen not counting as activity', async () => {
      await h.travel('2026-11-24T10:00:00+08:00');
      const own = await ownHub({ recheckMs: 100 });
      const { s } = await supervisorScreen(own.url);
      try {
        clock.set('2026-11-24T10:29:00+08:00'); // a few looks at a session 29 minutes idle: it stays
        expect(await within(s.closed, 600)).to.equal('timeout');
        clock.set('2026-11-24T10:30:30+08:00'); // 30.5 minutes after the last request: ended
        expect(await within(s.closed, 2000)).to.deep.equal({ code: 4401, reason: 'signin' });
      } finally {
        s.ws.close();
        await own.close();
      }
    });

    it('closes it when the user may no longer see the dashboard', async () => {
      const { services } = await testApp();
      const own = await ownHub({ recheckMs: 200 });
      const { s } = await supervisorScreen(own.url);
      try {
        await services.db('users').where({ id: h.users.supervisor.user.id }).update({ role: 'operator' });
        expect(await within(s.closed, 2000)).to.deep.equal({ code: 4403, reason: 'role' });
      } finally {
        await services.db('users').where({ id: h.users.supervisor.user.id }).update({ role: 'supervisor' });
        s.ws.close();
        await own.close();
      }
    });
  });
});
