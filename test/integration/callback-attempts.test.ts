// Returning missed calls (未接来电回拨): failed attempts keep the callback open; a callback not tried within the
// configured hours (config intake.missedCallbackHours) is overdue.
import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { at, call, ctiClient, newPhone, ownDay } from '../helpers/calls.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';

const missed = (phone: string, startedAt: string) =>
  call({ caller_phone: phone, started_at: startedAt, answered: false, wait_s: 30, talk_s: 0 });

describe('missed-call callback attempts and overdue callbacks', () => {
  let h: Hotline;
  let cti: Awaited<ReturnType<typeof ctiClient>>;
  let hours: number;
  before(async () => {
    h = await hotline();
    cti = await ctiClient(h);
    hours = (await testApp()).services.config.intake.missedCallbackHours;
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  /** A missed call on a day of its own, the clock at `minutes` after it. */
  async function missedAt(minutes: number) {
    const day = ownDay();
    clock.reset(); // a call must not lie ahead of the clock a previous step set
    const c = await ok(cti.post(missed(newPhone(), at(day, '09:00:00'))), 201);
    clock.set(new Date(new Date(at(day, '09:00:00')).getTime() + minutes * 60_000));
    await h.signInAgain();
    return { id: c.callback_id as number, day };
  }

  it('records a failed attempt with who, when and why; the callback stays open and lists its attempts', async () => {
    const { id } = await missedAt(20);
    const after = await ok(
      h.operator.post(`/api/v1/callbacks/${id}/attempts`, { reason: 'no_answer', note: '响铃 60 秒无人接' }),
      201,
    );
    expect(after).to.include({ status: 'open', attempt_count: 1, overdue: false });
    expect(after.attempts).to.have.length(1);
    expect(after.attempts[0]).to.include({
      reason: 'no_answer',
      note: '响铃 60 秒无人接',
      operator_id: h.users.operator.user.id,
      operator_name: h.users.operator.user.display_name,
      created_at: clock.now().toISOString(),
    });
    clock.advance(5 * 60_000);
    await ok(h.operator.post(`/api/v1/callbacks/${id}/attempts`, { reason: 'wrong_number' }), 201);
    const list = await ok(h.operator.get('/api/v1/callbacks?per_page=100'));
    const row = list.items.find((c: any) => c.id === id);
    expect(row).to.include({ status: 'open', attempt_count: 2 });
    expect(row.last_attempt).to.include({ reason: 'wrong_number' });
    const detail = await ok(h.operator.get(`/api/v1/callbacks/${id}`));
    expect(detail.attempts.map((a: any) => a.reason)).to.deep.equal(['no_answer', 'wrong_number']);
    // Getting through afterwards closes it as before.
    expect(await ok(h.operator.post(`/api/v1/callbacks/${id}/done`, { note: '第三次接通，已解答' }))).to.include({
      status: 'done',
      attempt_count: 2,
    });
  });

  it(
    'refuses a failed attempt with an unknown reason, ' + 'on a done callback, and from anyone but an operator',
    async () => {
      const { services } = await testApp();
      const { id } = await missedAt(10);
      const bad = await h.operator.post(`/api/v1/callbacks/${id}/attempts`, { reason: 'asleep' });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.map((d: any) => d.path)).to.deep.equal(['reason']);
      expect(
        (await h.operator.post(`/api/v1/callbacks/${id}/attempts`, { reason: 'busy', operator_id: 1 })).status,
      ).to.equal(400);
      expect((await h.supervisor.post(`/api/v1/callbacks/${id}/attempts`, { reason: 'busy' })).status).to.equal(403);
      await ok(h.operator.post(`/api/v1/callbacks/${id}/done`, { note: '已回拨' }));
      const late = await h.operator.post(`/api/v1/callbacks/${id}/attempts`, { reason: 'busy' });
      expect(late.status).to.equal(409);
      expect(await services.db('missed_call_attempts').where({ callback_id: id })).to.have.length(0);
    },
  );

  it('marks a callback overdue once the configured hours pass untried; a timely attempt keeps it on time', async () => {
    const untried = await missedAt(hours * 60 - 1);
    expect((await ok(h.operator.get(`/api/v1/callbacks/${untried.id}`))).overdue).to.equal(false);
    clock.advance(2 * 60_000);
    const now = await ok(h.operator.get(`/api/v1/callbacks/${untried.id}`));
    expect(now).to.include({
      overdue: true,
      due_at: new Date(new Date(at(untried.day, '09:00:00')).getTime() + hours * 3_600_000).toISOString(),
    });
    const list = await ok(h.operator.get('/api/v1/callbacks?per_page=100'));
    expect(list.within_hours).to.equal(hours);
    expect(list.items.find((c: any) => c.id === untried.id).overdue).to.equal(true);

    const tried = await missedAt(30);
    await ok(h.operator.post(`/api/v1/callbacks/${tried.id}/attempts`, { reason: 'busy' }), 201);
    clock.advance(hours * 3_600_000);
    await h.signInAgain();
    expect((await ok(h.operator.get(`/api/v1/callbacks/${tried.id}`))).overdue).to.equal(false);
  });

  it('lets one of a failed attempt and a close racing on a callback decide the other', async () => {
    const { services } = await testApp();
    const { id } = await missedAt(5);
    const [attempt, done] = await Promise.all([
      h.operator.post(`/api/v1/callbacks/${id}/attempts`, { reason: 'no_answer' }),
      h.operator.post(`/api/v1/callbacks/${id}/done`, { note: '已接通' }),
    ]);
    expect(done.status).to.equal(200);
    // The attempt came first (and is kept) or found the callback done (409, nothing stored).
    const attempts = await services.db('missed_call_attempts').where({ callback_id: id });
    expect(attempt.status === 201 ? attempts.length : attempt.status === 409 ? attempts.length + 1 : -1).to.equal(1);
  });
});
