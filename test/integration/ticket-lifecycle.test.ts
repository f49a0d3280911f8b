import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { beijingTime } from '../../server/lib/calendar.ts';
import { accepted, createTicket, dispatched, hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';

const bj = (s: string) => new Date(`${s}+08:00`).toISOString();

describe('ticket lifecycle', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  describe('a whole life', () => {
    it(
      'goes received -> dispatched -> accepted -> replied ' + '-> closed, one event per step with before and after',
      async () => {
        await h.travel('2026-11-16T09:00:00+08:00'); // Monday
        const t = await createTicket(h.operator, { type: 'help' });
        const d = await ok(
          h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, {
            version: 1,
            department_id: h.dept.id,
            note: '请尽快处理',
          }),
        );
        expect(d).to.include({ status: 'dispatched', department_id: h.dept.id, version: 2 });
        expect(d.sign_deadline_at).to.equal(bj('2026-11-17T23:59:59'));
        expect(d.due_at).to.equal(bj('2026-11-23T23:59:59')); // 5 working days: Tue to Fri, then Monday
        const s = await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: 2 }));
        expect(s.status).to.equal('accepted');
        const r = await ok(h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: 3, resolution: '已处理完毕' }));
        expect(r.status).to.equal('replied');
        const c = await ok(h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: 4, score: 5 }));
        expect(c.status).to.equal('closed');
        expect(c.card).to.equal('none');
        const detail = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
        expect(detail.events.map((e: any) => e.action)).to.deep.equal([
          'create',
          'dispatch',
          'sign',
          'reply',
          'callback',
        ]);
        const dispatchEvent = detail.events[1];
        expect(dispatchEvent.data.before.status).to.equal('received');
        expect(dispatchEvent.data.after.status).to.equal('dispatched');
        expect(dispatchEvent.from_status).to.equal('received');
        expect(dispatchEvent.to_status).to.equal('dispatched');
        expect(dispatchEvent.note).to.equal('请尽快处理');
        // Times in the before/after record are ISO 8601 like every other time of the API.
        expect(dispatchEvent.data.after.due_at).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(dispatchEvent.data.after.due_at).to.equal(detail.due_at);
        const { services } = await testApp();
        const rating = await services.db('ratings').where({ ticket_id: t.id }).first();
        expect(rating).to.include({ score: 5, channel: 'callback', department_id: h.dept.id });
      },
    );
  });

  describe('deadlines at dispatch', () => {
    it('counts 3 working days for an inquiry over the 2026 Spring Festival', async () => {
      await h.travel('2026-02-13T16:00:00+08:00');
      const t = await dispatched(h, { type: 'inquiry' });
      expect(t.sign_deadline_at).to.equal(bj('2026-02-14T23:59:59')); // make-up Saturday
      expect(t.due_at).to.equal(bj('2026-02-25T23:59:59'));
    });

    it('counts 15 working days for a complaint over National Day 2026 and its make-up Saturday', async () => {
      await h.travel('2026-09-28T09:00:00+08:00');
      const t = await dispatched(h, { type: 'complaint' });
      expect(t.due_at).to.equal(bj('2026-10-23T23:59:59'));
    });

    it('gives an urgent order 30 minutes to sign and 24 hours to reply', async () => {
      await h.travel('2026-10-03T10:00:00+08:00'); // a holiday: hours still run
      const t = await dispatched(h, { urgency: 'urgent', type: 'help' });
      expect(t.sign_deadline_at).to.equal(bj('2026-10-03T10:30:00'));
      expect(t.due_at).to.equal(bj('2026-10-04T10:00:00'));
    });

    it('turns the card yellow, then red, on the sign-for deadline of an urgent order', async () => {
      await h.travel('2026-11-18T10:00:00+08:00');
      const t = await dispatched(h, { urgency: 'urgent' });
      await h.travel('2026-11-18T10:20:00+08:00'); // less than a quarter of 30 minutes left? 10 left: no
      expect((await ok(h.operator.get(`/api/v1/tickets/${t.id}`))).card).to.equal('none');
      await h.travel('2026-11-18T10:25:00+08:00');
      expect((await ok(h.operator.get(`/api/v1/tickets/${t.id}`))).card).to.equal('yellow');
      await h.travel('2026-11-18T10:31:00+08:00');
      expect((await ok(h.operator.get(`/api/v1/tickets/${t.id}`))).card).to.equal('red');
      const s = await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
      expect(s.card).to.equal('none'); // signed late, but the reply deadline is far
    });

    it('refuses an inactive or unknown department with its path', async () => {
      const t = await createTicket(h.operator);
      const res = await h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, {
        version: t.version,
        department_id: 99999,
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('department_id');
      expect((await ok(h.operator.get(`/api/v1/tickets/${t.id}`))).version).to.equal(1);
    });
  });

  describe('return (退单)', () => {
    it('needs a reason, then waits for a supervisor; approval sends the ticket back to the hotline', async () => {
      await h.travel('2026-11-16T09:00:00+08:00');
      const t = await dispatched(h);
      const noReason = await h.handler.post(`/api/v1/tickets/${t.id}/return`, { version: t.version, reason: ' ' });
      expect(noReason.status).to.equal(400);
      const asked = await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/return`, { version: t.version, reason: '不属于本部门职责' }),
      );
      expect(asked.status).to.equal('dispatched');
      const again = await h.handler.post(`/api/v1/tickets/${t.id}/return`, {
        version: asked.version,
        reason: '再次申请',
      });
      expect(again.status).to.equal(409);
      const detail = await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`));
      const req = detail.requests.find((r: any) => r.kind === 'return');
      expect(req).to.include({ status: 'pending', reason: '不属于本部门职责' });
      expect(
        (await h.handler.post(`/api/v1/tickets/${t.id}/returns/${req.id}/decision`, { approve: true })).status,
      ).to.equal(403);
      const back = await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/returns/${req.id}/decision`, { approve: true }));
      expect(back).to.include({ status: 'received', department_id: null, due_at: null });
      const twice = await h.supervisor.post(`/api/v1/tickets/${t.id}/returns/${req.id}/decision`, { approve: false });
      expect(twice.status).to.equal(409);
      // The old department no longer sees it; it can be dispatched again to another one.
      expect((await h.handler.get(`/api/v1/tickets/${t.id}`)).status).to.equal(403);
      const re = await ok(
        h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: back.version, department_id: h.other.id }),
      );
      expect(re.department_id).to.equal(h.other.id);
      const { services } = await testApp();
      const assignments = await services.db('assignments').where({ ticket_id: t.id }).orderBy('id');
      expect(assignments.map((a: any) => a.end_reason)).to.deep.equal(['returned', null]);
    });

    it("ends the department's other requests with an approved return: the next department asks its own", async () => {
      await h.travel('2026-11-16T09:00:00+08:00');
      const t = await dispatched(h);
      const ext = await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/extension`, { version: t.version, days: 10, reason: '需现场核查' }),
      );
      const ret = await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/return`, { version: ext.version, reason: '不属于本部门职责' }),
      );
      const requests = (await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).requests;
      const oldExtension = requests.find((r: any) => r.kind === 'extension');
      const back = await ok(
        h.supervisor.post(
          `/api/v1/tickets/${t.id}/returns/${requests.find((r: any) => r.kind === 'return').id}/decision`,
          { approve: true },
        ),
      );
      expect(
        (await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).requests.find((r: any) => r.id === oldExtension.id)
          .status,
      ).to.equal('cancelled');
      const re = await ok(
        h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: back.version, department_id: h.other.id }),
      );
      // The old department's extension can no longer move the new department's deadline.
      const stale = await h.supervisor.post(`/api/v1/tickets/${t.id}/extensions/${oldExtension.id}/decision`, {
        approve: true,
      });
      expect(stale.status).to.equal(409);
      expect((await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).due_at).to.equal(re.due_at);
      const own = await h.otherHandler.post(`/api/v1/tickets/${t.id}/extension`, {
        version: re.version,
        days: 3,
        reason: '等待第三方材料',
      });
      expect(own.status).to.equal(200);
      expect(ret.status).to.equal('dispatched');
    });

    it('a rejected return leaves the ticket with the department', async () => {
      const t = await dispatched(h);
      await ok(h.handler.post(`/api/v1/tickets/${t.id}/return`, { version: t.version, reason: '请核实' }));
      const req = (await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).requests[0];
      const after = await ok(
        h.supervisor.post(`/api/v1/tickets/${t.id}/returns/${req.id}/decision`, { approve: false }),
      );
      expect(after).to.include({ status: 'dispatched', department_id: h.dept.id });
    });

    it('is refused after 2 working days from dispatch', async () => {
      await h.travel('2026-11-20T10:00:00+08:00'); // Friday
      const t = await dispatched(h);
      await h.travel('2026-11-24T23:00:00+08:00'); // Tuesday: still within Mon and Tue
      const signed = await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
      await h.travel('2026-11-25T08:00:00+08:00');
      const late = await h.handler.post(`/api/v1/tickets/${t.id}/return`, {
        version: signed.version,
        reason: '不属于本部门',
      });
      expect(late.status).to.equal(409);
      expect(late.body.error.code).to.equal('INVALID_TRANSITION');
    });
  });

  describe('extension (延期)', () => {
    it('moves the due date by the approved working days, once per ticket', async () => {
      await h.travel('2026-11-16T09:00:00+08:00');
      const t = await accepted(h, { type: 'inquiry' }); // due Thu 11-19
      const tooLong = await h.handler.post(`/api/v1/tickets/${t.id}/extension`, {
        version: t.version,
        days: 11,
        reason: '需要现场勘查',
      });
      expect(tooLong.status).to.equal(400);
      expect(tooLong.body.error.details[0].path).to.equal('days');
      // Every problem at once: too many days and no reason.
      const both = await h.handler.post(`/api/v1/tickets/${t.id}/extension`, {
        version: t.version,
        days: 11,
        reason: '',
      });
      expect(both.body.error.details.map((d: any) => d.path).sort()).to.deep.equal(['days', 'reason']);
      const asked = await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/extension`, { version: t.version, days: 2, reason: '需要现场勘查' }),
      );
      const req = (await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).requests[0];
      const after = await ok(
        h.supervisor.post(`/api/v1/tickets/${t.id}/extensions/${req.id}/decision`, { approve: true }),
      );
      expect(after.due_at).to.equal(bj('2026-11-23T23:59:59')); // Fri + Mon
      const second = await h.handler.post(`/api/v1/tickets/${t.id}/extension`, {
        version: after.version,
        days: 1,
        reason: '再延一天',
      });
      expect(second.status).to.equal(409);
      expect(second.body.error.code).to.equal('ALREADY_EXISTS');
      expect(asked.version).to.be.below(after.version);
    });
  });

  describe('suspension (挂起)', () => {
    it('stops the clock once approved and carries the remaining working time on at resumption', async () => {
      await h.travel('2026-11-16T09:00:00+08:00'); // Monday
      const t = await accepted(h, { type: 'inquiry' }); // due Thu 11-19 23:59:59
      await h.travel('2026-11-17T12:00:00+08:00'); // Tuesday noon: 2.5 working days remain
      const asked = await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/suspend`, { version: t.version, reason: '等待群众补充材料' }),
      );
      const req = (await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).requests[0];
      const suspended = await ok(
        h.supervisor.post(`/api/v1/tickets/${t.id}/suspensions/${req.id}/decision`, { approve: true }),
      );
      expect(suspended.status).to.equal('suspended');
      expect(asked.status).to.equal('accepted');
      await h.travel('2026-11-25T09:00:00+08:00'); // long after the old due date: still no card while suspended
      const during = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
      expect(during.card).to.equal('none');
      const resumed = await ok(h.handler.post(`/api/v1/tickets/${t.id}/resume`, { version: during.version }));
      expect(resumed.status).to.equal('accepted');
      // Tue 12:00 to Thu 23:59:59 left 59h59m59s; from Wed 09:00 that is Wed 15h + Thu 24h + Fri 20:59:59
      expect(resumed.due_at).to.equal(bj('2026-11-27T20:59:59'));
    });

    it('cannot be asked before signing', async () => {
      const t = await dispatched(h);
      const res = await h.handler.post(`/api/v1/tickets/${t.id}/suspend`, { version: t.version, reason: '等待' });
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('INVALID_TRANSITION');
    });
  });

  describe('callback (回访)', () => {
    it('needs a reason for a bad rating and then reopens to the same department as a redo', async () => {
      await h.travel('2026-11-16T09:00:00+08:00');
      const t = await replied(h);
      const noReason = await h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: t.version, score: 2 });
      expect(noReason.status).to.equal(400);
      expect(noReason.body.error.details[0].path).to.equal('reason');
      const outOfRange = await h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: t.version, score: 6 });
      expect(outOfRange.status).to.equal(400);
      await h.travel('2026-11-18T10:00:00+08:00');
      const reopened = await ok(
        h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: t.version, score: 1, reason: '问题未解决' }),
      );
      expect(reopened).to.include({ status: 'dispatched', department_id: h.dept.id, reopen_count: 1, signed_at: null });
      expect(reopened.due_at).to.equal(bj('2026-12-09T23:59:59')); // 15 fresh working days from Wed 11-18
      const { services } = await testApp();
      const assignments = await services.db('assignments').where({ ticket_id: t.id }).orderBy('id');
      expect(assignments.map((a: any) => Boolean(a.is_redo))).to.deep.equal([false, true]);
      // The second round gets its own callback.
      const s = await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: reopened.version }));
      const r = await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: s.version, resolution: '已再次处理' }),
      );
      const closed = await ok(h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: r.version, score: 4 }));
      expect(closed.status).to.equal('closed');
      expect(await services.db('ratings').where({ ticket_id: t.id }).count({ n: '*' }).first()).to.deep.equal({ n: 2 });
    });
  });

  describe('answer, merge and supervise', () => {
    it('closes an inquiry answered directly, but not a complaint', async () => {
      const q = await createTicket(h.operator, { type: 'inquiry' });
      const closed = await ok(
        h.operator.post(`/api/v1/tickets/${q.id}/answer`, {
          version: 1,
          resolution: '可通过住房公积金网上大厅办理提取。',
        }),
      );
      expect(closed.status).to.equal('closed');
      const c = await createTicket(h.operator, { type: 'complaint' });
      const res = await h.operator.post(`/api/v1/tickets/${c.id}/answer`, { version: 1, resolution: '…' });
      expect(res.status).to.equal(409);
    });

    it('merges into an open ticket, notes it on both, and refuses a closed target', async () => {
      const target = await dispatched(h);
      const dup = await dispatched(h);
      const merged = await ok(
        h.operator.post(`/api/v1/tickets/${dup.id}/merge`, { version: dup.version, into_ticket_id: target.id }),
      );
      expect(merged).to.include({ status: 'merged', merged_into_id: target.id });
      const targetDetail = await ok(h.operator.get(`/api/v1/tickets/${target.id}`));
      expect(targetDetail.events.map((e: any) => e.action)).to.include('merged_in');
      const closedQ = await createTicket(h.operator, { type: 'inquiry' });
      await ok(h.operator.post(`/api/v1/tickets/${closedQ.id}/answer`, { version: 1, resolution: '已答复' }));
      const fresh = await createTicket(h.operator);
      const res = await h.operator.post(`/api/v1/tickets/${fresh.id}/merge`, {
        version: 1,
        into_ticket_id: closedQ.id,
      });
      expect(res.status).to.equal(409);
      const self = await h.operator.post(`/api/v1/tickets/${fresh.id}/merge`, { version: 1, into_ticket_id: fresh.id });
      expect(self.status).to.equal(400);
    });

    it('records a supervision order and queues a mail to the department', async () => {
      const t = await dispatched(h);
      expect(
        (await h.operator.post(`/api/v1/tickets/${t.id}/supervise`, { version: t.version, note: '加快办理' })).status,
      ).to.equal(403);
      await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/supervise`, { version: t.version, note: '请于今日内答复' }));
      const { services } = await testApp();
      expect(await services.db('supervisions').where({ ticket_id: t.id })).to.have.length(1);
      const mail = await services.db('outbox').where('subject', 'like', `%${t.number}%`).first();
      expect(mail.recipient).to.equal(h.dept.email);
      expect(mail.body).to.include('请于今日内答复');
      // The deadline as people read it here, not a UTC timestamp.
      expect(mail.body).to.include(`办理时限：${beijingTime(new Date(t.due_at))}（北京时间）`);
      expect(mail.body).to.not.match(/\d{2}T\d{2}:/);
    });
  });

  describe('refusals', () => {
    it('refuses transitions that do not exist with 409 INVALID_TRANSITION and changes nothing', async () => {
      const t = await createTicket(h.operator);
      for (const [who, action, body] of [
        ['handler', 'sign', {}],
        ['handler', 'reply', { resolution: 'x' }],
        ['operator', 'callback', { score: 5 }],
      ] as const) {
        const api = who === 'handler' ? h.handler : h.operator;
        const res = await api.post(`/api/v1/tickets/${t.id}/${action}`, { version: 1, ...body });
        // A handler may not act on a ticket that is not (yet) their department's: 403 before the status is looked at.
        expect([403, 409]).to.include(res.status);
      }
      const closed = await replied(h);
      const done = await ok(
        h.operator.post(`/api/v1/tickets/${closed.id}/callback`, { version: closed.version, score: 5 }),
      );
      const again = await h.operator.post(`/api/v1/tickets/${closed.id}/dispatch`, {
        version: done.version,
        department_id: h.dept.id,
      });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('INVALID_TRANSITION');
      const a = await accepted(h);
      const signTwice = await h.handler.post(`/api/v1/tickets/${a.id}/sign`, { version: a.version });
      expect(signTwice.body.error.code).to.equal('INVALID_TRANSITION');
      const detail = await ok(h.operator.get(`/api/v1/tickets/${a.id}`));
      expect(detail.version).to.equal(a.version);
      expect(detail.events).to.have.length(3);
    });

    it('refuses the wrong role and the wrong department with 403, audited', async () => {
      const t = await dispatched(h);
      expect((await h.operator.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version })).status).to.equal(403);
      expect((await h.otherHandler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version })).status).to.equal(403);
      expect(
        (await h.supervisor.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution: 'x' })).status,
      ).to.equal(403);
      expect((await h.admin.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version })).status).to.equal(403);
      const { services } = await testApp();
      const audits = await services
        .db('audit_log')
        .where({ target_type: 'ticket', target_id: t.id, action: 'forbidden' });
      expect(audits).to.have.length(4);
    });

    it('answers 409 VERSION_CONFLICT to a stale version', async () => {
      const t = await dispatched(h);
      const res = await h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version - 1 });
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('VERSION_CONFLICT');
    });

    it('lets exactly one of concurrent actions on one version win', async () => {
      const t = await dispatched(h);
      const results = await Promise.all([
        h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }),
        h.handler.post(`/api/v1/tickets/${t.id}/return`, { version: t.version, reason: '不属于本部门' }),
        h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }),
        h.handler.post(`/api/v1/tickets/${t.id}/extension`, { version: t.version, days: 3, reason: '需要协调' }),
        h.operator.post(`/api/v1/tickets/${t.id}/merge`, {
          version: t.version,
          into_ticket_id: (await createTicket(h.operator)).id,
        }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).to.have.length(1);
      expect(statuses.filter((s) => s === 409)).to.have.length(4);
      const detail = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      expect(detail.version).to.equal(t.version + 1);
      expect(detail.events).to.have.length(3);
      const { services } = await testApp();
      const requests = await services.db('ticket_requests').where({ ticket_id: t.id });
      const won = results.findIndex((r) => r.status === 200);
      expect(requests).to.have.length(won === 1 || won === 3 ? 1 : 0);
    });
  });
});
