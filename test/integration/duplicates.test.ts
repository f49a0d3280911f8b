import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { newPhone } from '../helpers/calls.ts';
import { makeCategory, uniq } from '../helpers/factories.ts';
import { createTicket, dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';

describe('duplicates (并单)', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  const ids = (r: any) => r.items.map((t: any) => t.id);

  it(
    'shows open orders of the last 7 days from the same ' + 'phone, or of the same category at the same address',
    async () => {
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
      await ok(
        h.operator.post(`/api/v1/tickets/${answered.id}/answer`, { version: answered.version, resolution: '已答复' }),
      );
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
      const byPlace = await ok(
        h.supervisor.get(
          `/api/v1/tickets/duplicates?category_id=${category.id}&address=${encodeURIComponent(` ${address} `)}`,
        ),
      );
      expect(ids(byPlace)).to.deep.equal([both.id, samePlace.id]);
    },
  );

  it('drops an order once it is merged, and merging lets the resident follow it', async () => {
    const phone = newPhone();
    const first = await createTicket(h.operator, { caller_phone: phone });
    const second = await createTicket(h.operator, { caller_phone: phone });
    expect(
      ids(await ok(h.operator.get(`/api/v1/tickets/duplicates?phone=${phone}&exclude_id=${second.id}`))),
    ).to.deep.equal([first.id]);
    await ok(
      h.operator.post(`/api/v1/tickets/${second.id}/merge`, { version: second.version, into_ticket_id: first.id }),
    );
    expect(ids(await ok(h.operator.get(`/api/v1/tickets/duplicates?phone=${phone}`)))).to.deep.equal([first.id]);
    const seen = await ok(h.operator.get(`/api/v1/public/tickets/${second.number}?phone_last4=${phone.slice(-4)}`));
    expect(seen.status).to.equal('merged');
    expect(seen.merged_into.number).to.equal(first.number);
  });

  it(
    'finds the same place written differently: the district ' + 'or not, the neighbouring door, not the whole street',
    async () => {
      // A street of this run only (the street's last characters are what orders are looked up by).
      const street = `南竹${[...uniq('')].map((c) => String.fromCharCode(0x4e00 + c.charCodeAt(0))).join('')}胡同`;
      const [category, other] = await Promise.all([makeCategory(h.dept.id), makeCategory(h.dept.id)]);
      const at22 = await createTicket(h.operator, {
        caller_phone: newPhone(),
        category_id: category.id,
        address: `东城区${street}22号`,
      });
      const at23 = await dispatched(h, {
        caller_phone: newPhone(),
        category_id: other.id,
        address: `北京市东城区${street}23号`,
      });
      // Door 40 of the same street: too far to be a neighbour.
      await createTicket(h.operator, { caller_phone: newPhone(), category_id: category.id, address: `${street}40号` });
      const elsewhere = await createTicket(h.operator, {
        caller_phone: newPhone(),
        category_id: category.id,
        address: `西城区${street}22号`,
      });
      const near = (q: string) => ok(h.operator.get(`/api/v1/tickets/duplicates?${q}`));

      // Typed without the district, before a category is chosen: both neighbours, newest first, by place.
      const typed = await near(`address=${encodeURIComponent(`${street}22号`)}`);
      // (西城区 is not written in what was typed: that order may be the same place.)
      expect(ids(typed)).to.deep.equal([elsewhere.id, at23.id, at22.id]);
      expect(typed.items.find((t: any) => t.id === at22.id).match).to.deep.equal(['address']);
      // 西城区 is another street of the same name: left out when the district is typed.
      expect(ids(await near(`address=${encodeURIComponent(`东城区${street}22号`)}`))).to.deep.equal([at23.id, at22.id]);
      // Once the category is chosen, the place's orders of that category only.
      expect(
        ids(await near(`address=${encodeURIComponent(`${street}23号`)}&category_id=${category.id}`)),
      ).to.deep.equal([elsewhere.id, at22.id]);
      // Closed orders are left out.
      await ok(
        h.operator.post(`/api/v1/tickets/${elsewhere.id}/merge`, {
          version: elsewhere.version,
          into_ticket_id: at22.id,
        }),
      );
      expect(ids(await near(`address=${encodeURIComponent(`${street}21号`)}`))).to.deep.equal([at23.id, at22.id]);
    },
  );

  it('needs a phone or an address; refuses handlers and administrators', async () => {
    const none = await h.operator.get('/api/v1/tickets/duplicates?category_id=1');
    expect(none.status).to.equal(400);
    expect(none.body.error.details.map((d: any) => d.path)).to.deep.equal(['phone']);
    const bad = await h.operator.get('/api/v1/tickets/duplicates?phone=abc&category_id=x&colour=red');
    expect(bad.body.error.details.map((d: any) => d.path)).to.include.members(['phone', 'category_id', 'colour']);
    expect((await h.handler.get(`/api/v1/tickets/duplicates?phone=${newPhone()}`)).status).to.equal(403);
    expect((await h.admin.get(`/api/v1/tickets/duplicates?phone=${newPhone()}`)).status).to.equal(403);
  });
});
