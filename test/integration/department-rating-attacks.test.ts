import { expect } from 'chai';
import { newPhone } from '../helpers/calls.ts';
import { Client } from '../helpers/http.ts';
import { anonymous, devicePost, deviceRating, reviewDesk } from '../helpers/reviews.ts';
import { testApp } from '../helpers/test-app.ts';
import { accepted, hotline, ok, type Hotline } from '../helpers/tickets.ts';

/**
 * Issue 11, findings 1 and 4, from the department's side: a handler who wants a 5 for its own work, or wants to
 * know which resident gave the 1, with everything its account can read.
 */
describe('attacker: a department rating its own work or tracing a bad review', () => {
  let h: Hotline;
  let outsider: Client;
  before(async () => {
    h = await hotline();
    outsider = new Client((await testApp()).baseUrl);
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  /** The order worked by the handler, replied; the resident's number revealed once on the way (audited). */
  async function workedOrder() {
    const phone = newPhone();
    const t = await accepted(h, { caller_phone: phone, caller_name: '孙先生' });
    const revealed = await ok(h.handler.post(`/api/v1/tickets/${t.id}/reveal-phone`, {}));
    expect(revealed.caller_phone).to.equal(phone);
    await ok(h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution: '已处理完毕。' }));
    return { t, phone };
  }

  it('a handler with the number, the masked phone and even the revealed one gets no working rating link', async () => {
    const { t, phone } = await workedOrder();
    const seen = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
    expect(seen.caller_phone).to.match(/^\d{3}\*{4}\d{4}$/);
    // The resident's link, as the hotline reads it (to read out or text to the resident).
    const link = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
    expect(link.state).to.equal('open');

    // The look-up with what the department reads (the masked phone's last four), then with the revealed number.
    for (const last4 of [seen.caller_phone.slice(-4), phone.slice(-4)]) {
      const res = await outsider.get(`/api/v1/public/tickets/${seen.number}?phone_last4=${last4}`);
      expect(res.status).to.equal(200);
      expect(res.body.status).to.equal('replied');
      expect(res.body).to.not.have.property('rate_url');
      expect(JSON.stringify(res.body)).to.not.include(link.token).and.not.include('/rate/');
    }
    // Nor from the department's own reading of the ticket, nor by asking for the link.
    expect(JSON.stringify(await ok(h.handler.get(`/api/v1/tickets/${t.id}`)))).to.not.include(link.token);
    const asked = await h.handler.get(`/api/v1/tickets/${t.id}/rating-link`);
    expect(asked.status).to.equal(403);
    // So nothing was rated, and the link still waits for the resident, who rates with it once.
    const { db } = (await testApp()).services;
    expect(await db('ratings').where({ ticket_id: t.id })).to.have.length(0);
    expect((await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`))).state).to.equal('open');
    await ok(
      (await anonymous()).post('/api/v1/public/ratings', { token: link.token, score: 2, reason: '拖了很久' }),
      201,
    );
  });

  it(
    'a handler cannot join a bad review to its ticket: no ' +
      'rating, score or appeal on the timeline, none in the ratings',
    async () => {
      const { t } = await workedOrder();
      const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
      const bad = await ok(
        (await anonymous()).post('/api/v1/public/ratings', { token, score: 1, reason: '敷衍了事' }),
        201,
      );
      // The department appeals the review it reads in its list (the appeal is told on the rated ticket too).
      await ok(h.handler.post(`/api/v1/ratings/${bad.id}/appeal`, { reason: '已按规定办理，申请复核' }), 201);
      // The hotline calls back: the resident already rated, so the callback asks no score.
      const now = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      await ok(
        h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: now.version, contacted: true, solved: 'no' }),
      );
      // A window's device also rates this ticket by its number, badly.
      const desk = await reviewDesk(h);
      const byDevice = await ok(
        devicePost(desk.key, deviceRating({ ticket_number: t.number, score: 2, reason: '推诿' })),
        201,
      );

      // The hotline's view holds all of it: what is hidden is hidden from the department only.
      const hotlineView = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      expect(
        hotlineView.events.filter((e: any) => e.action === 'rated').map((e: any) => e.data.rating_id),
      ).to.deep.equal([bad.id, byDevice.id]);
      expect(hotlineView.events.find((e: any) => e.action === 'callback').data.resident_score).to.equal(1);

      const handlerView = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
      expect(handlerView.caller_name).to.equal('孙先生'); // the resident is beside whatever the timeline says
      const actions = handlerView.events.map((e: any) => e.action);
      expect(actions).to.include('callback').and.include('reply');
      expect(actions).to.not.include('rated').and.not.include('rating_appeal');
      const text = JSON.stringify(handlerView);
      expect(text).to.not.match(new RegExp(`"rating_id":(${bad.id}|${byDevice.id})\\b`));
      expect(text).to.not.include('resident_score').and.not.include('rated_before').and.not.include('敷衍了事');
      // The reviews the department reads name no ticket; the bad review's own order names neither ticket nor caller.
      for (const id of [bad.id, byDevice.id]) {
        const r = await ok(h.handler.get(`/api/v1/ratings/${id}`));
        expect(r).to.include({ ticket_id: null, assignment_id: null });
        const rect = await ok(h.handler.get(`/api/v1/tickets/${r.rectification_ticket_id}`));
        expect(JSON.stringify(rect)).to.not.include(t.number).and.not.include('孙先生');
      }
      const listed = (await ok(h.handler.get('/api/v1/ratings?bad=true&per_page=100'))).items.filter((x: any) =>
        [bad.id, byDevice.id].includes(x.id),
      );
      expect(listed.map((x: any) => [x.ticket_id, x.assignment_id])).to.deep.equal([
        [null, null],
        [null, null],
      ]);
    },
  );
});
