import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { testApp } from '../helpers/test-app.ts';
import { accepted, hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { anonymous, makeStaff, makeWindow } from '../helpers/reviews.ts';

describe('resident ratings through QR codes and links', () => {
  let h: Hotline;
  const db = async () => (await testApp()).services.db;
  const linkOf = async (ticketId: number) => ok(h.operator.get(`/api/v1/tickets/${ticketId}/rating-link`));
  const rate = async (body: Record<string, unknown>) => (await anonymous()).post('/api/v1/public/ratings', body);
  const stateOf = async (token: string) =>
    (await anonymous()).get(`/api/v1/public/rating-tokens/${encodeURIComponent(token)}`);

  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  describe('the single-use link of a ticket', () => {
    it('is issued with the reply, for the hotline and not for the department', async () => {
      const t = await accepted(h);
      expect((await h.operator.get(`/api/v1/tickets/${t.id}/rating-link`)).status).to.equal(404);
      const r = await ok(h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution: '已处理' }));
      const link = await linkOf(t.id);
      expect(link).to.include({ ticket_id: t.id, state: 'open', used_at: null });
      expect(link.url).to.match(new RegExp(`/rate/${link.token}$`));
      await ok(h.supervisor.get(`/api/v1/tickets/${t.id}/rating-link`));
      const denied = await h.handler.get(`/api/v1/tickets/${t.id}/rating-link`);
      expect(denied.status).to.equal(403);
      // Nothing in the department's view of its ticket carries the token.
      const detail = await ok(h.handler.get(`/api/v1/tickets/${r.id}`));
      expect(JSON.stringify(detail)).to.not.include(link.token);
    });

    it('is not issued when the reply fails', async () => {
      const t = await accepted(h);
      const stale = await h.handler.post(`/api/v1/tickets/${t.id}/reply`, {
        version: t.version - 1,
        resolution: '已处理',
      });
      expect(stale.status).to.equal(409);
      expect(await (await db())('rating_tokens').where({ ticket_id: t.id })).to.have.length(0);
    });

    it('tells the page what it rates, then takes one rating and says it was used', async () => {
      const t = await replied(h);
      const { token } = await linkOf(t.id);
      const state = await ok(stateOf(token));
      expect(state).to.include({ kind: 'ticket', state: 'open', ticket_number: t.number, department_id: h.dept.id });
      expect(state.levels.map((l: any) => `${l.score}${l.name}`)).to.deep.equal([
        '5非常满意',
        '4满意',
        '3基本满意',
        '2不满意',
        '1非常不满意',
      ]);
      expect(JSON.stringify(state)).to.not.include('张先生');
      const first = await rate({ token, score: 4, comment: '回复及时' });
      expect(first.status).to.equal(201);
      expect(first.body).to.include({ score: 4, level: '满意' });
      const again = await rate({ token, score: 5 });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('ALREADY_EXISTS');
      expect((await ok(stateOf(token))).state).to.equal('used');
      const rows = await (await db())('ratings').where({ ticket_id: t.id });
      expect(rows).to.have.length(1);
      expect(rows[0]).to.include({ channel: 'qr', score: 4, department_id: h.dept.id, comment: '回复及时' });
      const detail = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      expect(detail.events.filter((e: any) => e.action === 'rated')).to.have.length(1);
      expect(await linkOf(t.id)).to.include({ state: 'used', rating_id: first.body.id });
    });

    it('stores one rating when submissions race', async () => {
      const t = await replied(h);
      const { token } = await linkOf(t.id);
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => rate({ token, score: (i % 3) + 3 })));
      expect(answers.filter((a) => a.status === 201)).to.have.length(1);
      expect(answers.filter((a) => a.status === 409)).to.have.length(9);
      expect(await (await db())('ratings').where({ ticket_id: t.id })).to.have.length(1);
    });

    it('expires after the configured days', async () => {
      await h.travel('2026-11-16T10:00:00+08:00');
      const t = await replied(h);
      const { token } = await linkOf(t.id);
      await h.travel('2026-11-23T10:00:01+08:00');
      expect((await ok(stateOf(token))).state).to.equal('expired');
      const res = await rate({ token, score: 5 });
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('RATING_TOKEN_EXPIRED');
    });

    it('keeps the link open when a bad rating lacks its reason or the score is out of range', async () => {
      const t = await replied(h);
      const { token } = await linkOf(t.id);
      const noReason = await rate({ token, score: 2 });
      expect(noReason.status).to.equal(400);
      expect(noReason.body.error.details[0].path).to.equal('reason');
      for (const score of [0, 6, 2.5]) expect((await rate({ token, score })).status).to.equal(400);
      expect((await ok(stateOf(token))).state).to.equal('open');
      await ok(rate({ token, score: 2, reason: '问题没有解决' }), 201);
    });
  });

  describe('the page', () => {
    it('is served at /rate/:token for any token: the page itself tells a used or forged one apart', async () => {
      const { baseUrl } = await testApp();
      for (const token of ['w.1.AAAAAAAAAAAAAAAAAAAAAA', 'whatever']) {
        const res = await fetch(`${baseUrl}/rate/${token}`);
        expect(res.status).to.equal(200);
        expect(res.headers.get('content-type')).to.match(/^text\/html/);
        const html = await res.text();
        expect(html).to.include('/assets/rate.js').and.include('lang="zh-CN"');
      }
      const script = await fetch(`${baseUrl}/assets/rate.js`);
      expect(script.status).to.equal(200);
      expect((await fetch(`${baseUrl}/assets/rate.css`)).status).to.equal(200);
    });
  });

  describe('forged and malformed tokens', () => {
    it('get a clear answer, not an error page', async () => {
      const w = await makeWindow(h);
      const good = w.rating_url.split('/rate/')[1] as string;
      const tampered = [
        good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A'), // signature changed
        // another window, same signature
        good.replace(/^w\.(\d+)\./, (_m: string, id: string) => `w.${Number(id) + 1}.`),
        good.replace(/^w\./, 's.'), // a staff code with a window's signature
        'AAAAAAAAAAAAAAAAAAAAAAAA', // the shape of a ticket link, never issued
        '../../etc/passwd',
        'x',
      ];
      for (const token of tampered) {
        const state = await stateOf(token);
        expect(state.status, token).to.equal(404);
        expect(state.body.error.code).to.equal('RATING_TOKEN_INVALID');
        const res = await rate({ token, score: 5 });
        expect(res.status, token).to.equal(404);
      }
      expect(await (await db())('ratings').where({ window_id: w.id })).to.have.length(0);
    });
  });

  describe('static window and staff codes', () => {
    it('take any number of ratings, tied to the window or the staff member', async () => {
      const w = await makeWindow(h);
      const s = await makeStaff(h, w.id);
      const wToken = w.rating_url.split('/rate/')[1];
      const sToken = s.rating_url.split('/rate/')[1];
      for (const score of [5, 4, 3]) await ok(rate({ token: wToken, score }), 201);
      await ok(rate({ token: sToken, score: 5, comment: '很耐心' }), 201);
      const byWindow = await (await db())('ratings').where({ window_id: w.id }).orderBy('id');
      expect(byWindow.map((r: any) => [r.channel, r.score, r.staff_id])).to.deep.equal([
        ['qr', 5, null],
        ['qr', 4, null],
        ['qr', 3, null],
        ['qr', 5, s.id],
      ]);
      expect(byWindow.every((r: any) => r.department_id === h.dept.id && r.ticket_id === null)).to.equal(true);
    });

    it('stop taking ratings once the window is closed', async () => {
      const w = await makeWindow(h);
      const token = w.rating_url.split('/rate/')[1];
      await ok(h.admin.patch(`/api/v1/windows/${w.id}`, { active: false }));
      expect((await ok(stateOf(token))).state).to.equal('inactive');
      const res = await rate({ token, score: 5 });
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('RATING_TOKEN_INACTIVE');
    });
  });

  describe('a bad review from a resident', () => {
    it('creates a rectification order that tells the department nothing of who the resident is', async () => {
      const t = await replied(h, { caller_name: '赵女士', caller_phone: '13987654321' });
      const { token } = await linkOf(t.id);
      const r = await ok(rate({ token, score: 1, reason: '答复敷衍', comment: '根本没有来现场看' }), 201);
      const rating = await ok(h.handler.get(`/api/v1/ratings/${r.id}`));
      // Nor which ticket was rated: that ticket names the caller.
      expect(rating).to.include({ score: 1, bad: true, channel: 'qr', ticket_id: null });
      expect(rating).to.not.have.property('created_by');
      const rect = await ok(h.handler.get(`/api/v1/tickets/${rating.rectification_ticket_id}`));
      expect(rect).to.include({
        type: 'rectification',
        channel: 'review',
        status: 'dispatched',
        caller_name: null,
        caller_phone: null,
      });
      expect(rect.description).to.include('答复敷衍').and.not.include(t.number);
      expect(rect.title).to.not.include(t.number);
      expect((await ok(h.supervisor.get(`/api/v1/ratings/${r.id}`))).ticket_id).to.equal(t.id);
      for (const seen of [rect, rating, await ok(h.handler.get('/api/v1/ratings?bad=true'))]) {
        const text = JSON.stringify(seen);
        expect(text).to.not.include('赵女士');
        expect(text).to.not.include('13987654321');
        expect(text).to.not.include('4321');
      }
      const original = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      const rated = original.events.find((e: any) => e.action === 'rated');
      expect(rated.data).to.include({ rectification_ticket_id: rect.id, rectification_number: rect.number });
    });

    it('from a static code creates one too, naming the staff member rated', async () => {
      const w = await makeWindow(h);
      const s = await makeStaff(h, w.id);
      const r = await ok(rate({ token: s.rating_url.split('/rate/')[1], score: 2, reason: '态度生硬' }), 201);
      const row = await (await db())('ratings').where({ id: r.id }).first();
      const rect = await ok(h.handler.get(`/api/v1/tickets/${row.rectification_ticket_id}`));
      expect(rect.title).to.include(s.name);
    });
  });

  describe('rate limit', () => {
    it('answers 429 RATE_LIMITED past the per-client limit, and lets the next window through', async () => {
      const { services } = await testApp();
      const saved = { ...services.config.rateLimit };
      const w = await makeWindow(h);
      const token = w.rating_url.split('/rate/')[1];
      try {
        services.config.rateLimit.publicPerWindow = 3;
        services.config.rateLimit.windowSeconds = 60;
        clock.set('2027-01-05T10:00:00Z'); // the start of a fresh window
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await stateOf(token)).status);
        expect(statuses).to.deep.equal([200, 200, 200, 429, 429]);
        const limited = await rate({ token, score: 5 });
        expect(limited.status).to.equal(429);
        expect(limited.body.error.code).to.equal('RATE_LIMITED');
        expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
        clock.set('2027-01-05T10:01:00Z');
        expect((await rate({ token, score: 5 })).status).to.equal(201);
      } finally {
        Object.assign(services.config.rateLimit, saved);
      }
    });
  });
});
