import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { uniq } from '../helpers/factories.ts';
import { accepted, dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { bus, type ChangeMessage } from '../../server/lib/bus.ts';
import { clock } from '../../server/lib/clock.ts';
import type { Services } from '../../server/services.ts';

const bj = (s: string) => new Date(`${s}+08:00`);

describe('escalation sweep', () => {
  let h: Hotline;
  let s: Services;
  let supervisors: string;
  let savedSupervisors: string | undefined;

  before(async () => {
    s = (await testApp()).services;
    h = await hotline();
    savedSupervisors = s.config.supervisorsEmail;
    supervisors = `${uniq('sup')}@12345.example`;
    s.config.supervisorsEmail = supervisors;
  });
  after(() => {
    s.config.supervisorsEmail = savedSupervisors;
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  const sweepAt = (at: string) => {
    clock.set(bj(at));
    return s.escalations.sweep();
  };
  const steps = async (id: number) =>
    (await s.db('escalations').where({ ticket_id: id }).orderBy('id')).map(
      (r) => `${r.kind}:${r.level}${r.superseded ? ' (superseded)' : ''}`,
    );
  const next = async (id: number) =>
    (await s.db('tickets').where({ id }).first('next_escalation_at')).next_escalation_at as string | null;
  const mails = (recipient: string, ticketNumber: string) =>
    s.db('outbox').where({ recipient }).andWhere('subject', 'like', `%${ticketNumber}%`).orderBy('id');
  const events = async (id: number) =>
    (await s.db('ticket_events').where({ ticket_id: id, actor_role: 'system' }).orderBy('id')).map((e) => e.action);
  const card = async (id: number) => (await ok(h.operator.get(`/api/v1/tickets/${id}`))).card;

  it(
    'gives a missed sign-for deadline a yellow card, a red card with a supervision ' +
      'order, then mails the head and supervisors after 3 working days, over a weekend',
    async () => {
      await h.travel('2026-11-20T09:00:00+08:00'); // Friday; sign-for by Monday 23:59:59
      const t = await dispatched(h, { type: 'help' });
      expect(t.sign_deadline_at).to.equal(bj('2026-11-23T23:59:59').toISOString());
      // yellow: from the start of Monday, the deadline's day
      expect(await next(t.id)).to.equal('2026-11-22 16:00:00.001');

      await sweepAt('2026-11-20T12:00:00');
      expect(await steps(t.id)).to.deep.equal([]);
      await sweepAt('2026-11-21T10:00:00'); // Saturday: the weekend is no working time, nothing is near yet
      await sweepAt('2026-11-22T23:59:59'); // Sunday night
      expect(await steps(t.id)).to.deep.equal([]);
      await h.signInAgain();
      expect(await card(t.id)).to.equal('none');

      await sweepAt('2026-11-23T08:00:00'); // Monday morning
      expect(await steps(t.id)).to.deep.equal(['sign:yellow']);
      expect(await events(t.id)).to.deep.equal(['yellow_card']);
      const [yellow] = await mails(h.dept.email!, t.number);
      expect(yellow.subject).to.equal(`【黄牌预警】工单${t.number}须于2026年11月23日 23:59前签收`);
      expect(yellow.body)
        .to.include('2026年11月23日 23:59')
        .and.include(`${s.config.publicUrl}/tickets/${t.id}`)
        .and.include(h.dept.name);
      expect(await next(t.id)).to.equal('2026-11-23 15:59:59.001'); // red: Monday 23:59:59 Beijing
      await h.signInAgain();
      expect(await card(t.id)).to.equal('yellow');

      await sweepAt('2026-11-23T18:00:00'); // again on Monday evening: nothing new
      expect(await steps(t.id)).to.deep.equal(['sign:yellow']);
      expect(await mails(h.dept.email!, t.number)).to.have.length(1);

      await sweepAt('2026-11-24T09:00:00'); // Tuesday: overdue
      expect(await steps(t.id)).to.deep.equal(['sign:yellow', 'sign:red']);
      const supervision = await s.db('supervisions').where({ ticket_id: t.id });
      expect(supervision).to.have.length(1);
      expect(supervision[0]).to.include({ department_id: h.dept.id, created_by: null });
      expect(Boolean(supervision[0].automatic)).to.equal(true);
      const red = (await mails(h.dept.email!, t.number))[1];
      expect(red.subject).to.equal(`【红牌督办】工单${t.number}已超过签收时限`);

      await sweepAt('2026-11-26T12:00:00'); // Thursday noon: 2.5 working days overdue
      expect(await mails(h.dept.head_email!, t.number)).to.have.length(0);
      await sweepAt('2026-11-27T00:00:01'); // Tuesday, Wednesday and Thursday have passed
      const [head] = await mails(h.dept.head_email!, t.number);
      expect(head.subject).to.equal(`【超期通报】工单${t.number}超过签收时限已达3个工作日`);
      expect(head.body).to.include(`${h.dept.name}负责人`);
      const [sup] = await mails(supervisors, t.number);
      expect(sup.body).to.include('督办人员').and.include(`/tickets/${t.id}`);
      expect((await steps(t.id)).filter((x) => x.startsWith('sign:'))).to.deep.equal([
        'sign:yellow',
        'sign:red',
        'sign:head',
      ]);
      expect(await events(t.id)).to.include.members(['yellow_card', 'red_card', 'escalate_head']);

      // Swept again and again: each step stays once.
      await sweepAt('2026-11-27T12:00:00');
      await sweepAt('2026-11-28T12:00:00');
      expect((await steps(t.id)).filter((x) => x.startsWith('sign:'))).to.have.length(3);
      // The reply deadline (Friday 27th) was missed too: its own red card and supervision order.
      expect((await steps(t.id)).filter((x) => x.startsWith('due:'))).to.deep.equal(['due:yellow', 'due:red']);
      expect(await s.db('supervisions').where({ ticket_id: t.id, automatic: true })).to.have.length(2);
    },
  );

  it('escalates a reply deadline over the 2026 National Day holiday and its make-up Saturday', async () => {
    await h.travel('2026-09-29T10:00:00+08:00'); // Tuesday; an inquiry is due in 3 working days: 30 Sep, 8 and 9 Oct
    const t = await accepted(h, { type: 'inquiry' });
    expect(t.due_at).to.equal(bj('2026-10-09T23:59:59').toISOString());
    await sweepAt('2026-10-05T10:00:00'); // the holiday: the yellow card waits for 9 October, the deadline's own day
    await sweepAt('2026-10-08T23:00:00');
    expect(await steps(t.id)).to.deep.equal([]);
    await sweepAt('2026-10-09T08:00:00');
    expect(await steps(t.id)).to.deep.equal(['due:yellow']);
    await sweepAt('2026-10-10T08:00:00'); // the make-up working Saturday
    expect(await steps(t.id)).to.deep.equal(['due:yellow', 'due:red']);
    expect((await mails(h.dept.email!, t.number)).map((m) => m.subject)).to.deep.equal([
      `【黄牌预警】工单${t.number}须于2026年10月9日 23:59前办理并答复`,
      `【红牌督办】工单${t.number}已超过办理时限`,
    ]);
    await sweepAt('2026-10-13T23:00:00'); // 10th, 12th and most of the 13th overdue: not yet 3 days
    expect(await steps(t.id)).to.have.length(2);
    await sweepAt('2026-10-14T00:00:00');
    expect(await steps(t.id)).to.deep.equal(['due:yellow', 'due:red', 'due:head']);
    expect(await next(t.id)).to.equal(null); // nothing left to escalate
  });

  it('issues the red card, not a stale yellow one, for what came due while nothing ran', async () => {
    await h.travel('2026-11-30T09:00:00+08:00'); // Monday, the last day of the month
    const t = await accepted(h, { type: 'inquiry' }); // due Thursday 3 December
    await sweepAt('2026-12-07T09:00:00'); // down from Monday to the next Monday
    expect(await steps(t.id)).to.deep.equal(['due:yellow (superseded)', 'due:red']);
    expect((await mails(h.dept.email!, t.number)).map((m) => m.subject)).to.deep.equal([
      `【红牌督办】工单${t.number}已超过办理时限`,
    ]);
    expect(await events(t.id)).to.deep.equal(['red_card']);
    await sweepAt('2026-12-09T00:00:01'); // 4, 7 and 8 December overdue
    expect(await steps(t.id)).to.deep.equal(['due:yellow (superseded)', 'due:red', 'due:head']);
  });

  it(
    'recomputes the next escalation on every change: sign, ' + 'extension, suspension, resume, reply, return, reopen',
    async () => {
      await h.travel('2026-11-16T09:00:00+08:00'); // Monday
      const t = await dispatched(h, { type: 'help' }); // sign by Tue 17th, reply by Mon 23rd
      expect(await next(t.id)).to.equal('2026-11-16 16:00:00.001'); // sign-for yellow: from the start of Tuesday
      const signed = await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
      expect(await next(t.id)).to.equal('2026-11-22 16:00:00.001'); // reply yellow: Monday, not Friday night

      await sweepAt('2026-11-21T09:00:00');
      expect(await steps(t.id)).to.deep.equal([]);
      await h.signInAgain();
      const asked = await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/extension`, {
          version: signed.version,
          days: 5,
          reason: '需协调多个部门',
        }),
      );
      const detail = await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`));
      const request = detail.requests.find((r: any) => r.kind === 'extension');
      const extended = await ok(
        h.supervisor.post(`/api/v1/tickets/${t.id}/extensions/${request.id}/decision`, { approve: true }),
      );
      expect(extended.due_at).to.equal(bj('2026-11-30T23:59:59').toISOString());
      // The moved deadline is a new one with cards of its own: its yellow card, from the start of its day, is next.
      expect(await next(t.id)).to.equal('2026-11-29 16:00:00.001');
      expect(asked.version).to.be.lessThan(extended.version);

      const suspend = await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/suspend`, { version: extended.version, reason: '等待群众补充材料' }),
      );
      const sreq = (await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).requests.find(
        (r: any) => r.kind === 'suspension',
      );
      await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/suspensions/${sreq.id}/decision`, { approve: true }));
      expect(await next(t.id)).to.equal(null); // the clock stopped
      await sweepAt('2026-12-15T09:00:00');
      expect(await steps(t.id)).to.deep.equal([]);

      await h.signInAgain();
      const suspended = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
      const resumed = await ok(h.handler.post(`/api/v1/tickets/${t.id}/resume`, { version: suspended.version }));
      // 6 working days less a second were left on Saturday 21 November; they run on from Tuesday 15 December 09:00.
      expect(resumed.due_at).to.equal(bj('2026-12-23T08:59:59').toISOString());
      expect(await next(t.id)).to.equal('2026-12-22 16:00:00.001'); // the yellow card of the deadline set on resuming

      const replied = await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: resumed.version, resolution: '已办结' }),
      );
      expect(await next(t.id)).to.equal(null);
      expect(suspend.version).to.be.lessThan(replied.version);

      // A bad callback reopens the ticket to the same department: a new assignment, with fresh cards.
      const reopened = await ok(
        h.operator.post(`/api/v1/tickets/${t.id}/callback`, {
          version: replied.version,
          score: 1,
          reason: '问题没有解决',
        }),
      );
      expect(reopened.status).to.equal('dispatched');
      expect(await next(t.id)).to.not.equal(null);
      const row = await s.db('tickets').where({ id: t.id }).first();
      await sweepAt('2026-12-31T09:00:00');
      const fresh = await s.db('escalations').where({ ticket_id: t.id, assignment_id: row.assignment_id });
      expect(fresh.map((r) => `${r.kind}:${r.level}`)).to.include.members(['sign:red', 'due:red']);
    },
  );

  it(
    'gives the deadline an extension sets a red card and ' + 'a supervision order of its own when it is missed too',
    async () => {
      await h.travel('2026-11-16T09:00:00+08:00'); // Monday; help: reply by Mon 23rd
      const t = await accepted(h, { type: 'help' });
      await sweepAt('2026-11-23T09:00:00'); // its last working day
      await sweepAt('2026-11-24T09:00:00'); // overdue
      expect(await steps(t.id)).to.deep.equal(['due:yellow', 'due:red']);
      await h.signInAgain();
      const asked = await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/extension`, { version: t.version, days: 3, reason: '需协调多个部门' }),
      );
      const request = (await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).requests.find(
        (r: any) => r.kind === 'extension',
      );
      const extended = await ok(
        h.supervisor.post(`/api/v1/tickets/${t.id}/extensions/${request.id}/decision`, { approve: true }),
      );
      expect(extended.due_at).to.equal(bj('2026-11-26T23:59:59').toISOString());
      expect(asked.card).to.equal('red');
      await sweepAt('2026-11-26T09:00:00'); // the new deadline's last day
      await sweepAt('2026-11-27T09:00:00'); // and missed again
      expect(await steps(t.id)).to.deep.equal(['due:yellow', 'due:red', 'due:yellow', 'due:red']);
      expect(await s.db('supervisions').where({ ticket_id: t.id, automatic: true })).to.have.length(2);
      await sweepAt('2026-11-27T18:00:00'); // once per deadline, however often the sweep runs
      expect(await steps(t.id)).to.have.length(4);
    },
  );

  it('stops escalating a ticket returned to the hotline', async () => {
    await h.travel('2026-11-16T09:00:00+08:00');
    const t = await dispatched(h, { type: 'help' });
    const asked = await ok(
      h.handler.post(`/api/v1/tickets/${t.id}/return`, { version: t.version, reason: '不属于本部门职责' }),
    );
    const req = (await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).requests.find((r: any) => r.kind === 'return');
    await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/returns/${req.id}/decision`, { approve: true }));
    expect(asked.status).to.equal('dispatched');
    expect(await next(t.id)).to.equal(null);
    await sweepAt('2026-12-31T09:00:00');
    expect(await steps(t.id)).to.deep.equal([]);
  });

  it(
    "finds the service's calendar and rules inside a caller's " + 'transaction too (a create that dispatches at once)',
    async () => {
      // The policy is handed to the ticket writer by services.ts: a transaction uses the same one.
      const policy = s.escalationSchedule.policy;
      expect(policy.headAfterWorkdays).to.equal(s.config.rules.escalateHeadAfterWorkdays);
      expect(await policy.calendar()).to.equal(s.calendar.calendar);
      // A dispatch stores the next escalation the schedule computes: asked again inside a caller's transaction, the
      // schedule gives the same moment, so the two cannot run on different calendars or rules.
      const t = await dispatched(h, { title: uniq('排程') });
      await s.db.transaction(async (trx) => {
        const row = await trx('tickets').where({ id: t.id }).first();
        expect(row.next_escalation_at).to.not.equal(null);
        expect(await s.escalationSchedule.nextEscalationOf(trx, row)).to.equal(row.next_escalation_at);
      });
    },
  );

  it('tells the dashboards after the commit', async () => {
    await h.travel('2026-11-16T09:00:00+08:00');
    const t = await dispatched(h, { type: 'help' });
    const heard: ChangeMessage[] = [];
    const off = bus.subscribe((m) => {
      if (m.ticket_id === t.id) heard.push(m);
    });
    try {
      await sweepAt('2026-11-17T09:00:00');
    } finally {
      off();
    }
    expect(heard).to.deep.equal([
      {
        type: 'ticket.changed',
        action: 'escalation',
        ticket_id: t.id,
        status: 'dispatched',
        department_id: h.dept.id,
        levels: ['sign:yellow'],
      },
    ]);
  });
});
