import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { anonymous, devicePost, deviceRating, reviewDesk } from '../helpers/reviews.ts';

describe('which ticket a bad review concerns, kept from the department', () => {
  let h: Hotline;
  const db = async () => (await testApp()).services.db;
  const linkOf = async (ticketId: number) => ok(h.operator.get(`/api/v1/tickets/${ticketId}/rating-link`));

  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it(
    "a device's bad review of a ticket: the order names the " +
      'window and staff, not the ticket; handlers see no ticket_id',
    async () => {
      const desk = await reviewDesk(h);
      const t = await replied(h, { caller_name: '钱先生', caller_phone: '13511112222' });
      const r = await ok(
        devicePost(desk.key, deviceRating({ ticket_number: t.number, score: 1, reason: '推诿扯皮' })),
        201,
      );
      expect(r.ticket_id).to.equal(t.id); // the device that sent the number gets its answer
      const row = await (await db())('ratings').where({ id: r.id }).first();
      expect(row.ticket_id).to.equal(t.id); // the hotline keeps the link
      const rect = await ok(h.handler.get(`/api/v1/tickets/${row.rectification_ticket_id}`));
      expect(rect.description).to.include(desk.window.name).and.include(desk.staff.name).and.include('推诿扯皮');
      expect(JSON.stringify(rect)).to.not.include(t.number);
      const seen = await ok(h.handler.get(`/api/v1/ratings/${r.id}`));
      expect(seen).to.include({ ticket_id: null, assignment_id: null, rectification_ticket_id: rect.id });
      const listed = (await ok(h.handler.get('/api/v1/ratings?bad=true&per_page=100'))).items.find(
        (x: any) => x.id === r.id,
      );
      expect(listed).to.include({ ticket_id: null, assignment_id: null });
      for (const api of [h.supervisor, h.operator]) {
        expect(await ok(api.get(`/api/v1/ratings/${r.id}`))).to.include({
          ticket_id: t.id,
          assignment_id: t.assignment_id ?? row.assignment_id,
        });
      }
      // Nor does the rated ticket's own timeline (the department's own ticket, with its caller) say it was rated:
      // the hotline's does.
      const own = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
      expect(own.events.some((e: any) => e.action === 'rated')).to.equal(false);
      expect(
        (await ok(h.operator.get(`/api/v1/tickets/${t.id}`))).events.some((e: any) => e.action === 'rated'),
      ).to.equal(true);
    },
  );

  it("a resident's bad review through the ticket's link: no ticket_id for handlers either", async () => {
    const t = await replied(h);
    const { token } = await linkOf(t.id);
    const r = await ok(
      (await anonymous()).post('/api/v1/public/ratings', { token, score: 2, reason: '态度敷衍' }),
      201,
    );
    expect((await ok(h.handler.get(`/api/v1/ratings/${r.id}`))).ticket_id).to.equal(null);
    expect((await ok(h.supervisor.get(`/api/v1/ratings/${r.id}`))).ticket_id).to.equal(t.id);
  });

  it("a callback's rating keeps its ticket: it is the order the department holds again", async () => {
    const t = await replied(h);
    const reopened = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: t.version, score: 1, reason: '问题依旧' }),
    );
    expect(reopened.status).to.equal('dispatched');
    const items = (await ok(h.handler.get(`/api/v1/ratings?ticket_id=${t.id}`))).items;
    expect(items).to.have.length(1);
    expect(items[0]).to.include({ channel: 'callback', ticket_id: t.id });
  });
});
