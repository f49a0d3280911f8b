import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { testApp } from '../helpers/test-app.ts';
import { makeDepartment, signIn, signedIn } from '../helpers/factories.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { devicePost, deviceRating, reviewDesk } from '../helpers/reviews.ts';
import type { Client } from '../helpers/http.ts';

describe('an upheld appeal and the rectification order of its bad review', () => {
  let h: Hotline;
  const db = async () => (await testApp()).services.db;

  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  /** A department of its own, a bad review at its window on `day`, and the rectification order it opened. */
  async function badReview(day: string) {
    await h.travel(`${day}T10:00:00+08:00`);
    const dept = await makeDepartment();
    const { user, api: handler } = await signedIn('handler', dept.id);
    const desk = await reviewDesk(h, dept.id);
    const rating = await ok(
      devicePost(desk.key, deviceRating({ score: 1, reason: '办事拖拉', rated_at: clock.now().toISOString() })),
      201,
    );
    const row = await (await db())('ratings').where({ id: rating.id }).first();
    const order = await ok(handler.get(`/api/v1/tickets/${row.rectification_ticket_id}`));
    return { dept, handler, username: user.username, rating, order };
  }

  const uphold = async (handler: Client, ratingId: number) => {
    await ok(handler.post(`/api/v1/ratings/${ratingId}/appeal`, { reason: '当日系统故障' }), 201);
    return ok(h.supervisor.post(`/api/v1/ratings/${ratingId}/appeal/decision`, { uphold: true, note: '经核实' }));
  };

  const figures = async (deptId: number, day: string) =>
    (await ok(h.supervisor.get(`/api/v1/stats/departments?from=${day}&to=${day}`))).find(
      (d: any) => d.department_id === deptId,
    );

  const consistent = async () => expect(await ok(h.admin.get('/api/v1/stats/verify'))).to.include({ consistent: true });

  it(
    'closes an order still dispatched, by the system, which ' +
      'then never escalates; its assignment ends like a return',
    async () => {
      const day = '2032-03-01'; // a Monday
      const { dept, handler, username, rating, order } = await badReview(day);
      expect(order.status).to.equal('dispatched');
      expect(await figures(dept.id, day)).to.include({ received: 1, return_rate: 0 });
      await uphold(handler, rating.id);

      const closed = await ok(handler.get(`/api/v1/tickets/${order.id}`));
      expect(closed.status).to.equal('closed');
      const actions = closed.events.map((e: any) => e.action);
      expect(actions.slice(-2)).to.deep.equal(['rating_appeal_decision', 'rectification_withdrawn']);
      const withdrawn = closed.events.at(-1);
      expect(withdrawn).to.include({ from_status: 'dispatched', to_status: 'closed' });
      expect(withdrawn.note).to.include('申诉成立').and.include('appeal was upheld');
      const stored = await (await db())('tickets').where({ id: order.id }).first();
      expect(stored.next_escalation_at).to.equal(null);
      const assignment = await (await db())('assignments').where({ ticket_id: order.id }).first();
      expect(assignment).to.include({ end_reason: 'returned' });
      expect(assignment.ended_at).to.be.a('string');

      // The rule: out of received, counted as a return; the voided rating leaves satisfaction and rectification.
      // With nothing received no rate is shown, the return rate neither ("—", never 100% beside a received of 0).
      expect(await figures(dept.id, day)).to.include({
        received: 0,
        return_rate: null,
        completion_rate: null,
        satisfaction_rate: null,
        rectification_rate: null,
      });
      await consistent();

      // Weeks later, far past both deadlines: nothing escalates, and the department cannot act on it.
      await h.travel('2032-04-20T10:00:00+08:00');
      const { services } = await testApp();
      await services.escalations.sweep();
      expect(await (await db())('escalations').where({ ticket_id: order.id })).to.have.length(0);
      expect(await (await db())('supervisions').where({ ticket_id: order.id })).to.have.length(0);
      const sign = await (await signIn(username)).post(`/api/v1/tickets/${order.id}/sign`, { version: closed.version });
      expect(sign.status).to.equal(409);
      await consistent();
    },
  );

  it('closes a signed order, cancelling its pending requests, and takes back its timely sign-for', async () => {
    const day = '2032-03-02';
    const { dept, handler, rating, order } = await badReview(day);
    const t = await ok(handler.post(`/api/v1/tickets/${order.id}/sign`, { version: order.version }));
    await ok(handler.post(`/api/v1/tickets/${t.id}/extension`, { version: t.version, days: 3, reason: '需现场核实' }));
    expect(await figures(dept.id, day)).to.include({ received: 1, sign_timely_rate: 1 });
    await uphold(handler, rating.id);
    const closed = await ok(h.supervisor.get(`/api/v1/tickets/${order.id}`));
    expect(closed.status).to.equal('closed');
    expect(closed.events.at(-1)).to.include({ action: 'rectification_withdrawn', from_status: 'accepted' });
    expect(closed.requests.map((r: any) => [r.kind, r.status])).to.deep.equal([['extension', 'cancelled']]);
    expect(await figures(dept.id, day)).to.include({ received: 0, sign_timely_rate: null, return_rate: null });
    await consistent();
  });

  it('closes a replied order too, but its reply stands: received and done', async () => {
    const day = '2032-03-03';
    const { dept, handler, rating, order } = await badReview(day);
    const t = await ok(handler.post(`/api/v1/tickets/${order.id}/sign`, { version: order.version }));
    await ok(handler.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution: '已约谈窗口人员' }));
    expect(await figures(dept.id, day)).to.include({ received: 1, completion_rate: 1, rectification_rate: 1 });
    await uphold(handler, rating.id);
    const closed = await ok(h.supervisor.get(`/api/v1/tickets/${order.id}`));
    expect(closed.status).to.equal('closed');
    expect(closed.events.at(-1)).to.include({ action: 'rectification_withdrawn', from_status: 'replied' });
    expect(closed.events.at(-1).data).to.include({ assignment_ended: false });
    const assignment = await (await db())('assignments').where({ ticket_id: order.id }).first();
    expect(assignment.end_reason).to.equal('replied');
    expect(await figures(dept.id, day)).to.include({
      received: 1,
      completion_rate: 1,
      return_rate: 0,
      rectification_rate: null,
      satisfaction_rate: null,
    });
    await consistent();
  });

  it('leaves the order open when the appeal is rejected', async () => {
    const { handler, rating, order } = await badReview('2032-03-04');
    await ok(handler.post(`/api/v1/ratings/${rating.id}/appeal`, { reason: '不认可' }), 201);
    await ok(
      h.supervisor.post(`/api/v1/ratings/${rating.id}/appeal/decision`, {
        uphold: false,
        note: '整改到位，申诉不成立',
      }),
    );
    const t = await ok(handler.get(`/api/v1/tickets/${order.id}`));
    expect(t.status).to.equal('dispatched');
    expect(t.events.map((e: any) => e.action)).to.not.include('rectification_withdrawn');
    await consistent();
  });
});
