import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { figuresRecorder } from '../../server/domain/figures/figures-recorder.ts';
import { hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { devicePost, deviceRating, makeStaff, nextSeq, reviewDesk } from '../helpers/reviews.ts';

const bj = (s: string) => new Date(`${s}+08:00`).toISOString();

describe('device ratings (POST /api/v1/device/ratings)', () => {
  let h: Hotline;
  let desk: Awaited<ReturnType<typeof reviewDesk>>;
  const db = async () => (await testApp()).services.db;
  const rowsOf = async (seq: number) => (await db())('ratings').where({ device_id: desk.device.id, seq });
  const rectifications = async (departmentId = h.dept.id) =>
    Number(
      (await (await db())('tickets').where({ type: 'rectification', department_id: departmentId }).count({ n: '*' }))[0]
        .n,
    );

  before(async () => {
    h = await hotline();
    desk = await reviewDesk(h);
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it('stores a rating tied to the window, its department and the staff on duty', async () => {
    const body = deviceRating({ score: 4, comment: '办事很快' });
    const res = await devicePost(desk.key, body);
    expect(res.status).to.equal(201);
    expect(res.body).to.include({
      seq: body.seq,
      score: 4,
      channel: 'device',
      department_id: h.dept.id,
      window_id: desk.window.id,
      staff_id: desk.staff.id,
      device_id: desk.device.id,
      comment: '办事很快',
      rated_at: body.rated_at,
    });
    expect(await rowsOf(body.seq)).to.have.length(1);
  });

  it('answers a retried seq with the stored rating and 200, storing it once', async () => {
    const body = deviceRating({ score: 5 });
    const first = await ok(devicePost(desk.key, body), 201);
    // A retry may even carry different content: the first one stands.
    const again = await devicePost(desk.key, { ...body, score: 3 });
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal(first);
    expect(await rowsOf(body.seq)).to.have.length(1);
  });

  it('stores one row when 20 retries of one seq race each other, and every answer carries its id', async () => {
    const body = deviceRating({ score: 2, reason: '等候时间太长' });
    const before = await rectifications();
    const answers = await Promise.all(Array.from({ length: 20 }, () => devicePost(desk.key, body)));
    expect(answers.filter((a) => a.status === 201)).to.have.length(1);
    expect(answers.filter((a) => a.status === 200)).to.have.length(19);
    expect(new Set(answers.map((a) => a.body.id)).size).to.equal(1);
    expect(await rowsOf(body.seq)).to.have.length(1);
    // One bad review, one rectification order.
    expect(await rectifications()).to.equal(before + 1);
  });

  it('stores one row when retries of a good rating race, written together in one batch', async () => {
    const body = deviceRating({ score: 5 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => devicePost(desk.key, body)));
    expect(answers.filter((a) => a.status === 201)).to.have.length(1);
    expect(answers.filter((a) => a.status === 200)).to.have.length(19);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).to.equal(1);
    expect(await rowsOf(body.seq)).to.have.length(1);
  });

  it('answers every post of a failed batch with an error and stores none of them', async () => {
    const original = figuresRecorder.ratedMany;
    figuresRecorder.ratedMany = async () => {
      throw new Error('disk full');
    };
    const bodies = Array.from({ length: 10 }, () => deviceRating({ score: 4 }));
    try {
      const answers = await Promise.all(bodies.map((b) => devicePost(desk.key, b)));
      expect(answers.map((a) => a.status)).to.deep.equal(Array(10).fill(500));
    } finally {
      figuresRecorder.ratedMany = original;
    }
    for (const b of bodies) expect(await rowsOf(b.seq)).to.have.length(0);
    // The devices retry: stored once each.
    const retried = await Promise.all(bodies.map((b) => devicePost(desk.key, b)));
    expect(retried.map((a) => a.status)).to.deep.equal(Array(10).fill(201));
  });

  it('stores every rating of a burst of distinct seqs', async () => {
    const bodies = Array.from({ length: 50 }, (_, i) => deviceRating({ score: (i % 3) + 3 }));
    const answers = await Promise.all(bodies.map((b) => devicePost(desk.key, b)));
    expect(answers.every((a) => a.status === 201)).to.equal(true);
    expect(new Set(answers.map((a) => a.body.id)).size).to.equal(50);
    const n = await (
      await db()
    )('ratings')
      .where('device_id', desk.device.id)
      .whereIn(
        'seq',
        bodies.map((b) => b.seq),
      )
      .count({ n: '*' });
    expect(Number(n[0].n)).to.equal(50);
  });

  it('keeps seqs apart per device', async () => {
    const second = await reviewDesk(h);
    const seq = nextSeq();
    const a = await ok(devicePost(desk.key, deviceRating({ seq })), 201);
    const b = await ok(devicePost(second.key, deviceRating({ seq })), 201);
    expect(a.id).to.not.equal(b.id);
    expect(b.window_id).to.equal(second.window.id);
  });

  describe('refuses', () => {
    it('a missing or forged key with 401, storing nothing', async () => {
      const body = deviceRating();
      const { baseUrl } = await testApp();
      const none = await fetch(`${baseUrl}/api/v1/device/ratings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(none.status).to.equal(401);
      for (const key of [desk.key.slice(0, -1) + (desk.key.endsWith('A') ? 'B' : 'A'), 'x', 'a'.repeat(500)]) {
        const res = await devicePost(key, body);
        expect(res.status).to.equal(401);
        expect(res.body.error.code).to.equal('UNAUTHENTICATED');
      }
      expect((await (await db())('ratings').where({ seq: body.seq })).length).to.equal(0);
    });

    it('a forged key before looking at the body', async () => {
      const res = await devicePost('forged-key', { score: 9 });
      expect(res.status).to.equal(401);
    });

    it('scores out of range or not whole, with the path', async () => {
      for (const score of [0, 6, -1, 3.5, '5', null]) {
        const body = deviceRating({ score });
        const res = await devicePost(desk.key, body);
        expect(res.status, String(score)).to.equal(400);
        expect(res.body.error.code).to.equal('VALIDATION_FAILED');
        expect(res.body.error.details.map((d: any) => d.path)).to.include('score');
        expect(await rowsOf(body.seq)).to.have.length(0);
      }
    });

    it('a bad review without a reason, and creates no rectification order', async () => {
      const before = await rectifications();
      for (const extra of [{}, { reason: '' }, { reason: '   ' }]) {
        const body = deviceRating({ score: 1, ...extra });
        const res = await devicePost(desk.key, body);
        expect(res.status).to.equal(400);
        expect(res.body.error.details).to.deep.include({
          path: 'reason',
          key: 'ratings.badNeedsReason',
          message: '差评须填写原因 / a bad rating needs a reason',
        });
        expect(await rowsOf(body.seq)).to.have.length(0);
      }
      expect(await rectifications()).to.equal(before);
    });

    it('every problem of a bad body at once', async () => {
      const res = await devicePost(desk.key, {
        seq: -1,
        score: 2,
        rated_at: '昨天',
        ticket_number: '12',
        colour: 'red',
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: any) => d.path).sort()).to.deep.equal([
        'colour',
        'rated_at',
        'reason',
        'seq',
        'ticket_number',
      ]);
    });

    it('a rating dated far ahead of the clock or too long ago', async () => {
      for (const ms of [3600_000, -40 * 86_400_000]) {
        const body = deviceRating({ rated_at: new Date(Date.now() + ms).toISOString() });
        const res = await devicePost(desk.key, body);
        expect(res.status).to.equal(400);
        expect(res.body.error.details[0].path).to.equal('rated_at');
      }
    });

    it('a staff number or ticket number the department does not have', async () => {
      const foreign = await makeStaff(h, null, h.other.id);
      const staff = await devicePost(desk.key, deviceRating({ staff_no: foreign.staff_no }));
      expect(staff.status).to.equal(400);
      expect(staff.body.error.details[0].path).to.equal('staff_no');
      const ticket = await devicePost(desk.key, deviceRating({ ticket_number: '19990101000001' }));
      expect(ticket.status).to.equal(400);
      expect(ticket.body.error.details[0].path).to.equal('ticket_number');
    });
  });

  it('takes the staff number sent over the staff on duty', async () => {
    const colleague = await makeStaff(h, desk.window.id);
    const res = await ok(devicePost(desk.key, deviceRating({ staff_no: colleague.staff_no })), 201);
    expect(res.staff_id).to.equal(colleague.id);
  });

  it('rates a ticket once per channel and writes it to the ticket timeline', async () => {
    const t = await replied(h);
    const r = await ok(devicePost(desk.key, deviceRating({ ticket_number: t.number, score: 5 })), 201);
    expect(r.ticket_id).to.equal(t.id);
    const second = await devicePost(desk.key, deviceRating({ ticket_number: t.number, score: 4 }));
    expect(second.status).to.equal(409);
    expect(second.body.error.code).to.equal('ALREADY_EXISTS');
    const detail = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
    const rated = detail.events.filter((e: any) => e.action === 'rated');
    expect(rated).to.have.length(1);
    expect(rated[0].data).to.include({ rating_id: r.id, channel: 'device', score: 5 });
  });

  describe('a bad review', () => {
    it(
      'creates a rectification order for the department, ' + 'dispatched with its deadlines, in the same transaction',
      async () => {
        await h.travel('2026-11-16T10:00:00+08:00'); // Monday
        const fresh = await reviewDesk(h);
        const body = deviceRating({
          score: 1,
          reason: '工作人员态度恶劣',
          comment: '说话很不耐烦',
          rated_at: bj('2026-11-16T09:58:00'),
        });
        const r = await ok(devicePost(fresh.key, body), 201);
        const row = await (await db())('ratings').where({ id: r.id }).first();
        expect(row.rectification_ticket_id).to.be.a('number');
        const t = await ok(h.handler.get(`/api/v1/tickets/${row.rectification_ticket_id}`));
        expect(t).to.include({
          type: 'rectification',
          channel: 'review',
          status: 'dispatched',
          department_id: h.dept.id,
          caller_name: null,
          caller_phone: null,
          sign_deadline_at: bj('2026-11-17T23:59:59'),
          due_at: bj('2026-12-07T23:59:59'),
        });
        expect(t.description).to.include('工作人员态度恶劣').and.include('说话很不耐烦').and.include(fresh.window.name);
        expect(t.events.map((e: any) => e.action)).to.deep.equal(['create', 'dispatch']);
        const inbox = await ok(
          h.handler.get(`/api/v1/tickets?department_id=${h.dept.id}&type=rectification&status=dispatched`),
        );
        expect(inbox.items.map((x: any) => x.id)).to.include(t.id);
        // The assignment counts like any other (docs/rules/figures.md: a rectification order is an order like any
        // other).
        const assignment = await (await db())('assignments').where({ ticket_id: t.id }).first();
        expect(assignment).to.include({ department_id: h.dept.id });
        expect(row.remedy_assignment_id).to.equal(assignment.id);
        // Its deadlines are watched like any other order's.
        const stored = await (await db())('tickets').where({ id: t.id }).first();
        expect(stored.next_escalation_at).to.be.a('string');
      },
    );

    it('leaves nothing behind, rectification order included, when its transaction fails', async () => {
      const before = await rectifications();
      const tickets = Number((await (await db())('tickets').count({ n: '*' }))[0].n);
      const original = figuresRecorder.rated;
      // Fails the last step of the rating's transaction, after the rectification order was written.
      figuresRecorder.rated = async () => {
        throw new Error('disk full');
      };
      const body = deviceRating({ score: 2, reason: '材料被退回三次' });
      try {
        const res = await devicePost(desk.key, body);
        expect(res.status).to.equal(500);
      } finally {
        figuresRecorder.rated = original;
      }
      expect(await rowsOf(body.seq)).to.have.length(0);
      expect(await rectifications()).to.equal(before);
      expect(Number((await (await db())('tickets').count({ n: '*' }))[0].n)).to.equal(tickets);
      // The device's retry then goes through, once.
      await ok(devicePost(desk.key, body), 201);
      expect(await rectifications()).to.equal(before + 1);
    });

    it('does not create one for a good review', async () => {
      const before = await rectifications();
      await ok(devicePost(desk.key, deviceRating({ score: 3 })), 201);
      expect(await rectifications()).to.equal(before);
    });
  });
});
