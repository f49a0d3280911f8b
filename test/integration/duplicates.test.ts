import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { newPhone } from '../helpers/calls.ts';
import { makeCategory, uniq } from '../helpers/factories.ts';
import { createTicket, dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';

describe('duplicates (并单)', () => {
  let h: Hotline;
  before(async () => { h = await hotline(); });
  beforeEach(async () => { await h.signInAgain(); });

  const ids = (r: any) => r.items.map((t: any) => t.id);

  it('shows open orders of the last 7 days from the same phone, or of the same category at the same address', async () => {
    const phone = newPhone();
    const address = uniq('海淀区学院路');
    const [category, otherCategory] = await Promise.all([makeCategory(h.dept.id), makeCategory(h.dept.id)]);
    clock.set('2026-11-10T09:00:00+08:00');
    await h.signInAgain();
    const old = await createTicket(h.operator, { caller_phone: phone }); // 8 days before the look-up
    clock.set('2026-11-17T10:00:00+08:00');
    await h.signInAgain();
    const samePhone = await createTicket(h.operator, { caller_phone: phone });
    const samePlace = await dispatched(h, { caller_phone: newPhone(), category_id: category.id, address });
    const both = await createTicket(h.operator, { caller_phone: phone, category_id: category.id, address });
    await createTicket(h.operator, { caller_phone: newPhone(), category_id: otherCategory.id, address });
    const answered = await createTicket(h.operator, { caller_phone: phone, type: 'inquiry' });
    await ok(h.operator.post(`/api/v1/tickets/${answered.id}/answer`, { version: answered.version, resolution: '已答复' }));
    clock.set('2026-11-18T10:00:00+08:00');
    await h.signInAgain();

    const q = `phone=${phone}&category_id=${category.id}&address=${encodeURIComponent(address)}`;
    const found = await ok(h.operator.get(`/api/v1/tickets/duplicates?${q}`));
    // Newest first; the closed one, the 8-day-old one and the other category at the address are left out.
    expect(ids(found)).to.deep.equal([both.id, samePlace.id, samePhone.id]);
    expect(found.items.map((t: any) => t.match)).to.deep.equal([['phone', 'address'], ['address'], ['phone']]);
    expect(found.items[2].caller_phone).to.equal(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(ids(found)).to.not.include(old.id);

    // The order being edited is left out; a phone typed with dashes is the same number.
    const dashed = `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
    const byPhone = await ok(h.operator.get(`/api/v1/tickets/duplicates?phone=${dashed}&exclude_id=${both.id}`));
    expect(ids(byPhone)).to.deep.equal([samePhone.id]);
    const byPlace = await ok(h.supervisor.get(`/api/v1/tickets/duplicates?category_id=${category.id}&address=${encodeURIComponent(` ${address} `)}`));
    expect(ids(byPlace)).to.deep.equal([both.id, samePlace.id]);
  });

  it('drops an order once it is merged, and merging lets the resident follow it', async () => {
    const phone = newPhone();
    const first = await createTicket(h.operator, { caller_phone: phone });
    const second = await createTicket(h.operator, { caller_phone: phone });
    expect(ids(await ok(h.operator.get(`/api/v1/tickets/duplicates?phone=${phone}&exclude_id=${second.id}`)))).to.deep.equal([first.id]);
    await ok(h.operator.post(`/api/v1/tickets/${second.id}/merge`, { version: second.version, into_ticket_id: first.id }));
    expect(ids(await ok(h.operator.get(`/api/v1/tickets/duplicates?phone=${phone}`)))).to.deep.equal([first.id]);
    const seen = await ok(h.operator.get(`/api/v1/public/tickets/${second.number}?phone_last4=${phone.slice(-4)}`));
    expect(seen.status).to.equal('merged');
    expect(seen.merged_into.number).to.equal(first.number);
  });

  it('needs a phone, or a category and an address; refuses handlers and administrators', async () => {
    const none = await h.operator.get('/api/v1/tickets/duplicates?address=x');
    expect(none.status).to.equal(400);
    expect(none.body.error.details.map((d: any) => d.path)).to.deep.equal(['phone']);
    const bad = await h.operator.get('/api/v1/tickets/duplicates?phone=abc&category_id=x&colour=red');
    expect(bad.body.error.details.map((d: any) => d.path)).to.include.members(['phone', 'category_id', 'colour']);
    expect((await h.handler.get(`/api/v1/tickets/duplicates?phone=${newPhone()}`)).status).to.equal(403);
    expect((await h.admin.get(`/api/v1/tickets/duplicates?phone=${newPhone()}`)).status).to.equal(403);
  });
});
