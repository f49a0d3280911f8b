// Cards at every level (docs/rules/deadlines.md "Cards at every level"): a level passed down or co-handled is carded
// on its own deadlines, for its own unit, once per deadline; the unit above only on its own.
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { signIn, signedIn, uniq } from '../helpers/factories.ts';
import type { Client } from '../helpers/http.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { bus, type ChangeMessage } from '../../server/lib/bus.ts';
import { clock } from '../../server/lib/clock.ts';
import { createDb } from '../../server/lib/db.ts';
import { createServices, type Services } from '../../server/services.ts';

const bj = (s: string) => new Date(`${s}+08:00`);

interface Unit {
  id: number;
  name: string;
  email: string;
  headEmail: string;
  username: string;
  api: Client;
}

describe('cards at every level', () => {
  let s: Services;
  let h: Hotline;
  let district: Unit;
  let street: Unit;
  let coUnit: Unit;

  async function unit(kind: string, parentId: number | null): Promise<Unit> {
    const dept = await s.departments.create({
      name: uniq(kind === 'street' ? '街道' : kind === 'district' ? '区' : '局'),
      group: kind === 'municipal' ? '市直部门' : '区县',
      email: `${uniq('u')}@dept.example`,
      head_email: `${uniq('head')}@dept.example`,
      kind: kind as never,
      parent_id: parentId,
    });
    const { user, api } = await signedIn('handler', dept.id);
    return {
      id: dept.id,
      name: dept.name,
      email: dept.email!,
      headEmail: dept.head_email!,
      username: user.username,
      api,
    };
  }

  before(async () => {
    s = (await testApp()).services;
    h = await hotline();
    district = await unit('district', null);
    street = await unit('street', district.id);
    coUnit = await unit('municipal', null);
  });

  /** Moves the clock; everyone signs in again (a jump of days ends idle sessions). */
  async function travel(at: string) {
    await h.travel(bj(at).toISOString());
    for (const u of [district, street, coUnit]) u.api = await signIn(u.username);
  }
  const sweepAt = (at: string) => {
    clock.set(bj(at));
    return s.escalations.sweep();
  };
  /** The steps issued, as kind:level@unit. */
  const steps = async (ticketId: number, assignmentId: number) =>
    (await s.db('escalations').where({ ticket_id: ticketId, assignment_id: assignmentId }).orderBy('id')).map(
      (r) => `${r.kind}:${r.level}${r.superseded ? ' (superseded)' : ''}@${r.department_id}`,
    );
  const supervisions = (ticketId: number) =>
    s.db('supervisions').where({ ticket_id: ticketId, automatic: true }).orderBy('id');
  /** The ticket as a supervisor reads it now (signed in afresh: the clock may have jumped since). */
  const view = async (ticketId: number) =>
    ok((await signIn(h.users.supervisor.user.username)).get(`/api/v1/tickets/${ticketId}`));
  const levelOf = async (ticketId: number, role: string) =>
    (await view(ticketId)).levels.find((l: { role: string; ended_at: string | null }) => l.role === role);

  /** A help order dispatched to the district and signed by it (Monday 09:00: its own reply due Monday 23rd). */
  async function heldByDistrict(over: Record<string, unknown> = {}) {
    await travel('2026-11-16T09:00:00');
    const t = await createTicket(h.operator, { type: 'help', title: uniq('层级预警'), ...over });
    const d = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: district.id }),
    );
    return ok(district.api.post(`/api/v1/tickets/${t.id}/sign`, { version: d.version }));
  }

  /** The district passes it down to its street: sign for by Tuesday 17th, reply by Friday 20th. */
  async function passedDown() {
    const t = await heldByDistrict();
    await ok(district.api.post(`/api/v1/tickets/${t.id}/pass-down`, { version: t.version, department_id: street.id }));
    const after = await view(t.id);
    const level = after.levels.find((l: { role: string }) => l.role === 'down');
    expect(level.sign_deadline_at).to.equal(bj('2026-11-17T23:59:59').toISOString());
    expect(level.due_at).to.equal(bj('2026-11-20T23:59:59').toISOString());
    return { t: after, level, main: after.levels.find((l: { role: string }) => l.role === 'main') };
  }

  it(
    'cards the street whose sign-for deadline is missed, yellow before red, with its supervision order, and not ' +
      'the district above it until its own deadline passes',
    async () => {
      const { t, level, main } = await passedDown();
      // The schedule follows the level: the street's yellow card at 00:00 Tuesday is the ticket's next moment.
      const row = await s.db('tickets').where({ id: t.id }).first('next_escalation_at');
      expect(row.next_escalation_at).to.equal('2026-11-16 16:00:00.001');

      await sweepAt('2026-11-16T18:00:00');
      expect(await steps(t.id, level.id)).to.deep.equal([]);

      const heard: ChangeMessage[] = [];
      const off = bus.subscribe((m) => heard.push(m));
      try {
        await sweepAt('2026-11-17T08:00:00'); // Tuesday, the deadline's own working day
      } finally {
        off();
      }
      expect(await steps(t.id, level.id)).to.deep.equal([`sign:yellow@${street.id}`]);
      // The street's inbox hears of it.
      expect(heard).to.deep.include.members([
        {
          type: 'ticket.changed',
          action: 'escalation',
          ticket_id: t.id,
          status: 'accepted',
          department_id: street.id,
          level_id: level.id,
          levels: ['sign:yellow'],
        },
      ]);
      const [yellowMail] = await s
        .db('outbox')
        .where({ recipient: street.email })
        .andWhere('subject', 'like', '%黄牌%');
      expect(yellowMail.subject).to.include(t.number);
      expect((await levelOf(t.id, 'down')).card).to.equal('yellow');

      await sweepAt('2026-11-17T18:00:00'); // again: nothing new
      await sweepAt('2026-11-18T09:00:00'); // Wednesday: the street missed its sign-for deadline
      expect(await steps(t.id, level.id)).to.deep.equal([`sign:yellow@${street.id}`, `sign:red@${street.id}`]);
      const [order] = await supervisions(t.id);
      expect(order).to.include({ department_id: street.id, assignment_id: level.id });
      const red = await s.db('ticket_events').where({ ticket_id: t.id, action: 'red_card' }).first();
      expect(red.note).to.match(new RegExp(`^【${street.name}】红牌`));
      expect(JSON.parse(red.data)).to.include({ level_id: level.id, role: 'down', department_id: street.id });

      // The district signed on Monday and owes its reply only on the 23rd: no card of its own.
      expect(await steps(t.id, main.id)).to.deep.equal([]);
      const seen = await view(t.id);
      expect(seen.card).to.equal('none');
      expect((await levelOf(t.id, 'down')).card).to.equal('red');
      expect((await levelOf(t.id, 'main')).card).to.equal('none');
      // The street's own list of levels shows the same card.
      const todo = await ok((await signIn(street.username)).get('/api/v1/levels?view=todo'));
      expect(todo.items.find((i: { id: number }) => i.id === level.id).card).to.equal('red');

      // Swept again, and by another instance started afresh (a restart): each step stays once.
      await sweepAt('2026-11-18T10:00:00');
      const otherDb = createDb(s.config);
      try {
        const restarted = createServices({ db: otherDb, config: s.config, logger: s.logger });
        await restarted.escalations.sweep({ now: bj('2026-11-18T11:00:00') });
      } finally {
        await otherDb.destroy();
      }
      expect(await steps(t.id, level.id)).to.deep.equal([`sign:yellow@${street.id}`, `sign:red@${street.id}`]);
      expect(await supervisions(t.id)).to.have.length(1);

      // The district's own reply deadline passes on Monday the 23rd: now it is carded, for the district.
      await travel('2026-11-18T12:00:00');
      const current = await view(t.id);
      await ok(street.api.post(`/api/v1/tickets/${t.id}/levels/${level.id}/sign`, { version: current.version }));
      await sweepAt('2026-11-24T09:00:00');
      expect(await steps(t.id, main.id)).to.deep.equal([
        `due:yellow (superseded)@${district.id}`,
        `due:red@${district.id}`,
      ]);
      expect((await supervisions(t.id)).map((o) => o.department_id)).to.include(district.id);
      // The street's reply (due Friday 20th) was missed as well: its own red card, once.
      expect((await steps(t.id, level.id)).filter((x) => x.startsWith('due:red'))).to.deep.equal([
        `due:red@${street.id}`,
      ]);
      // 3 working days past it (Monday, Tuesday, Wednesday): the street's head is told; the district's own deadline
      // (Monday night) is not yet 3 working days past, so its head is not.
      await sweepAt('2026-11-26T09:00:00');
      expect((await steps(t.id, level.id)).filter((x) => x.startsWith('due:head'))).to.deep.equal([
        `due:head@${street.id}`,
      ]);
      const [head] = await s
        .db('outbox')
        .where({ recipient: street.headEmail })
        .andWhere('subject', 'like', '%超期通报%');
      expect(head.subject).to.include(t.number);
      expect(await s.db('outbox').where({ recipient: district.headEmail })).to.have.length(0);
    },
  );

  it('cards a late co-handling unit on its own deadline, and not its lead', async () => {
    await travel('2026-11-16T09:00:00');
    const created = await createTicket(h.operator, { type: 'help', title: uniq('会办预警') });
    const t = await ok(
      h.operator.post(`/api/v1/tickets/${created.id}/dispatch`, {
        version: created.version,
        department_id: district.id,
        co_department_ids: [coUnit.id],
      }),
    );
    await ok(district.api.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
    const co = await levelOf(t.id, 'co');
    const main = await levelOf(t.id, 'main');
    const signBy = new Date(co.sign_deadline_at);

    await sweepAt('2026-11-17T08:00:00');
    expect(await steps(t.id, co.id)).to.deep.equal([`sign:yellow@${coUnit.id}`]);
    clock.set(new Date(signBy.getTime() + 3600_000));
    await s.escalations.sweep();
    await s.escalations.sweep();
    expect(await steps(t.id, co.id)).to.deep.equal([`sign:yellow@${coUnit.id}`, `sign:red@${coUnit.id}`]);
    expect((await supervisions(t.id)).map((o) => [o.department_id, o.assignment_id])).to.deep.equal([
      [coUnit.id, co.id],
    ]);
    expect(await steps(t.id, main.id)).to.deep.equal([]);
    expect((await levelOf(t.id, 'co')).card).to.equal('red');
  });

  it('gives no card to a level ended before its deadline: taken back, or its reply approved', async () => {
    // Taken back on Monday: its sign-for deadline (Tuesday night) then passes with nothing owed.
    const takenBack = await passedDown();
    await ok(
      district.api.post(`/api/v1/tickets/${takenBack.t.id}/levels/${takenBack.level.id}/take-back`, {
        version: takenBack.t.version,
        reason: '由本级直接办理',
      }),
    );

    // Signed and replied on Monday, approved on Tuesday: its reply deadline (Friday) then passes.
    const approved = await passedDown();
    const id = approved.t.id;
    const lv = approved.level.id;
    let v = approved.t.version;
    v = (await ok(street.api.post(`/api/v1/tickets/${id}/levels/${lv}/sign`, { version: v }))).version;
    v = (await ok(street.api.post(`/api/v1/tickets/${id}/levels/${lv}/reply`, { version: v, reply: '已处理完毕' })))
      .version;
    // Awaiting review it owes nothing either.
    expect((await levelOf(id, 'down')).card).to.equal('none');
    await travel('2026-11-17T10:00:00');
    await ok(district.api.post(`/api/v1/tickets/${id}/levels/${lv}/approve`, { version: v }));

    await sweepAt('2026-11-18T09:00:00');
    await sweepAt('2026-11-21T09:00:00');
    expect(await steps(takenBack.t.id, takenBack.level.id)).to.deep.equal([]);
    expect(await steps(id, lv)).to.deep.equal([]);
    expect(await supervisions(takenBack.t.id)).to.have.length(0);
    expect(await supervisions(id)).to.have.length(0);
    expect((await levelOf(id, 'down')).card).to.equal('none');
    // The districts still hold both orders: their own next moment is the reply deadline's yellow card (Monday 23rd).
    for (const ticketId of [takenBack.t.id, id]) {
      const row = await s.db('tickets').where({ id: ticketId }).first('next_escalation_at');
      expect(row.next_escalation_at).to.equal('2026-11-22 16:00:00.001');
    }
  });

  it('rolls back a level card with the sweep that dies on its ticket, and the next sweep issues it once', async () => {
    const { t, level } = await passedDown();
    clock.set(bj('2026-11-18T09:00:00'));
    const crash = new Error('the process dies here');
    let error: unknown = null;
    try {
      await s.escalations.sweep({
        afterTicket: (ticketId) => {
          if (ticketId === t.id) throw crash;
        },
      });
    } catch (err) {
      error = err;
    }
    expect(error).to.equal(crash);
    expect(await steps(t.id, level.id)).to.deep.equal([]);
    await s.escalations.sweep();
    await s.escalations.sweep();
    expect(await steps(t.id, level.id)).to.deep.equal([
      `sign:yellow (superseded)@${street.id}`,
      `sign:red@${street.id}`,
    ]);
    expect(await supervisions(t.id)).to.have.length(1);
  });
});
