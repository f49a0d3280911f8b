import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { fromDbTime } from '../../server/lib/db.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { anonymous, devicePost, deviceRating, reviewDesk } from '../helpers/reviews.ts';

// 差评整改回访 (docs/rules/reviews.md "The rectification callback"): a named bad review's rectification is put right
// only when the resident's callback after its reply is not bad again; an anonymous one by its on-time reply.
describe('Rectification callback (差评整改回访)', () => {
  let h: Hotline;
  const services = async () => (await testApp()).services;
  const db = async () => (await services()).db;
  const PHONE = '13812341234';

  /** The department's figures for one day (the rating's day: where its bad review and bad_fixed count). */
  const figures = async (day: string) => {
    const rows = await ok(
      h.supervisor.get(`/api/v1/stats/departments?from=${day}&to=${day}&department_id=${h.dept.id}`),
    );
    return rows.find((r: any) => r.department_id === h.dept.id);
  };
  /** The drill-down behind the rate (bad reviews not put right): its total from the counters, its list from records. */
  const unfixed = async (day: string) => {
    const url = `/api/v1/stats/departments/${h.dept.id}/tickets?from=${day}&to=${day}&figure=bad_unfixed`;
    const res = await ok(h.supervisor.get(url));
    expect(res.total).to.equal(res.items.length);
    return res.items.map((x: any) => x.rating_id);
  };
  const consistent = async () => {
    const verify = await ok(h.admin.get('/api/v1/stats/verify'));
    expect(verify.consistent, JSON.stringify(verify.diffs)).to.equal(true);
  };
  const rectificationCount = async () =>
    Number(
      (await (await db())('tickets').where({ type: 'rectification', department_id: h.dept.id }).count({ n: '*' }))[0].n,
    );

  /** A replied order of the caller, rated 1 through its single-use link with a reason: the rating and its order. */
  async function namedBadReview() {
    const t = await replied(h);
    const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
    const rating = await ok(
      (await anonymous()).post('/api/v1/public/ratings', { token, score: 1, reason: '问题没有解决，态度敷衍' }),
      201,
    );
    const row = await (await db())('ratings').where({ id: rating.id }).first();
    return { ticket: t, rating: row };
  }

  /** The department signs for the rectification order and replies to it. */
  async function rectify(rectificationId: number) {
    const t = await ok(h.handler.get(`/api/v1/tickets/${rectificationId}`));
    const signed = await ok(h.handler.post(`/api/v1/tickets/${rectificationId}/sign`, { version: t.version }));
    return ok(
      h.handler.post(`/api/v1/tickets/${rectificationId}/reply`, {
        version: signed.version,
        resolution: '已重新上门处理，并向群众致歉。',
      }),
    );
  }

  const callback = (id: number, version: number, score: number, extra: Record<string, unknown> = {}) =>
    ok(
      h.operator.post(`/api/v1/tickets/${id}/callback`, {
        version,
        contacted: true,
        solved: score >= 3 ? 'yes' : 'no',
        score,
        ...(score <= 2 ? { reason: '整改后问题依旧' } : {}),
        ...extra,
      }),
    );

  beforeEach(async () => {
    h = await hotline();
    (await services()).config.ratings.rectificationCallback = true;
  });
  after(async () => {
    (await services()).config.ratings.rectificationCallback = true;
  });

  it('puts a named bad review right when the callback after the on-time reply is not bad again (1/1)', async () => {
    await h.travel('2033-03-07T10:00:00+08:00'); // Monday
    const { ticket, rating } = await namedBadReview();
    expect(Boolean(rating.remedy_callback)).to.equal(true);
    const rectId = rating.rectification_ticket_id;

    // The department reads the order, never who rated nor the rated order.
    const seen = await ok(h.handler.get(`/api/v1/tickets/${rectId}`));
    expect(seen).to.include({ type: 'rectification', caller_phone: null });
    expect(JSON.stringify(seen)).to.not.include(PHONE).and.not.include(ticket.number);
    expect((await h.handler.get(`/api/v1/tickets/${rectId}/callback`)).status).to.equal(403);
    expect((await ok(h.handler.get(`/api/v1/ratings/${rating.id}`))).ticket_id).to.equal(null);

    await h.travel('2033-03-08T10:00:00+08:00');
    const rect = await rectify(rectId);
    expect(rect.status).to.equal('replied');
    // Replied on time, yet not put right until the resident says so.
    expect(await figures('2033-03-07')).to.include({ rectification_rate: 0 });
    expect(await unfixed('2033-03-07')).to.deep.equal([rating.id]);
    const forOperator = await ok(h.operator.get(`/api/v1/tickets/${rectId}`));
    expect(forOperator.allowed_actions).to.include.members(['callback', 'callback_failed']);

    // In the operators' 待回访, with the resident's number for the operator.
    const toCall = await ok(h.operator.get('/api/v1/tickets?status=replied&awaiting_callback=true&per_page=100'));
    expect(toCall.items.map((x: any) => x.id)).to.include(rectId);
    const status = await ok(h.operator.get(`/api/v1/tickets/${rectId}/callback`));
    expect(status.rectification).to.include({
      rating_id: rating.id,
      score: 1,
      rated_ticket_number: ticket.number,
      resident_phone: PHONE,
    });

    // Not closed by the 7-day rule while it waits for the callback.
    await h.travel('2033-03-17T10:00:00+08:00');
    await (await services()).ratings.closeUnrated(clock.now());
    const waiting = await ok(h.operator.get(`/api/v1/tickets/${rectId}`));
    expect(waiting.status).to.equal('replied');

    const closed = await callback(rectId, waiting.version, 4);
    expect(closed.status).to.equal('closed');
    expect(await figures('2033-03-07')).to.include({ rectification_rate: 1 });
    expect(await unfixed('2033-03-07')).to.deep.equal([]);
    // The callback's rating counts in satisfaction on its own day, and opens no rectification order of its own.
    expect(await figures('2033-03-17')).to.include({ satisfaction_rate: 1, rectification_rate: null });
    expect(await rectificationCount()).to.equal(1);
    // Still nothing for the department to read of the resident.
    const after = await ok(h.handler.get(`/api/v1/tickets/${rectId}`));
    expect(JSON.stringify(after)).to.not.include(PHONE).and.not.include(ticket.number);
    await consistent();
  });

  it('leaves it not put right when the callback is bad again (0/1), and reopens the rectification', async () => {
    await h.travel('2033-03-14T10:00:00+08:00');
    const { rating } = await namedBadReview();
    const rectId = rating.rectification_ticket_id;
    await h.travel('2033-03-15T10:00:00+08:00');
    const rect = await rectify(rectId);
    await h.travel('2033-03-16T10:00:00+08:00');
    const reopened = await callback(rectId, rect.version, 2);
    expect(reopened.status).to.equal('dispatched');
    expect(reopened.department_id).to.equal(h.dept.id);
    expect(await figures('2033-03-14')).to.include({ rectification_rate: 0 });
    // The redo is a new assignment of the same order; no second rectification order.
    expect(await rectificationCount()).to.equal(1);
    const d = await db();
    const redo = await d('assignments').where({ ticket_id: rectId }).orderBy('id', 'desc').first();
    expect(Boolean(redo.is_redo)).to.equal(true);
    const bad = await d('ratings').where({ ticket_id: rectId, channel: 'callback' }).first();
    expect(bad).to.include({ score: 2, remedy_assignment_id: redo.id, rectification_ticket_id: null });
    expect(Boolean(bad.remedy_callback)).to.equal(true);
    // The callback's bad review counts on its day and waits, like the first, for the redo's callback.
    expect(await figures('2033-03-16')).to.include({ satisfaction_rate: 0, rectification_rate: 0 });
    await consistent();

    await h.travel('2033-03-17T10:00:00+08:00');
    const again = await rectify(rectId);
    expect(await figures('2033-03-16')).to.include({ rectification_rate: 0 });
    await callback(rectId, again.version, 5);
    expect(await figures('2033-03-16')).to.include({ rectification_rate: 1 });
    // The first review stays not put right: its rectification's callback was bad.
    expect(await figures('2033-03-14')).to.include({ rectification_rate: 0 });
    await consistent();
  });

  it('puts an anonymous bad review (a device, no order) right by the on-time reply alone', async () => {
    await h.travel('2033-03-21T10:00:00+08:00');
    const desk = await reviewDesk(h);
    const bad = await ok(
      devicePost(desk.key, deviceRating({ score: 2, reason: '排队太久', rated_at: clock.now().toISOString() })),
      201,
    );
    const row = await (await db())('ratings').where({ id: bad.id }).first();
    expect(Boolean(row.remedy_callback)).to.equal(false);
    const rect = await rectify(row.rectification_ticket_id);
    expect(await figures('2033-03-21')).to.include({ rectification_rate: 1 });
    const res = await h.operator.post(`/api/v1/tickets/${rect.id}/callback`, { version: rect.version, score: 5 });
    expect(res.status).to.equal(409);
    expect((await ok(h.operator.get(`/api/v1/tickets/${rect.id}`))).allowed_actions).to.not.include('callback');
    const toCall = await ok(h.operator.get('/api/v1/tickets?status=replied&awaiting_callback=true&per_page=100'));
    expect(toCall.items.map((x: any) => x.id)).to.not.include(rect.id);
    expect((await ok(h.operator.get(`/api/v1/tickets/${rect.id}/callback`))).rectification).to.equal(null);
    await consistent();
  });

  it('with RECTIFICATION_CALLBACK off, puts a named one right by the on-time reply, as before', async () => {
    (await services()).config.ratings.rectificationCallback = false;
    await h.travel('2033-03-28T10:00:00+08:00');
    const { rating } = await namedBadReview();
    expect(Boolean(rating.remedy_callback)).to.equal(false);
    const rect = await rectify(rating.rectification_ticket_id);
    expect(await figures('2033-03-28')).to.include({ rectification_rate: 1 });
    expect(
      (await h.operator.post(`/api/v1/tickets/${rect.id}/callback`, { version: rect.version, score: 4 })).status,
    ).to.equal(409);
    // Closed by itself 7 days after its reply, without a rating.
    await h.travel('2033-04-05T10:00:00+08:00');
    await (await services()).ratings.closeUnrated(clock.now());
    expect((await ok(h.operator.get(`/api/v1/tickets/${rect.id}`))).status).to.equal('closed');
    await consistent();
  });

  it('counts an unreachable resident (attempts run out) put right by the on-time reply', async () => {
    await h.travel('2033-04-11T10:00:00+08:00');
    const { rating } = await namedBadReview();
    const rect = await rectify(rating.rectification_ticket_id);
    let version = rect.version;
    let status = rect.status;
    for (let i = 0; i < 3; i++) {
      const t = await ok(
        h.operator.post(`/api/v1/tickets/${rect.id}/callback-failed`, { version, reason: 'no_answer' }),
      );
      version = t.version;
      status = t.status;
      if (i < 2) expect(await figures('2033-04-11')).to.include({ rectification_rate: 0 });
    }
    expect(status).to.equal('closed');
    expect(await figures('2033-04-11')).to.include({ rectification_rate: 1 });
    await consistent();
  });

  it('does not count a late reply put right on time, whatever the callback says', async () => {
    await h.travel('2033-04-18T10:00:00+08:00');
    const { rating } = await namedBadReview();
    const rectId = rating.rectification_ticket_id;
    const due = (await (await db())('assignments').where({ ticket_id: rectId }).first()).due_at;
    clock.set(new Date(fromDbTime(due)!.getTime() + 3_600_000));
    await h.signInAgain();
    const rect = await rectify(rectId);
    await callback(rectId, rect.version, 5);
    expect(await figures('2033-04-18')).to.include({ rectification_rate: 0 });
    await consistent();
  });
});
