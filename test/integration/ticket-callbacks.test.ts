// 回访 (docs/rules/reviews.md): the three questions, failed attempts, three failures close as unreachable, and a
// resident who already rated is not rated again.
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { anonymous } from '../helpers/reviews.ts';

describe('callbacks on replied orders (回访)', () => {
  let h: Hotline;
  const db = async () => (await testApp()).services.db;
  const callback = (t: { id: number; version: number }, body: Record<string, unknown>) =>
    h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: t.version, ...body });
  const failed = (t: { id: number; version: number }, reason: string, note?: string) =>
    h.operator.post(`/api/v1/tickets/${t.id}/callback-failed`, {
      version: t.version,
      reason,
      ...(note ? { note } : {}),
    });
  /** The resident rates through the single-use link sent with the reply. */
  async function residentRates(ticketId: number, score: number) {
    const { token } = await ok(h.operator.get(`/api/v1/tickets/${ticketId}/rating-link`));
    await ok(
      (await anonymous()).post('/api/v1/public/ratings', {
        token,
        score,
        ...(score <= 2 ? { reason: '没有解决' } : {}),
      }),
      201,
    );
  }

  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it('stores the three answers with the score and closes the order', async () => {
    const t = await replied(h);
    const closed = await ok(callback(t, { contacted: true, solved: 'partly', score: 4, note: '来电人表示基本解决' }));
    expect(closed.status).to.equal('closed');
    const row = await (await db())('ticket_callbacks').where({ ticket_id: t.id }).first();
    expect(row).to.include({ outcome: 'answered', solved: 'partly', department_id: h.dept.id, failed_attempts: 0 });
    expect(Boolean(row.contacted)).to.equal(true);
    expect(Boolean(row.rated_before)).to.equal(false);
    const rating = await (await db())('ratings').where({ id: row.rating_id }).first();
    expect(rating).to.include({ score: 4, channel: 'callback', ticket_id: t.id });
    const status = await ok(h.operator.get(`/api/v1/tickets/${t.id}/callback`));
    expect(status.answer).to.include({ outcome: 'answered', contacted: true, solved: 'partly' });
  });

  it('refuses bad answers with every problem at once, storing nothing', async () => {
    const t = await replied(h);
    const res = await callback(t, { contacted: 'yes', solved: 'maybe', score: 2 });
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: any) => d.path).sort()).to.deep.equal(['contacted', 'solved']);
    const noReason = await callback(t, { contacted: true, solved: 'no', score: 2 });
    expect(noReason.status).to.equal(400);
    expect(noReason.body.error.details.map((d: any) => d.path)).to.deep.equal(['reason']);
    const noScore = await callback(t, { contacted: true, solved: 'yes' });
    expect(noScore.status).to.equal(400);
    expect(noScore.body.error.details.map((d: any) => d.path)).to.deep.equal(['score']);
    expect(await (await db())('ticket_callbacks').where({ ticket_id: t.id })).to.have.length(0);
    expect((await (await db())('tickets').where({ id: t.id }).first()).status).to.equal('replied');
  });

  it("spends the resident's rating link with the callback's score: one rating per service", async () => {
    const t = await replied(h);
    const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
    await ok(callback(t, { contacted: true, solved: 'yes', score: 5 }));
    const late = await (await anonymous()).post('/api/v1/public/ratings', { token, score: 1, reason: '不满意' });
    expect(late.status).to.equal(409);
    expect((await (await db())('ratings').where({ ticket_id: t.id })).map((r: any) => r.channel)).to.deep.equal([
      'callback',
    ]);
  });

  it('keeps one rating when the resident rates through the link while the operator calls back', async () => {
    for (let i = 0; i < 3; i++) {
      const t = await replied(h);
      const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
      const [resident, operator] = await Promise.all([
        (await anonymous()).post('/api/v1/public/ratings', { token, score: 4 }),
        callback(t, { contacted: true, solved: 'yes', score: 5 }),
      ]);
      // Whoever came second was refused (the link used, or a score after the resident's own rating).
      const won = [resident.status === 201, operator.status === 200];
      expect(won.filter(Boolean), JSON.stringify([resident.body, operator.body])).to.have.length(1);
      expect(won[0] ? operator.status : resident.status).to.equal(409);
      expect(await (await db())('ratings').where({ ticket_id: t.id })).to.have.length(1);
    }
  });

  it('keeps the older {score} form working: contacted and solved unknown', async () => {
    const t = await replied(h);
    await ok(callback(t, { score: 5 }));
    const row = await (await db())('ticket_callbacks').where({ ticket_id: t.id }).first();
    expect(row.contacted).to.equal(null);
    expect(row.solved).to.equal(null);
  });

  it(
    'records failed attempts with who and the reason, ' + 'and closes as unreachable without a score after three',
    async () => {
      let t = await replied(h);
      t = await ok(failed(t, 'no_answer', '响铃无人接'));
      expect(t).to.include({ status: 'replied', callback_failures: 1 });
      t = await ok(failed(t, 'busy'));
      expect(t).to.include({ status: 'replied', callback_failures: 2 });
      const status = await ok(h.operator.get(`/api/v1/tickets/${t.id}/callback`));
      expect(status.attempts.map((a: any) => [a.reason, a.operator_id])).to.deep.equal([
        ['no_answer', h.users.operator.user.id],
        ['busy', h.users.operator.user.id],
      ]);
      expect(status.attempts[0].note).to.equal('响铃无人接');
      expect(status).to.include({ failures: 2, max_attempts: 3 });
      t = await ok(failed(t, 'wrong_number'));
      expect(t).to.include({ status: 'closed', callback_failures: 3 });
      expect(await (await db())('ratings').where({ ticket_id: t.id })).to.have.length(0);
      const row = await (await db())('ticket_callbacks').where({ ticket_id: t.id }).first();
      expect(row).to.include({ outcome: 'unreachable', failed_attempts: 2, rating_id: null });
      const detail = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      expect(detail.events.filter((e: any) => e.action.startsWith('callback')).map((e: any) => e.action)).to.deep.equal(
        ['callback_failed', 'callback_failed', 'callback_unreachable'],
      );
      // Closed: nothing further to try.
      expect((await failed(t, 'no_answer')).status).to.equal(409);
      expect((await callback(t, { contacted: true, solved: 'yes', score: 5 })).status).to.equal(409);
    },
  );

  it('refuses a failed attempt with an unknown reason, and from anyone but an operator', async () => {
    const t = await replied(h);
    const res = await failed(t, 'asleep');
    expect(res.status).to.equal(400);
    expect(res.body.error.details[0].path).to.equal('reason');
    expect(
      (await h.handler.post(`/api/v1/tickets/${t.id}/callback-failed`, { version: t.version, reason: 'busy' })).status,
    ).to.equal(403);
    expect(await (await db())('ticket_callback_attempts').where({ ticket_id: t.id })).to.have.length(0);
  });

  it('does not rate again an order the resident already rated: no score asked, a score refused', async () => {
    const t = await replied(h);
    await residentRates(t.id, 2);
    const status = await ok(h.operator.get(`/api/v1/tickets/${t.id}/callback`));
    expect(status.resident_rating).to.include({ score: 2, channel: 'qr' });
    const current = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
    const second = await callback(current, { contacted: true, solved: 'no', score: 5 });
    expect(second.status).to.equal(409);
    expect(second.body.error.code).to.equal('ALREADY_EXISTS');
    const noSolved = await callback(current, { contacted: true });
    expect(noSolved.status).to.equal(400);
    expect(noSolved.body.error.details[0].path).to.equal('solved');
    // The resident's own bad review made a rectification order already: the callback closes, it does not reopen.
    const closed = await ok(callback(current, { contacted: true, solved: 'no', note: '群众已评价' }));
    expect(closed.status).to.equal('closed');
    const ratings = await (await db())('ratings').where({ ticket_id: t.id });
    expect(ratings.map((r: any) => r.channel)).to.deep.equal(['qr']);
    const row = await (await db())('ticket_callbacks').where({ ticket_id: t.id }).first();
    expect(row).to.include({ solved: 'no', rating_id: null });
    expect(Boolean(row.rated_before)).to.equal(true);
  });

  it('lets one of two concurrent callbacks on an order win; the other gets 409 and leaves nothing', async () => {
    const t = await replied(h);
    const results = await Promise.all([
      callback(t, { contacted: true, solved: 'yes', score: 5 }),
      failed(t, 'no_answer'),
      callback(t, { contacted: false, solved: 'no', score: 1, reason: '没人联系我' }),
    ]);
    expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409, 409]);
    const winner = results.find((r) => r.status === 200)!.body;
    const attemptWon = winner.status === 'replied';
    expect(await (await db())('ticket_callbacks').where({ ticket_id: t.id })).to.have.length(attemptWon ? 0 : 1);
    const attempts = await (await db())('ticket_callback_attempts').where({ ticket_id: t.id });
    expect(attempts).to.have.length(winner.callback_failures);
  });

  it('reopens on a bad score; the new assignment starts its callback afresh', async () => {
    let t = await replied(h);
    t = await ok(failed(t, 'no_answer'));
    t = await ok(callback(t, { contacted: true, solved: 'no', score: 1, reason: '问题依旧' }));
    expect(t).to.include({ status: 'dispatched', reopen_count: 1, callback_failures: 0 });
    const row = await (await db())('ticket_callbacks').where({ ticket_id: t.id }).first();
    expect(row).to.include({ solved: 'no', failed_attempts: 1 });
    const status = await ok(h.operator.get(`/api/v1/tickets/${t.id}/callback`));
    expect(status).to.include({ failures: 0, resident_rating: null, answer: null });
    expect(status.attempts).to.deep.equal([]);
  });
});
