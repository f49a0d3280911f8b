import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { signedIn, signIn, uniq } from '../helpers/factories.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import type { Client } from '../helpers/http.ts';
import { bus, type ChangeMessage } from '../../server/lib/bus.ts';
import { screen } from '../helpers/live.ts';

// 转派/二级派单 (docs/rules/work-orders.md "Passing down"): an order dispatched by the hotline to a district goes down
// to a street and a community and back up with approval at every level, each level counted for its own unit.
describe('passing down (转派): hotline -> district -> street -> community and back', () => {
  const API = '/api/v1';
  let h: Hotline;
  const units = {} as Record<'district' | 'street' | 'otherStreet' | 'community', { id: number; name: string }>;
  const people = {} as Record<keyof typeof units, { user: { id: number; username: string }; api: Client }>;
  let districtCategory: { id: number };
  let functionalCategory: { id: number };

  const unit = async (kind: string, parent_id: number | null) => {
    const { services } = await testApp();
    return services.departments.create({
      name: uniq(kind),
      group: '区县',
      email: `${uniq('d')}@dept.example`,
      head_email: `${uniq('h')}@dept.example`,
      kind: kind as 'district',
      parent_id,
    });
  };

  before(async function () {
    this.timeout(120_000);
    h = await hotline();
    units.district = await unit('district', null);
    units.street = await unit('street', units.district.id);
    units.otherStreet = await unit('street', units.district.id);
    units.community = await unit('community', units.street.id);
    for (const k of Object.keys(units) as (keyof typeof units)[]) people[k] = await signedIn('handler', units[k].id);
    const { services } = await testApp();
    districtCategory = await services.categories.create({ name: uniq('分类'), department_id: units.district.id });
    // The responsible unit of this one is a municipal (functional) department: its duty stays off the grassroots.
    functionalCategory = await services.categories.create({ name: uniq('职能'), department_id: h.other.id });
  });

  /** The clock at a working morning, with everyone's sessions fresh there. */
  const at = async (when: string) => {
    await h.travel(when);
    for (const k of Object.keys(people) as (keyof typeof units)[])
      people[k].api = await signIn(people[k].user.username);
  };
  const api = (k: keyof typeof units) => people[k].api;
  const detail = (k: keyof typeof units | 'operator', id: number) =>
    (k === 'operator' ? h.operator : api(k)).get(`${API}/tickets/${id}`);
  const levelOf = async (k: keyof typeof units, id: number, unitId: number) => {
    const t = await ok(detail(k, id));
    return { t, level: t.levels.find((l: any) => l.department_id === unitId && !l.ended_at) };
  };

  /** An order of the district's category, dispatched to the district and signed there. */
  const signedByDistrict = async (over: Record<string, unknown> = {}) => {
    const t = await createTicket(h.operator, { category_id: districtCategory.id, ...over });
    const d = await ok(
      h.operator.post(`${API}/tickets/${t.id}/dispatch`, { version: t.version, department_id: units.district.id }),
    );
    return ok(api('district').post(`${API}/tickets/${t.id}/sign`, { version: d.version }));
  };
  const passDown = (from: keyof typeof units, t: { id: number; version: number }, to: number, more = {}) =>
    api(from).post(`${API}/tickets/${t.id}/pass-down`, { version: t.version, department_id: to, ...more });
  const step = (who: keyof typeof units, t: { id: number; version: number }, levelId: number, name: string, b = {}) =>
    api(who).post(`${API}/tickets/${t.id}/levels/${levelId}/${name}`, { version: t.version, ...b });
  const refusals = async (userId: number) => {
    const { services } = await testApp();
    const [{ n }] = await services.db('audit_log').where({ action: 'forbidden', actor_id: userId }).count({ n: '*' });
    return Number(n);
  };
  /** Each unit's counters of the day, from the rollups the recorder moves. */
  const countsOf = async (departmentId: number) => {
    const { services } = await testApp();
    const row = await services.db('department_day_stats').where({ department_id: departmentId }).first();
    const pick = ['dispatched', 'signed_timely', 'contacted_timely', 'replied', 'replied_on_time', 'returned'];
    return Object.fromEntries(pick.map((c) => [c, Number(row?.[c] ?? 0)]));
  };

  it(
    'passes an order down two levels, sends a reply back once, approves up the chain, and the district answers ' +
      'the hotline: every level counted for its own unit',
    async function () {
      this.timeout(60_000);
      await at('2032-03-02T09:00:00+08:00');
      const before = {
        district: await countsOf(units.district.id),
        street: await countsOf(units.street.id),
        community: await countsOf(units.community.id),
      };
      let t = await signedByDistrict();
      let view = await ok(detail('district', t.id));
      expect(view.allowed_actions).to.include('pass_down');
      expect(view.levels.map((l: any) => [l.role, l.department_id, l.status])).to.deep.equal([
        ['main', units.district.id, 'accepted'],
      ]);
      // A street cannot read the order before it is passed to it.
      expect((await detail('street', t.id)).status).to.equal(403);

      // District -> street, due a working day before the district's own (the default).
      const heard: ChangeMessage[] = [];
      const stop = bus.subscribe((m) => heard.push(m));
      t = await ok(passDown('district', t, units.street.id, { note: '请街道核实处理' })).finally(stop);
      expect(heard.find((m) => m.action === 'pass_down')).to.deep.include({
        ticket_id: t.id,
        department_id: units.district.id,
        level_department_ids: [units.street.id, units.district.id],
      });
      view = await ok(detail('district', t.id));
      const [main, streetLevel] = view.levels;
      expect(streetLevel).to.include({
        parent_id: main.id,
        role: 'down',
        department_id: units.street.id,
        department_name: units.street.name,
        status: 'dispatched',
        card: 'none',
      });
      expect(Date.parse(streetLevel.due_at)).to.be.below(Date.parse(main.due_at));
      expect(Date.parse(streetLevel.sign_deadline_at)).to.be.at.most(Date.parse(streetLevel.due_at));
      expect(streetLevel.actions).to.deep.equal(['take_back']);
      expect(view.allowed_actions).to.not.include('pass_down');
      // The district cannot answer the hotline while the street handles it.
      const early = await api('district').post(`${API}/tickets/${t.id}/reply`, {
        version: t.version,
        resolution: '已处理。',
      });
      expect(early.status).to.equal(409);
      expect(early.body.error.key).to.equal('levels.downOpen');

      // The street reads it and may sign and contact; the other street may neither read nor sign (403, audited).
      let own = await levelOf('street', t.id, units.street.id);
      expect(own.level.actions).to.have.members(['sign', 'contact']);
      expect(own.t.caller_phone).to.equal('138****1234');
      expect((await detail('otherStreet', t.id)).status).to.equal(403);
      const refusedBefore = await refusals(people.otherStreet.user.id);
      const stranger = await step('otherStreet', t, streetLevel.id, 'sign');
      expect(stranger.status).to.equal(403);
      expect(await refusals(people.otherStreet.user.id)).to.equal(refusedBefore + 1);
      // Nor does the district sign for its street.
      expect((await step('district', t, streetLevel.id, 'sign')).status).to.equal(403);

      t = await ok(step('street', t, streetLevel.id, 'sign'));
      // 显示号码 for the unit the order was passed to (audited), not for its sibling street.
      const reveal = (k: keyof typeof units) => api(k).post(`${API}/tickets/${t.id}/reveal-phone`, {});
      expect((await ok(reveal('street'))).caller_phone).to.equal('13812341234');
      expect((await reveal('otherStreet')).status).to.equal(403);
      // Only below: the street cannot pass it to its sibling street.
      const sideways = await passDown('street', t, units.otherStreet.id);
      expect(sideways.status).to.equal(400);
      expect(sideways.body.error.details[0].key).to.equal('levels.notBelow');
      t = await ok(passDown('street', t, units.community.id, { due_days: 2 }));
      const again = await passDown('street', t, units.community.id);
      expect(again.status).to.equal(409);
      expect(again.body.error.key).to.equal('levels.childOpen');

      // The community signs, contacts the resident on its own level, and replies to the street.
      own = await levelOf('community', t.id, units.community.id);
      const communityLevel = own.level;
      expect(communityLevel.parent_id).to.equal(streetLevel.id);
      t = await ok(step('community', t, communityLevel.id, 'sign'));
      t = await ok(api('community').post(`${API}/tickets/${t.id}/contact`, { version: t.version }));
      const noText = await step('community', t, communityLevel.id, 'reply', { reply: ' ' });
      expect(noText.status).to.equal(400);
      t = await ok(step('community', t, communityLevel.id, 'reply', { reply: '已上门查看。' }));
      own = await levelOf('community', t.id, units.community.id);
      expect(own.level).to.include({ status: 'replied', reply: '已上门查看。', ended_at: null });
      expect(own.level.contacted_at).to.be.a('string');
      expect(own.level.actions).to.deep.equal([]);

      // The street's review queue holds the reply; it sends it back once, then approves the second one.
      const review = await ok(api('street').get(`${API}/levels?view=review`));
      expect(review.items.map((i: any) => i.id)).to.deep.equal([communityLevel.id]);
      expect(review.items[0]).to.include({ ticket_id: t.id, status: 'replied', caller_phone: '138****1234' });
      const streetView = (await levelOf('street', t.id, units.street.id)).t;
      expect(streetView.levels.find((l: any) => l.id === communityLevel.id).actions).to.have.members([
        'approve',
        'send_back',
        'take_back',
      ]);
      t = await ok(step('street', t, communityLevel.id, 'send-back', { reason: '请附现场照片。' }));
      own = await levelOf('community', t.id, units.community.id);
      expect(own.level).to.include({ status: 'accepted', replied_at: null });
      expect(own.level.actions).to.include('reply');
      const wrongState = await step('street', t, communityLevel.id, 'approve');
      expect(wrongState.status).to.equal(409);
      expect(wrongState.body.error.code).to.equal('INVALID_TRANSITION');
      t = await ok(step('community', t, communityLevel.id, 'reply', { reply: '已上门查看并整改，附照片。' }));
      t = await ok(step('street', t, communityLevel.id, 'approve', { note: '同意。' }));

      // The street replies to the district, which approves and answers the hotline; the callback closes it.
      t = await ok(step('street', t, streetLevel.id, 'reply', { reply: '社区已整改完毕。' }));
      expect((await ok(api('district').get(`${API}/levels?view=review`))).items.map((i: any) => i.id)).to.deep.equal([
        streetLevel.id,
      ]);
      t = await ok(step('district', t, streetLevel.id, 'approve'));
      view = await ok(detail('district', t.id));
      expect(view.levels.map((l: any) => [l.role, l.status, l.end_reason])).to.deep.equal([
        ['main', 'accepted', null],
        ['down', 'replied', 'replied'],
        ['down', 'replied', 'replied'],
      ]);
      expect(view.allowed_actions).to.include('reply');
      // The levels ended with their work approved: the street still reads the order it worked (as a department
      // reads an order after its reply), with nothing left to do on it; its sibling street still reads nothing.
      const after = await ok(detail('street', t.id));
      expect(after.levels.flatMap((l: any) => l.actions)).to.deep.equal([]);
      expect(after.allowed_actions).to.not.include('pass_down');
      expect((await detail('otherStreet', t.id)).status).to.equal(403);
      t = await ok(
        api('district').post(`${API}/tickets/${t.id}/reply`, { version: t.version, resolution: '已整改。' }),
      );
      t = await ok(h.operator.post(`${API}/tickets/${t.id}/callback`, { version: t.version, score: 5 }));
      expect(t.status).to.equal('closed');

      // The timeline shows the chain, naming the units at every step.
      const events = (await ok(detail('operator', t.id))).events.filter((e: any) => /level|pass_down/.test(e.action));
      expect(events.map((e: any) => [e.action, e.data.department_name, e.data.parent_department_name])).to.deep.equal([
        ['pass_down', units.street.name, units.district.name],
        ['level_sign', units.street.name, units.district.name],
        ['pass_down', units.community.name, units.street.name],
        ['level_sign', units.community.name, units.street.name],
        ['level_reply', units.community.name, units.street.name],
        ['level_send_back', units.community.name, units.street.name],
        ['level_reply', units.community.name, units.street.name],
        ['level_approve', units.community.name, units.street.name],
        ['level_reply', units.street.name, units.district.name],
        ['level_approve', units.street.name, units.district.name],
      ]);

      // Each level counted for its own unit: dispatched, signed in time, replied on time (the community contacted).
      const grew = async (k: 'district' | 'street' | 'community') => {
        const now = await countsOf(units[k].id);
        return Object.fromEntries(Object.entries(now).map(([c, n]) => [c, n - before[k][c]]));
      };
      const replied = { dispatched: 1, signed_timely: 1, replied: 1, replied_on_time: 1, returned: 0 };
      expect(await grew('district')).to.deep.equal({ ...replied, contacted_timely: 0 });
      expect(await grew('street')).to.deep.equal({ ...replied, contacted_timely: 0 });
      expect(await grew('community')).to.deep.equal({ ...replied, contacted_timely: 1 });
      expect(await (await testApp()).services.figures.verify()).to.deep.equal([]);
    },
  );

  it('lists a unit its open levels (todo), masked, paged like the inbox', async () => {
    await at('2032-03-03T09:00:00+08:00');
    let t = await signedByDistrict({ caller_phone: '13900001111' });
    t = await ok(passDown('district', t, units.street.id));
    const todo = await ok(api('street').get(`${API}/levels?view=todo&per_page=100`));
    const item = todo.items.find((i: any) => i.ticket_id === t.id);
    expect(item).to.include({
      number: t.number,
      role: 'down',
      status: 'dispatched',
      caller_phone: '139****1111',
      department_id: units.street.id,
      parent_department_id: units.district.id,
      parent_department_name: units.district.name,
    });
    expect(todo).to.include({ page: 1, per_page: 100 });
    expect((await ok(api('otherStreet').get(`${API}/levels?view=todo`))).items).to.deep.equal([]);
    // The district reads its street's order but the level is the street's work, not on the district's own list.
    const districtTodo = await ok(api('district').get(`${API}/levels?view=todo&per_page=100`));
    expect(districtTodo.items.map((i: any) => i.ticket_id)).to.not.include(t.id);
    // The hotline sees every unit's.
    const all = await ok(h.supervisor.get(`${API}/levels?view=todo&per_page=100`));
    expect(all.items.map((i: any) => i.ticket_id)).to.include(t.id);
    // Cleared for the next tests: the district takes it back.
    const level = (await ok(detail('district', t.id))).levels[1];
    await ok(step('district', t, level.id, 'take-back', { reason: '改由区里办理' }));
  });

  it("refuses a functional department's duty pushed down to a street (409)", async () => {
    await at('2032-03-04T09:00:00+08:00');
    const t = await signedByDistrict({ category_id: functionalCategory.id });
    const res = await passDown('district', t, units.street.id);
    expect(res.status).to.equal(409);
    expect(res.body.error.key).to.equal('levels.functionalDuty');
    expect((await ok(detail('district', t.id))).levels).to.have.length(1);
  });

  it('takes a level back with the levels below it, counted like a recall; the district may pass it again', async () => {
    await at('2032-03-05T09:00:00+08:00');
    const before = { street: await countsOf(units.street.id), community: await countsOf(units.community.id) };
    let t = await signedByDistrict();
    t = await ok(passDown('district', t, units.street.id));
    const streetLevel = (await ok(detail('district', t.id))).levels[1];
    t = await ok(step('street', t, streetLevel.id, 'sign'));
    t = await ok(passDown('street', t, units.community.id));
    const missingReason = await step('district', t, streetLevel.id, 'take-back');
    expect(missingReason.status).to.equal(400);
    t = await ok(step('district', t, streetLevel.id, 'take-back', { reason: '街道无法办理，收回。' }));
    const view = await ok(detail('district', t.id));
    expect(view.levels.map((l: any) => [l.role, l.status])).to.deep.equal([
      ['main', 'accepted'],
      ['down', 'taken_back'],
      ['down', 'taken_back'],
    ]);
    expect(view.allowed_actions).to.include.members(['pass_down', 'reply']);
    expect((await detail('community', t.id)).status).to.equal(403);
    // Neither unit keeps a trace of it in its figures (the street had signed in time).
    expect(await countsOf(units.street.id)).to.deep.equal(before.street);
    expect(await countsOf(units.community.id)).to.deep.equal(before.community);
    const ended = await step('district', t, streetLevel.id, 'approve');
    expect(ended.status).to.equal(409);
    expect(ended.body.error.key).to.equal('levels.ended');
  });

  it('gives one of an approval and a take-back racing on one reply, the other 409 VERSION_CONFLICT', async () => {
    await at('2032-03-08T09:00:00+08:00');
    let t = await signedByDistrict();
    t = await ok(passDown('district', t, units.street.id));
    const level = (await ok(detail('district', t.id))).levels[1];
    t = await ok(step('street', t, level.id, 'sign'));
    t = await ok(step('street', t, level.id, 'reply', { reply: '已办结。' }));
    const results = await Promise.all([
      step('district', t, level.id, 'approve'),
      step('district', t, level.id, 'take-back', { reason: '收回。' }),
    ]);
    expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).to.equal('VERSION_CONFLICT');
    const after = (await ok(detail('district', t.id))).levels[1];
    expect(after.status).to.be.oneOf(['replied', 'taken_back']);
    expect(after.ended_at).to.be.a('string');
  });

  it("tells the street's inbox live that an order was passed to it and taken back, and no other street's", async () => {
    await at('2032-03-10T09:00:00+08:00');
    const wsBase = (await testApp()).baseUrl.replace('http', 'ws') + '/api/v1/live';
    const inbox = (k: keyof typeof units) =>
      screen(`${wsBase}?feed=inbox`, { authorization: `Bearer ${api(k).token}` });
    const street = inbox('street');
    const sibling = inbox('otherStreet');
    try {
      await Promise.all([street.opened, sibling.opened]);
      await street.next((m) => m.action === 'welcome');
      let t = await signedByDistrict();
      t = await ok(passDown('district', t, units.street.id));
      expect(await street.next((m) => m.ticket_id === t.id)).to.deep.equal({
        type: 'inbox',
        ticket_id: t.id,
        action: 'pass_down',
      });
      const level = (await ok(detail('district', t.id))).levels[1];
      await ok(step('district', t, level.id, 'take-back', { reason: '收回。' }));
      await street.next((m) => m.ticket_id === t.id && m.action === 'level_take_back');
      expect(sibling.messages.filter((m) => m.ticket_id === t.id)).to.deep.equal([]);
    } finally {
      street.ws.close();
      sibling.ws.close();
    }
  });

  it('ends the levels dispatched with an order when it is recalled or merged (a co-unit of 会办)', async () => {
    await at('2032-03-11T09:00:00+08:00');
    const { services } = await testApp();
    const levelsOf = async (id: number) =>
      (await services.db('assignments').where({ ticket_id: id }).whereNot('role', 'main')).map((a: any) => [
        a.department_id,
        a.end_reason,
      ]);
    const withCo = async () => {
      const t = await createTicket(h.operator);
      return ok(
        h.operator.post(`${API}/tickets/${t.id}/dispatch`, {
          version: t.version,
          department_id: units.district.id,
          co_department_ids: [h.other.id],
        }),
      );
    };
    const recalled = await withCo();
    await ok(h.operator.post(`${API}/tickets/${recalled.id}/recall`, { version: recalled.version, reason: '派错' }));
    expect(await levelsOf(recalled.id)).to.deep.equal([[h.other.id, 'recalled']]);
    const merged = await withCo();
    const into = await createTicket(h.operator);
    await ok(
      h.operator.post(`${API}/tickets/${merged.id}/merge`, { version: merged.version, into_ticket_id: into.id }),
    );
    expect(await levelsOf(merged.id)).to.deep.equal([[h.other.id, 'merged']]);
    expect(await services.figures.verify()).to.deep.equal([]);
  });

  it('ends every open level when the whole order leaves (an approved return)', async () => {
    await at('2032-03-09T09:00:00+08:00');
    let t = await signedByDistrict();
    t = await ok(passDown('district', t, units.street.id));
    const level = (await ok(detail('district', t.id))).levels[1];
    t = await ok(step('street', t, level.id, 'sign'));
    t = await ok(api('district').post(`${API}/tickets/${t.id}/return`, { version: t.version, reason: '非本区职责。' }));
    const { services } = await testApp();
    const request = await services.db('ticket_requests').where({ ticket_id: t.id, kind: 'return' }).first();
    const heard: ChangeMessage[] = [];
    const stop = bus.subscribe((m) => heard.push(m));
    await ok(h.supervisor.post(`${API}/tickets/${t.id}/returns/${request.id}/decision`, { approve: true })).finally(
      stop,
    );
    // The street's inbox hears that the order left it too.
    expect(heard.find((m) => m.action === 'return_approved')?.level_department_ids).to.deep.equal([units.street.id]);
    const row = await services.db('assignments').where({ id: level.id }).first();
    expect([row.end_reason, row.ended_at === null]).to.deep.equal(['returned', false]);
    expect((await detail('street', t.id)).status).to.equal(403);
    expect((await ok(detail('operator', t.id))).levels).to.deep.equal([]);
  });
});
