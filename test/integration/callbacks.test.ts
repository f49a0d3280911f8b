import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { at, call, ctiClient, newPhone, ownDay } from '../helpers/calls.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

const missed = (phone: string, startedAt: string, over: Record<string, unknown> = {}) =>
  call({ caller_phone: phone, started_at: startedAt, answered: false, wait_s: 30, talk_s: 0, ...over });

describe('missed-call callbacks (未接来电回拨)', () => {
  let h: Hotline;
  let cti: Awaited<ReturnType<typeof ctiClient>>;
  before(async () => {
    h = await hotline();
    cti = await ctiClient(h);
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  async function callbacksOf(phone: string) {
    const { services } = await testApp();
    return services.db('missed_call_callbacks').where({ phone }).orderBy('id');
  }

  it('joins concurrent missed calls from one number into one open callback', async () => {
    const phone = newPhone();
    const day = ownDay();
    const posts = Array.from({ length: 12 }, (_, i) =>
      i % 3
        ? cti.post(missed(phone, at(day, `10:00:${String(i).padStart(2, '0')}`)))
        : h.operator.post('/api/v1/calls', missed(phone, at(day, `10:00:${String(i).padStart(2, '0')}`))),
    );
    const results = await Promise.all(posts);
    expect(results.map((r) => r.status)).to.deep.equal(Array(12).fill(201));
    const rows = await callbacksOf(phone);
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ status: 'open', missed_count: 12, open_phone: phone });
    expect(new Set(results.map((r) => r.body.callback_id))).to.deep.equal(new Set([rows[0].id]));
    // The earliest and latest misses, whatever order the posts committed in.
    const detail = await ok(h.operator.get(`/api/v1/callbacks/${rows[0].id}`));
    expect(detail.first_missed_at).to.equal(new Date(at(day, '10:00:00')).toISOString());
    expect(detail.last_missed_at).to.equal(new Date(at(day, '10:00:11')).toISOString());
    expect(detail.calls).to.have.length(12);
  });

  it(
    'lists open callbacks oldest first with how long ' + 'each has waited, numbers masked; one in full, audited',
    async () => {
      const { services } = await testApp();
      const day = ownDay();
      const [early, late] = [newPhone(), newPhone()];
      const b = await ok(cti.post(missed(late, at(day, '09:30:00'))), 201);
      const a = await ok(cti.post(missed(early, at(day, '08:00:00'))), 201);
      clock.set(at(day, '10:00:00'));
      await h.signInAgain();
      const list = await ok(h.supervisor.get('/api/v1/callbacks?per_page=100'));
      const mine = list.items.filter((c: any) => [a.callback_id, b.callback_id].includes(c.id));
      expect(mine.map((c: any) => [c.id, c.waited_s, c.phone])).to.deep.equal([
        [a.callback_id, 2 * 3600, `${early.slice(0, 3)}****${early.slice(-4)}`],
        [b.callback_id, 30 * 60, `${late.slice(0, 3)}****${late.slice(-4)}`],
      ]);
      const one = await ok(h.operator.get(`/api/v1/callbacks/${a.callback_id}`));
      expect(one.phone).to.equal(early);
      expect(one.calls.map((c: any) => c.id)).to.deep.equal([a.id]);
      const audits = await services
        .db('audit_log')
        .where({ target_type: 'callback', target_id: a.callback_id, action: 'view_caller' });
      expect(audits).to.have.length(1);
    },
  );

  it("closes a callback once with the operator's note; a second close gets 409", async () => {
    const phone = newPhone();
    const c = await ok(cti.post(missed(phone, new Date(Date.now() - 3600_000).toISOString())), 201);
    const t = await createTicket(h.operator, { caller_phone: phone });
    const done = await ok(
      h.operator.post(`/api/v1/callbacks/${c.callback_id}/done`, { note: '已回拨，居民咨询已解答', ticket_id: t.id }),
    );
    expect(done).to.include({
      status: 'done',
      outcome: 'called_back',
      note: '已回拨，居民咨询已解答',
      done_by: h.users.operator.user.id,
      ticket_id: t.id,
    });
    expect(done.waited_s).to.be.at.least(3600);
    const again = await h.operator.post(`/api/v1/callbacks/${c.callback_id}/done`, { note: '再次' });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('INVALID_TRANSITION');
    const doneList = await ok(h.operator.get('/api/v1/callbacks?status=done'));
    expect(doneList.items.some((x: any) => x.id === c.callback_id)).to.equal(true);
    const openList = await ok(h.operator.get('/api/v1/callbacks?per_page=100'));
    expect(openList.items.some((x: any) => x.id === c.callback_id)).to.equal(false);
  });

  it('lets one of several concurrent closes win; the others get 409', async () => {
    const c = await ok(cti.post(missed(newPhone(), new Date().toISOString())), 201);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        h.operator.post(`/api/v1/callbacks/${c.callback_id}/done`, { note: `回拨 ${i}` }),
      ),
    );
    expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409, 409, 409, 409]);
  });

  it(
    'opens a new callback for a miss after the last one ' + 'was done; a miss reported late joins the done one',
    async () => {
      const phone = newPhone();
      const day = ownDay();
      clock.set(at(day, '09:00:00'));
      await h.signInAgain();
      const first = await ok(cti.post(missed(phone, at(day, '08:00:00'))), 201);
      clock.set(at(day, '10:00:00'));
      await h.signInAgain();
      await ok(h.operator.post(`/api/v1/callbacks/${first.callback_id}/done`, { note: '已回拨' }));
      // The CTI catches up on a miss from 08:30, before the callback at 10:00: already dealt with.
      const late = await ok(cti.post(missed(phone, at(day, '08:30:00'))), 201);
      expect(late.callback_id).to.equal(first.callback_id);
      const next = await ok(cti.post(missed(phone, at(day, '10:05:00'))), 201);
      expect(next.callback_id).to.not.equal(first.callback_id);
      const rows = await callbacksOf(phone);
      expect(rows.map((r: any) => [r.status, r.missed_count])).to.deep.equal([
        ['done', 2],
        ['open', 1],
      ]);
    },
  );

  it('is closed by a later answered call from the number, not by an earlier one', async () => {
    const phone = newPhone();
    const day = ownDay();
    const m = await ok(cti.post(missed(phone, at(day, '10:00:00'))), 201);
    // An answered call from before the miss (posted late) does not mean the resident got through afterwards.
    const earlier = await ok(cti.post(call({ caller_phone: phone, started_at: at(day, '09:00:00') })), 201);
    expect(earlier.callback_id).to.equal(null);
    expect((await callbacksOf(phone))[0].status).to.equal('open');
    const later = await ok(cti.post(call({ caller_phone: phone, started_at: at(day, '10:20:00') })), 201);
    expect(later.callback_id).to.equal(m.callback_id);
    const cb = await ok(h.operator.get(`/api/v1/callbacks/${m.callback_id}`));
    expect(cb).to.include({ status: 'done', outcome: 'answered_call', done_by: null, waited_s: 20 * 60 });
    expect(cb.calls.map((c: any) => c.id)).to.deep.equal([m.id, later.id]);
  });

  it('refuses wrong input, unknown callbacks and the wrong roles', async () => {
    const c = await ok(cti.post(missed(newPhone(), new Date().toISOString())), 201);
    const noNote = await h.operator.post(`/api/v1/callbacks/${c.callback_id}/done`, {
      ticket_id: 99999999,
      extra: true,
    });
    expect(noNote.status).to.equal(400);
    expect(noNote.body.error.details.map((d: any) => d.path)).to.have.members(['note', 'extra']);
    const badTicket = await h.operator.post(`/api/v1/callbacks/${c.callback_id}/done`, {
      note: '已回拨',
      ticket_id: 99999999,
    });
    expect(badTicket.body.error.details.map((d: any) => d.path)).to.deep.equal(['ticket_id']);
    expect((await h.operator.post('/api/v1/callbacks/99999999/done', { note: 'x' })).body.error.code).to.equal(
      'NOT_FOUND',
    );
    expect((await h.operator.get('/api/v1/callbacks/99999999')).status).to.equal(404);
    expect((await h.operator.get('/api/v1/callbacks?status=lost')).status).to.equal(400);
    expect((await h.handler.get('/api/v1/callbacks')).status).to.equal(403);
    expect((await h.supervisor.post(`/api/v1/callbacks/${c.callback_id}/done`, { note: 'x' })).status).to.equal(403);
    expect((await callbacksOf(c.caller_phone))[0].status).to.equal('open');
  });
});
