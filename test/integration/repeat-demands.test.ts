// Repeat demands (重复诉求, docs/rules/work-orders.md "Repeat demands"): the third order within 30 days from one
// number, or of one place and category, is flagged and linked to the earlier ones; at its dispatch the holding
// unit's head is told by mail (head_email) and text (the liaison mobile), once per order, never with the number.
import { expect } from 'chai';
import type { Services } from '../../server/services.ts';
import { newPhone } from '../helpers/calls.ts';
import { makeCategory } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';
import { textsTo } from '../helpers/texts.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

describe('repeat demands (重复诉求)', () => {
  let h: Hotline;
  let s: Services;
  let liaison: string;

  before(async () => {
    s = (await testApp()).services;
    h = await hotline();
    liaison = newPhone();
    await ok(h.admin.patch(`/api/v1/departments/${h.dept.id}`, { liaison_mobile: liaison }));
  });

  const at = (iso: string) => h.travel(iso);
  const view = (id: number) => ok(h.operator.get(`/api/v1/tickets/${id}`));
  const dispatch = (t: { id: number; version: number }) =>
    ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id }));
  const mailsOf = async (id: number) => {
    const { number } = await s.db('tickets').where({ id }).first('number');
    return s.db('outbox').where({ kind: 'email' }).andWhere('body', 'like', `%${number}%`);
  };
  const textsOf = async (number: string) =>
    (await textsTo(liaison, 'repeat_demand')).filter((x) => x.params.number === number);

  it('flags the third order of one number within 30 days and links it; the second and older ones are not', async () => {
    const phone = newPhone();
    await at('2032-03-01T09:00:00+08:00');
    const outside = await createTicket(h.operator, { caller_phone: phone });
    await at('2032-04-05T09:00:00+08:00');
    const first = await createTicket(h.operator, { caller_phone: phone });
    await at('2032-04-20T09:00:00+08:00');
    const second = await createTicket(h.operator, { caller_phone: phone });
    expect((await view(second.id)).repeats).to.equal(null);
    // The first call of all (2032-03-01) is more than 30 days before the second and the third.
    await at('2032-05-03T09:00:00+08:00');
    const third = await createTicket(h.operator, { caller_phone: phone });
    const { repeats } = await view(third.id);
    expect(repeats.count).to.equal(3);
    expect(repeats.rule).to.equal('phone');
    expect(repeats.siblings.map((x: any) => x.id)).to.deep.equal([first.id, second.id]);
    expect(repeats.siblings[0]).to.deep.equal({ id: first.id, number: first.number, created_at: first.created_at });
    expect(repeats.siblings.map((x: any) => x.id)).to.not.include(outside.id);
    expect((await view(outside.id)).repeats).to.equal(null);
  });

  it('flags the third order of one place and category from different numbers; another category is not', async () => {
    const [category, other] = await Promise.all([makeCategory(h.dept.id), makeCategory(h.dept.id)]);
    await at('2032-05-01T09:00:00+08:00');
    const place = (address: string, categoryId = category.id) =>
      createTicket(h.operator, { caller_phone: newPhone(), category_id: categoryId, address });
    const a = await place('东城区南竹竿胡同22号');
    await place('东城区南竹竿胡同22号', other.id);
    const b = await place('南竹竿胡同22号');
    const c = await place('北京市东城区南竹竿胡同22号');
    const { repeats } = await view(c.id);
    expect(repeats).to.deep.include({ count: 3, rule: 'place' });
    expect(repeats.siblings.map((x: any) => x.number)).to.deep.equal([a.number, b.number]);
    expect((await view(b.id)).repeats).to.equal(null);
  });

  it('tells the holding unit head by mail and text once, at dispatch; never with a confidential number', async () => {
    const phone = newPhone();
    await at('2032-06-01T09:00:00+08:00');
    const plain = await createTicket(h.operator, { caller_phone: phone });
    await dispatch(plain);
    await createTicket(h.operator, { caller_phone: phone });
    const t = await createTicket(h.operator, { caller_phone: phone, confidential: true, title: '楼下餐馆油烟扰民' });
    // Nothing before the dispatch (the unit is not known), nothing for an order that is not a repeat.
    expect(await mailsOf(t.id)).to.have.length(0);
    expect(await mailsOf(plain.id)).to.have.length(0);
    expect(await textsOf(plain.number)).to.have.length(0);
    const sent = await dispatch(t);
    // Recalled and dispatched again: still one mail and one text.
    const back = await ok(h.operator.post(`/api/v1/tickets/${t.id}/recall`, { version: sent.version, reason: '派错' }));
    await dispatch(back);
    const mails = await mailsOf(t.id);
    expect(mails).to.have.length(1);
    expect(mails[0].recipient).to.equal(h.dept.head_email);
    expect(mails[0].subject).to.include('重复诉求');
    expect(mails[0].body).to.include(t.number).and.include('第3次').and.include(plain.number);
    const texts = await textsOf(t.number);
    expect(texts).to.have.length(1);
    expect(texts[0].body).to.equal(
      `【12345】工单${t.number}（楼下餐馆油烟扰民）为30天内第3次重复诉求，已派${h.dept.name}，请负责人重点关注。`,
    );
    for (const text of [mails[0].subject, mails[0].body, texts[0].body, JSON.stringify(texts[0].params)])
      expect(text).to.not.include(phone);
  });

  it('tells a unit head once a day per repeating number or place, not at every order of a surge', async () => {
    const other = await ok(
      h.admin.post('/api/v1/departments', {
        name: `重复诉求另一单位${Date.now()}`,
        group: '区县',
        head_email: 'other-head@dept.example',
      }),
      201,
    );
    const headMails = (recipient: string) =>
      s.db('outbox').where({ kind: 'email', recipient }).andWhere('subject', 'like', '%重复诉求%');
    const before = (await headMails(h.dept.head_email!)).length;
    const beforeTexts = (await textsTo(liaison, 'repeat_demand')).length;
    const phone = newPhone();
    await at('2032-07-01T09:00:00+08:00');
    // Six orders of one number in a morning, all to one unit: the third to the sixth are repeats, told once.
    for (let i = 0; i < 6; i++) await dispatch(await createTicket(h.operator, { caller_phone: phone }));
    // Four orders at one place and category from four numbers: told once more (another group).
    const category = await makeCategory(h.dept.id);
    const place = { category_id: category.id, address: '东城区南竹竿胡同22号' };
    for (let i = 0; i < 4; i++) await dispatch(await createTicket(h.operator, { ...place, caller_phone: newPhone() }));
    expect(await headMails(h.dept.head_email!)).to.have.length(before + 2);
    expect(await textsTo(liaison, 'repeat_demand')).to.have.length(beforeTexts + 2);
    // The same number's order sent to another unit: that unit's head is told too.
    const elsewhere = await createTicket(h.operator, { caller_phone: phone });
    await ok(h.operator.post(`/api/v1/tickets/${elsewhere.id}/dispatch`, { version: 1, department_id: other.id }));
    const toOther = await mailsOf(elsewhere.id);
    expect(toOther.map((m: { recipient: string }) => m.recipient)).to.deep.equal(['other-head@dept.example']);
    // The next day the number calls again: told again.
    await at('2032-07-02T09:00:00+08:00');
    const nextDay = await createTicket(h.operator, { caller_phone: phone });
    await dispatch(nextDay);
    expect(await headMails(h.dept.head_email!)).to.have.length(before + 3);
    expect(await textsOf(nextDay.number)).to.have.length(1);
  });
});
