import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { anonymous, devicePost, deviceRating, makeWindow, reviewDesk } from '../helpers/reviews.ts';

describe('RatingsService.closeUnrated on rectification orders (差评整改: no resident behind them)', () => {
  let h: Hotline;
  const db = async () => (await testApp()).services.db;
  const run = async () => (await testApp()).services.ratings.closeUnrated(clock.now());
  const rate = async (body: Record<string, unknown>) => (await anonymous()).post('/api/v1/public/ratings', body);
  const period = '?from=2032-07-01&to=2032-07-31';
  const satisfaction = async () => {
    const rows = await ok(h.supervisor.get(`/api/v1/stats/departments${period}&department_id=${h.dept.id}`));
    return rows.find((r: any) => r.department_id === h.dept.id).satisfaction_rate;
  };
  /** The department signs for the rectification order of a bad review and replies to it. */
  async function rectify(ratingId: number) {
    const { rectification_ticket_id: id } = await (await db())('ratings').where({ id: ratingId }).first();
    const t = await ok(h.handler.get(`/api/v1/tickets/${id}`));
    expect(t).to.include({ type: 'rectification', status: 'dispatched' });
    const signed = await ok(h.handler.post(`/api/v1/tickets/${id}/sign`, { version: t.version }));
    return ok(
      h.handler.post(`/api/v1/tickets/${id}/reply`, {
        version: signed.version,
        resolution: '已约谈窗口人员，整改服务态度。',
      }),
    );
  }

  before(async () => {
    h = await hotline();
  });

  it(
    'closes a replied rectification order 7 days after its ' + 'reply without a rating, leaving satisfaction as it was',
    async () => {
      await h.travel('2032-07-05T10:00:00+08:00'); // Monday
      const window = await makeWindow(h);
      const token = window.rating_url.split('/rate/')[1];
      await ok(rate({ token, score: 5 }), 201);
      const bad = await ok(rate({ token, score: 1, reason: '窗口人员态度生硬' }), 201);
      const rect = await rectify(bad.id);
      expect(rect.status).to.equal('replied');
      expect(await satisfaction()).to.equal(0.5); // 5 and 1

      await h.travel('2032-07-12T09:59:00+08:00');
      await run();
      expect((await ok(h.handler.get(`/api/v1/tickets/${rect.id}`))).status).to.equal('replied');

      clock.set('2032-07-12T10:00:01+08:00');
      await run();
      await h.signInAgain();
      const detail = await ok(h.handler.get(`/api/v1/tickets/${rect.id}`));
      expect(detail.status).to.equal('closed');
      const event = detail.events.at(-1);
      expect(event).to.include({
        action: 'auto_close',
        actor_role: 'system',
        from_status: 'replied',
        to_status: 'closed',
      });
      expect(event.data).to.include({ defaulted: false, score: null, without_rating: true, reason: 'rectification' });
      const d = await db();
      expect(await d('ratings').where({ ticket_id: rect.id })).to.have.length(0);
      expect(await d('ratings').where({ department_id: h.dept.id })).to.have.length(2);
      expect(await satisfaction()).to.equal(0.5);
      // Run again (another instance, a restart): nothing more happens.
      clock.set('2032-07-13T10:00:00+08:00');
      await run();
      expect(await d('ratings').where({ ticket_id: rect.id })).to.have.length(0);
      expect(await d('ticket_events').where({ ticket_id: rect.id, action: 'auto_close' })).to.have.length(1);
    },
  );

  it(
    'does the same for a bad device review, while an ' +
      'ordinary order closed in the same run still gets its 基本满意',
    async () => {
      await h.travel('2032-07-19T10:00:00+08:00'); // Monday
      const before = await satisfaction();
      const desk = await reviewDesk(h);
      const bad = await ok(
        devicePost(desk.key, deviceRating({ score: 2, reason: '排队太久', rated_at: clock.now().toISOString() })),
        201,
      );
      const rect = await rectify(bad.id);
      const ordinary = await replied(h);
      clock.set('2032-07-27T10:00:00+08:00');
      const result = await run();
      expect(result.closed).to.be.at.least(2);
      const d = await db();
      expect(await d('tickets').whereIn('id', [rect.id, ordinary.id]).orderBy('id').pluck('status')).to.deep.equal([
        'closed',
        'closed',
      ]);
      expect(await d('ratings').where({ ticket_id: rect.id })).to.have.length(0);
      const defaulted = await d('ratings').where({ ticket_id: ordinary.id });
      expect(defaulted.map((r: any) => [r.score, Boolean(r.defaulted)])).to.deep.equal([[3, true]]);
      // 5, 1, 2 and the ordinary order's defaulted 3: the rectification order added nothing.
      expect(before).to.equal(0.5);
      await h.signInAgain();
      expect(await satisfaction()).to.equal(2 / 4);
      const verify = await ok(h.admin.get('/api/v1/stats/verify'));
      expect(verify.consistent, JSON.stringify(verify.diffs)).to.equal(true);
    },
  );
  it("is no callback to make: refused with 409, and left out of the operators' 待回访 list", async () => {
    await h.travel('2032-07-28T10:00:00+08:00');
    const window = await makeWindow(h);
    const bad = await ok(rate({ token: window.rating_url.split('/rate/')[1], score: 2, reason: '等候时间太长' }), 201);
    const rect = await rectify(bad.id);
    for (const [action, body] of [
      ['callback', { score: 5, contacted: true, solved: 'yes' }],
      ['callback-failed', { reason: 'no_answer' }],
    ] as const) {
      const res = await h.operator.post(`/api/v1/tickets/${rect.id}/${action}`, { version: rect.version, ...body });
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('INVALID_TRANSITION');
    }
    expect(await (await db())('ratings').where({ ticket_id: rect.id, channel: 'callback' })).to.have.length(0);
    const all = await ok(h.operator.get('/api/v1/tickets?status=replied&type=rectification&per_page=100'));
    expect(all.items.map((x: any) => x.id)).to.include(rect.id);
    const toCall = await ok(h.operator.get('/api/v1/tickets?status=replied&not_type=rectification&per_page=100'));
    expect(toCall.items.map((x: any) => x.id)).to.not.include(rect.id);
    expect(toCall.items.every((x: any) => x.type !== 'rectification')).to.equal(true);
  });
});
