import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { testApp } from '../helpers/test-app.ts';
import { makeDepartment, signedIn } from '../helpers/factories.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { devicePost, deviceRating, reviewDesk } from '../helpers/reviews.ts';

describe('appeals (申诉) and reading ratings', () => {
  let h: Hotline;
  let desk: Awaited<ReturnType<typeof reviewDesk>>;
  const db = async () => (await testApp()).services.db;
  // Each bad review three minutes after the last, across tests (each starts on the real clock, moved on by all
  // the minutes so far): one resident at a time, never a burst (ratings-bursts.test.ts).
  let ahead = 0;
  const bad = async (score = 1, key = desk.key) => {
    clock.advance(180_000);
    ahead += 180_000;
    return ok(devicePost(key, deviceRating({ score, reason: '办事拖拉', rated_at: clock.now().toISOString() })), 201);
  };
  const appeal = (api = h.handler, id: number, reason = '当日系统故障，非窗口人员原因') =>
    api.post(`/api/v1/ratings/${id}/appeal`, { reason });
  const decide = (api = h.supervisor, id: number, uphold: boolean) =>
    api.post(`/api/v1/ratings/${id}/appeal/decision`, { uphold, note: '经核实' });

  before(async () => {
    h = await hotline();
    desk = await reviewDesk(h);
  });
  beforeEach(async () => {
    clock.advance(ahead);
    await h.signInAgain();
  });

  describe('POST /ratings/:id/appeal', () => {
    it('is for handlers of the rated department only, and audits every refusal', async () => {
      const r = await bad();
      for (const api of [h.operator, h.supervisor, h.admin, h.otherHandler]) {
        const res = await appeal(api, r.id);
        expect(res.status).to.equal(403);
        expect(res.body.error.code).to.equal('FORBIDDEN');
      }
      const refusals = await (
        await db()
      )('audit_log').where({ action: 'forbidden', target_type: 'rating', target_id: r.id });
      expect(refusals).to.have.length(4);
      expect(await (await db())('rating_appeals').where({ rating_id: r.id })).to.have.length(0);
      expect((await h.handler.post('/api/v1/ratings/999999/appeal', { reason: 'x' })).status).to.equal(404);
    });

    it('takes bad reviews only, with a reason', async () => {
      const good = await ok(devicePost(desk.key, deviceRating({ score: 3 })), 201);
      const res = await appeal(h.handler, good.id);
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('INVALID_TRANSITION');
      const r = await bad(2);
      const noReason = await h.handler.post(`/api/v1/ratings/${r.id}/appeal`, { reason: ' ' });
      expect(noReason.status).to.equal(400);
      expect(noReason.body.error.details[0].path).to.equal('reason');
    });

    it('takes one appeal per rating, also when two are filed at once', async () => {
      const r = await bad();
      const answers = await Promise.all(Array.from({ length: 5 }, () => appeal(h.handler, r.id)));
      expect(answers.filter((a) => a.status === 201)).to.have.length(1);
      expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'ALREADY_EXISTS')).to.equal(
        true,
      );
      const filed = answers.find((a) => a.status === 201)!.body;
      expect(filed.appeal).to.include({ status: 'pending', reason: '当日系统故障，非窗口人员原因' });
      expect(await (await db())('rating_appeals').where({ rating_id: r.id })).to.have.length(1);
    });
  });

  describe('POST /ratings/:id/appeal/decision', () => {
    it('is for supervisors only', async () => {
      const r = await bad();
      await ok(appeal(h.handler, r.id), 201);
      for (const api of [h.handler, h.operator, h.admin]) expect((await decide(api, r.id, true)).status).to.equal(403);
      expect((await decide(h.supervisor, (await bad()).id, true)).status).to.equal(404); // nothing to decide
    });

    it('needs a reason: without one it answers 400 on the note and decides nothing', async () => {
      const r = await bad();
      await ok(appeal(h.handler, r.id), 201);
      for (const body of [{ uphold: true }, { uphold: false, note: '  ' }]) {
        const res = await h.supervisor.post(`/api/v1/ratings/${r.id}/appeal/decision`, body);
        expect(res.status).to.equal(400);
        expect(res.body.error.details[0].path).to.equal('note');
      }
      expect((await (await db())('rating_appeals').where({ rating_id: r.id }).first()).status).to.equal('pending');
      // `reason`, the word the appeal itself uses, is taken as well.
      const decided = await ok(
        h.supervisor.post(`/api/v1/ratings/${r.id}/appeal/decision`, { uphold: false, reason: '证据不足' }),
      );
      expect(decided.appeal).to.include({ status: 'rejected' });
    });

    it('upholding voids the rating, which stays on record, in the audit trail and on the timeline', async () => {
      const r = await bad();
      await ok(appeal(h.handler, r.id), 201);
      const decided = await ok(decide(h.supervisor, r.id, true));
      expect(decided).to.include({ voided: true, score: 1 });
      expect(decided.appeal).to.include({ status: 'upheld', decision_note: '经核实' });
      expect((await decide(h.supervisor, r.id, false)).status).to.equal(409); // decided once
      expect((await appeal(h.handler, r.id)).status).to.equal(409); // and no second appeal
      const row = await (await db())('ratings').where({ id: r.id }).first();
      expect(Boolean(row.voided)).to.equal(true);
      const audit = (
        await (await db())('audit_log').where({ target_type: 'rating', target_id: r.id }).orderBy('id')
      ).map((a: any) => a.action);
      expect(audit).to.deep.equal(['rating_appeal', 'rating_appeal_decision']);
      const rect = await ok(h.handler.get(`/api/v1/tickets/${row.rectification_ticket_id}`));
      const events = rect.events.filter((e: any) => e.action.startsWith('rating_appeal'));
      expect(events.map((e: any) => [e.action, e.data.status ?? null])).to.deep.equal([
        ['rating_appeal', null],
        ['rating_appeal_decision', 'upheld'],
      ]);
    });

    it('rejecting keeps the rating counted', async () => {
      const r = await bad();
      await ok(appeal(h.handler, r.id), 201);
      const decided = await ok(decide(h.supervisor, r.id, false));
      expect(decided).to.include({ voided: false });
      expect(decided.appeal.status).to.equal('rejected');
    });

    it('lets one of two racing supervisors decide', async () => {
      const r = await bad();
      await ok(appeal(h.handler, r.id), 201);
      const other = await signedIn('supervisor');
      const answers = await Promise.all([decide(h.supervisor, r.id, true), decide(other.api, r.id, false)]);
      expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409]);
    });
  });

  describe('GET /ratings', () => {
    it('filters by department, bad reviews and appeal status; departments see only their own', async () => {
      const dept = await makeDepartment();
      const handler = await signedIn('handler', dept.id);
      const mine = await reviewDesk(h, dept.id);
      const good = await ok(devicePost(mine.key, deviceRating({ score: 5 })), 201);
      const pending = await bad(1, mine.key);
      const upheld = await bad(2, mine.key);
      const plain = await bad(2, mine.key);
      await ok(appeal(handler.api, pending.id), 201);
      await ok(appeal(handler.api, upheld.id), 201);
      await ok(decide(h.supervisor, upheld.id, true));
      const ids = async (query: string, api = h.supervisor) =>
        (await ok(api.get(`/api/v1/ratings?department_id=${dept.id}&${query}`))).items.map((r: any) => r.id);
      expect(await ids('')).to.deep.equal([plain.id, upheld.id, pending.id, good.id]);
      expect(await ids('bad=true')).to.deep.equal([plain.id, upheld.id, pending.id]);
      expect(await ids('bad=false')).to.deep.equal([good.id]);
      expect(await ids('appeal_status=pending')).to.deep.equal([pending.id]);
      expect(await ids('appeal_status=upheld')).to.deep.equal([upheld.id]);
      expect(await ids('appeal_status=none&bad=true')).to.deep.equal([plain.id]);
      expect(await ids('voided=true')).to.deep.equal([upheld.id]);
      const page = await ok(h.supervisor.get(`/api/v1/ratings?department_id=${dept.id}&per_page=2&page=2`));
      expect(page).to.include({ total: 4, page: 2, per_page: 2 });
      expect(page.items.map((r: any) => r.id)).to.deep.equal([pending.id, good.id]);
      // A handler asking for another department gets its own.
      const theirs = await ok(h.handler.get(`/api/v1/ratings?department_id=${dept.id}`));
      expect(theirs.items.every((r: any) => r.department_id === h.dept.id)).to.equal(true);
      expect((await h.handler.get(`/api/v1/ratings/${good.id}`)).status).to.equal(403);
      expect((await h.supervisor.get('/api/v1/ratings?bad=maybe')).status).to.equal(400);
    });
  });

  describe('satisfaction figures', () => {
    it('match the ratings counted by hand, voided ones excluded', async () => {
      await h.travel('2031-05-12T10:00:00+08:00');
      const dept = await makeDepartment();
      const handler = await signedIn('handler', dept.id);
      const mine = await reviewDesk(h, dept.id);
      const rated: any[] = [];
      for (const score of [5, 4, 3, 2, 1, 5]) {
        rated.push(
          await ok(
            devicePost(
              mine.key,
              deviceRating({ score, rated_at: clock.now().toISOString(), ...(score <= 2 ? { reason: '慢' } : {}) }),
            ),
            201,
          ),
        );
      }
      const figures = async () =>
        (await ok(h.supervisor.get('/api/v1/stats/departments?from=2031-05-12&to=2031-05-12'))).find(
          (d: any) => d.department_id === dept.id,
        );
      // By hand: 6 ratings, 4 of them 3-5; 2 bad reviews, neither put right yet.
      expect(await figures()).to.include({ satisfaction_rate: 4 / 6, rectification_rate: 0 });
      // The 1 is appealed and voided: 4 of 5, and one bad review left.
      await ok(appeal(handler.api, rated[4].id), 201);
      await ok(decide(h.supervisor, rated[4].id, true));
      expect(await figures()).to.include({ satisfaction_rate: 4 / 5, rectification_rate: 0 });
      // The 2's rectification order is signed and replied on time: put right.
      const row = await (await db())('ratings').where({ id: rated[3].id }).first();
      let t = await ok(handler.api.get(`/api/v1/tickets/${row.rectification_ticket_id}`));
      t = await ok(handler.api.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
      await ok(
        handler.api.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution: '已约谈窗口人员并整改' }),
      );
      expect(await figures()).to.include({ satisfaction_rate: 4 / 5, rectification_rate: 1 });
      const counted = (
        await ok(
          h.supervisor.get(`/api/v1/ratings?department_id=${dept.id}&voided=false&from=2031-05-12&to=2031-05-12`),
        )
      ).items;
      expect(counted.filter((r: any) => r.score >= 3).length / counted.length).to.equal(4 / 5);
    });
  });
});
