// What a unit's liaison officer (联络员) receives by text (docs/rules/messages.md "What residents and liaison
// officers receive"): a sign-for reminder when the sign-for yellow card is issued, or at once on dispatch for an
// order on the wall clock (urgent, a severity tier of minutes), and a red card text when a red card is issued, at
// every level (passed down, co-handling); each once per assignment and deadline, urgent on the wall clock only.
import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { beijingTime } from '../../server/lib/calendar.ts';
import type { Services } from '../../server/services.ts';
import { newPhone } from '../helpers/calls.ts';
import { signedIn, uniq } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';
import { textsTo } from '../helpers/texts.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

describe('texts to liaison officers (sign-for reminders, red cards)', () => {
  let h: Hotline;
  let s: Services;
  let liaison: string;
  const START = '2031-09-10T10:00:00+08:00'; // a Wednesday
  const at = (iso: string) => {
    clock.set(iso);
    return s.escalations.sweep();
  };

  before(async () => {
    s = (await testApp()).services;
    h = await hotline();
    liaison = newPhone();
    await ok(h.admin.patch(`/api/v1/departments/${h.dept.id}`, { liaison_mobile: liaison }));
  });
  beforeEach(() => h.travel(START));

  async function dispatch(departmentId: number, over: Record<string, unknown> = {}) {
    const t = await createTicket(h.operator, { caller_phone: newPhone(), ...over });
    return ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: departmentId }));
  }
  const mine = async (template: string, number: string) =>
    (await textsTo(liaison, template)).filter((x) => x.params.number === number);

  it('reminds the liaison once at the sign-for yellow card of a normal order, and tells its red card', async () => {
    const t = await dispatch(h.dept.id, { title: '小区东门外人行道井盖缺失，夜间行人易跌落受伤，请尽快处理' });
    expect(await mine('sign_reminder', t.number)).to.deep.equal([]);
    await at('2031-09-11T09:00:00+08:00'); // the deadline's own working day: the yellow card
    await at('2031-09-11T10:00:00+08:00');
    const [reminder, ...more] = await mine('sign_reminder', t.number);
    expect(more).to.deep.equal([]);
    const deadline = beijingTime(new Date(t.sign_deadline_at));
    expect(reminder.params).to.deep.equal({
      number: t.number,
      title: '小区东门外人行道井盖缺失，夜间行人易跌落…',
      department: h.dept.name,
      deadline,
    });
    expect(reminder.body).to.equal(
      `【12345】工单${t.number}（小区东门外人行道井盖缺失，夜间行人易跌落…）待${h.dept.name}签收，` +
        `请于${deadline}前签收。`,
    );
    expect(reminder.urgent).to.equal(false);
    expect(await mine('red_card', t.number)).to.deep.equal([]);
    // Unsigned past the deadline: the red card, told once.
    await at('2031-09-12T09:00:00+08:00');
    await at('2031-09-12T10:00:00+08:00');
    const [red, ...again] = await mine('red_card', t.number);
    expect(again).to.deep.equal([]);
    expect(red.body).to.equal(
      `【12345】工单${t.number}（小区东门外人行道井盖缺失，夜间行人易跌落…）已超期，${h.dept.name}被亮红牌并督办，请尽快办理。`,
    );
    expect(red.urgent).to.equal(false);
  });

  it('texts an urgent order at its dispatch, urgent, not again at its yellow card; its red card urgent', async () => {
    const t = await dispatch(h.dept.id, { urgency: 'urgent' });
    const [reminder] = await mine('sign_reminder', t.number);
    expect(reminder.urgent).to.equal(true);
    expect(reminder.params.deadline).to.equal(beijingTime(new Date(t.sign_deadline_at)));
    await at('2031-09-10T10:25:00+08:00'); // last quarter of the 30 minutes: the yellow card
    expect(await mine('sign_reminder', t.number)).to.have.length(1);
    await at('2031-09-10T10:31:00+08:00');
    const [red] = await mine('red_card', t.number);
    expect(red.urgent).to.equal(true);
  });

  it('texts a missed reply deadline as a red card of its own', async () => {
    const t = await dispatch(h.dept.id, { type: 'inquiry' });
    await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
    const due = new Date(t.due_at).getTime();
    await at(new Date(due + 3600_000).toISOString());
    const reds = await mine('red_card', t.number);
    expect(reds).to.have.length(1);
    expect(reds[0].dedupe_key).to.include(':due:');
  });

  it('texts nobody for a unit without a liaison mobile', async () => {
    const before = (await textsTo()).filter((x) => x.template !== 'ticket_accepted').length;
    await dispatch(h.other.id, { urgency: 'urgent' });
    await at('2031-09-10T11:00:00+08:00');
    expect((await textsTo()).filter((x) => x.template !== 'ticket_accepted').length).to.equal(before);
  });

  it('reminds the liaison of a unit an urgent order is passed down to, and of a co-unit', async () => {
    const district = await s.departments.create({ name: uniq('东城区'), group: '区县', kind: 'district' });
    const streetMobile = newPhone();
    const street = await s.departments.create({
      name: uniq('和平里街道'),
      group: '街道乡镇',
      kind: 'street',
      parent_id: district.id,
      liaison_mobile: streetMobile,
    });
    const coMobile = newPhone();
    const co = await s.departments.create({ name: uniq('城管局'), group: '市直部门', liaison_mobile: coMobile });
    const districtHandler = await signedIn('handler', district.id);
    const created = await createTicket(h.operator, { urgency: 'urgent' });
    const t = await ok(
      h.operator.post(`/api/v1/tickets/${created.id}/dispatch`, {
        version: created.version,
        department_id: district.id,
        co_department_ids: [co.id],
      }),
    );
    const [toCo] = await textsTo(coMobile, 'sign_reminder');
    expect(toCo).to.include({ urgent: true });
    expect(toCo.params).to.include({ number: t.number, department: co.name });
    const signed = await ok(districtHandler.api.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
    await ok(
      districtHandler.api.post(`/api/v1/tickets/${t.id}/pass-down`, {
        version: signed.version,
        department_id: street.id,
      }),
    );
    const [toStreet, ...more] = await textsTo(streetMobile, 'sign_reminder');
    expect(more).to.deep.equal([]);
    expect(toStreet).to.include({ urgent: true });
    expect(toStreet.params).to.include({ number: t.number, department: street.name });
  });
});
