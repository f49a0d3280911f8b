// A whole year's holidays entered at once (docs/rules/deadlines.md): the warning while the coming year has no schedule,
// the year's validation, its atomicity, and the recomputation (with an event) of every deadline computed on its
// unconfirmed days. Years 2046/2047 are ones chinese-days has no schedule for and no other suite uses.
import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { fromDbTime } from '../../server/lib/db.ts';
import { ticketsRepository } from '../../server/domain/tickets/tickets.repository.ts';
import { testApp } from '../helpers/test-app.ts';
import { dispatched, accepted, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import type { Res } from '../helpers/http.ts';
import { makeCategory } from '../helpers/factories.ts';

const API = '/api/v1';
// 10:00 Beijing time on a Tuesday.
const DISPATCH = '2046-12-18T02:00:00.000Z';
const NEW_YEAR = { holidays: [{ from: '2047-01-01', to: '2047-01-02', name: '元旦' }], workdays: [] };

function invalidPaths(res: Res): string[] {
  expect(res.status, JSON.stringify(res.body)).to.equal(400);
  expect(res.body.error.code).to.equal('VALIDATION_FAILED');
  return (res.body.error.details as { path: string }[]).map((d) => d.path).sort();
}

async function row(id: number) {
  const { services } = await testApp();
  return (await ticketsRepository.find(services.db, id))!;
}

describe('calendar years (全年节假日安排)', () => {
  let h: Hotline;

  before(async function () {
    this.timeout(120_000); // the first suite of a run waits for the test service's migrations (slow on MariaDB)
    h = await hotline();
    // The current year of these tests gets its schedule, so only 2047 is unconfirmed.
    clock.set('2046-09-01T02:00:00.000Z');
    await h.signInAgain();
    await ok(
      h.admin.put(`${API}/calendar/years/2046`, {
        holidays: [{ from: '2046-10-01', to: '2046-10-07', name: '国庆节' }],
      }),
    );
  });

  after(async () => {
    const { services } = await testApp();
    await services.calendar.forgetYear(2046);
    await services.calendar.forgetYear(2047);
  });

  afterEach(async () => {
    const { services } = await testApp();
    await services.calendar.forgetYear(2047);
  });

  describe('GET /calendar/status', () => {
    it('warns from 1 October while the coming year has no schedule, not before', async () => {
      await h.travel('2046-09-30T10:00:00.000Z');
      const before = await ok(h.admin.get(`${API}/calendar/status`));
      expect(before).to.include({ today: '2046-09-30', warning: false, warn_from: '10-01' });
      await h.travel('2046-09-30T16:30:00.000Z'); // 00:30 on 1 October in Beijing
      const after = await ok(h.admin.get(`${API}/calendar/status`));
      expect(after).to.include({ today: '2046-10-01', warning: true });
      expect(after.missing).to.deep.equal([2047]);
      expect(after.years).to.deep.equal([
        { year: 2046, source: 'administrator' },
        { year: 2047, source: null },
      ]);
    });

    it('stops warning once the coming year is entered', async () => {
      await h.travel('2046-11-02T02:00:00.000Z');
      await ok(h.admin.put(`${API}/calendar/years/2047`, NEW_YEAR));
      const status = await ok(h.operator.get(`${API}/calendar/status`));
      expect(status).to.include({ warning: false });
      expect(status.missing).to.deep.equal([]);
    });
  });

  describe('PUT /calendar/years/:year', () => {
    it('stores the holidays and make-up days, and the year reads back confirmed', async () => {
      await h.travel('2046-11-02T02:00:00.000Z');
      const res = await ok(
        h.admin.put(`${API}/calendar/years/2047`, {
          holidays: ['2047-01-01', { from: '2047-02-04', to: '2047-02-10', name: '春节' }],
          workdays: [{ from: '2047-02-02', name: '春节' }, '2047-02-16'],
        }),
      );
      expect(res).to.include({ year: 2047, source: 'administrator' });
      expect(res.holidays).to.have.length(8).and.include('2047-02-07');
      expect(res.workdays).to.deep.equal(['2047-02-02', '2047-02-16']);
      const { services } = await testApp();
      const cal = await services.calendar.current();
      expect([cal.isWorkday('2047-02-05'), cal.isWorkday('2047-02-02'), cal.isWorkday('2047-02-11')]).to.deep.equal([
        false,
        true,
        true,
      ]);
      const read = await ok(h.supervisor.get(`${API}/calendar/years/2047`));
      expect(read.confirmed_at).to.be.a('string');
      expect(read.holidays).to.deep.equal(res.holidays);
    });

    it('replaces the whole year: days of an earlier entry or override not listed again are gone', async () => {
      await h.travel('2046-11-02T02:00:00.000Z');
      await ok(h.admin.put(`${API}/calendar/2047-05-03`, { workday: false }));
      await ok(h.admin.put(`${API}/calendar/years/2047`, NEW_YEAR));
      const read = await ok(h.admin.get(`${API}/calendar/years/2047`));
      expect(read.holidays).to.deep.equal(['2047-01-01', '2047-01-02']);
      const { services } = await testApp();
      expect((await services.calendar.current()).isWorkday('2047-05-03')).to.equal(true);
    });

    it('refuses a bad year with every problem named, and stores nothing', async () => {
      await h.travel('2046-11-02T02:00:00.000Z');
      // Out of the year, a range backwards, a make-up day that is also a holiday, one on a weekday.
      expect(
        invalidPaths(
          await h.admin.put(`${API}/calendar/years/2047`, {
            holidays: [
              '2046-12-31',
              { from: '2047-03-05', to: '2047-03-01' },
              { from: '2047-05-01', to: '2047-05-05' },
            ],
            workdays: ['2047-05-04', '2047-05-06'],
          }),
        ),
      ).to.deep.equal(['holidays.0', 'holidays.1', 'workdays.0', 'workdays.1']);
      expect(
        invalidPaths(await h.admin.put(`${API}/calendar/years/2047`, { holidays: ['2047-13-01', '1 月 1 日'] })),
      ).to.deep.equal(['holidays.0', 'holidays.1']);
      expect(invalidPaths(await h.admin.put(`${API}/calendar/years/2047`, { holidays: [], extra: 1 }))).to.deep.equal([
        'extra',
        'holidays',
      ]);
      expect(invalidPaths(await h.admin.put(`${API}/calendar/years/1999`, NEW_YEAR))).to.deep.equal(['year']);
      const read = await ok(h.admin.get(`${API}/calendar/years/2047`));
      expect(read).to.include({ source: null, confirmed_at: null });
      expect(read.holidays).to.deep.equal([]);
    });

    it('is for administrators only', async () => {
      const res = await h.supervisor.put(`${API}/calendar/years/2047`, NEW_YEAR);
      expect(res.status).to.equal(403);
    });
  });

  describe('deadlines computed on unconfirmed days', () => {
    it('moves every held deadline reaching into the year, with an event, and leaves the others', async () => {
      await h.travel(DISPATCH);
      const complaint = await dispatched(h, { type: 'complaint' });
      const signedComplaint = await accepted(h, { type: 'complaint' });
      const inquiry = await dispatched(h, { type: 'inquiry' });
      const urgent = await dispatched(h, { type: 'help', urgency: 'urgent' });
      // Fifteen working days from Tuesday 18 December end on Tuesday 8 January, counting 1 and 2 January.
      expect(complaint.due_at).to.equal('2047-01-08T15:59:59.000Z');
      expect(Boolean((await row(complaint.id)).deadline_unconfirmed)).to.equal(true);
      expect(Boolean((await row(signedComplaint.id)).deadline_unconfirmed)).to.equal(true);
      // Three working days (and the head's mail three more) stay in 2046: not marked.
      expect(Boolean((await row(inquiry.id)).deadline_unconfirmed)).to.equal(false);

      await h.travel('2046-12-20T02:00:00.000Z');
      const res = await ok(h.admin.put(`${API}/calendar/years/2047`, NEW_YEAR));
      const movedIds = res.recomputed.moved.map((m: { id: number }) => m.id);
      expect(movedIds)
        .to.include.members([complaint.id, signedComplaint.id])
        .and.not.include(inquiry.id)
        .and.not.include(urgent.id);

      const after = await ok(h.handler.get(`${API}/tickets/${complaint.id}`));
      expect(after.due_at).to.equal('2047-01-10T15:59:59.000Z');
      expect(after.sign_deadline_at).to.equal(complaint.sign_deadline_at); // already passed: stays
      const event = after.events.find((e: { action: string }) => e.action === 'deadline_recomputed');
      expect(event.data).to.deep.include({ calendar_year: 2047 });
      expect(event.data.before.due_at).to.equal('2047-01-08T15:59:59.000Z');
      expect(event.data.after.due_at).to.equal('2047-01-10T15:59:59.000Z');
      const stored = await row(complaint.id);
      expect(Boolean(stored.deadline_unconfirmed)).to.equal(false);
      // The yellow card starts on the new deadline's day, and the escalation schedule follows it.
      expect(fromDbTime(stored.due_yellow_at)!.toISOString()).to.equal('2047-01-09T16:00:00.000Z');
      // (The signed one's next step is the new deadline's yellow card; this one's is its missed sign-for.)
      const signedStored = await row(signedComplaint.id);
      expect(fromDbTime(signedStored.due_at)!.toISOString()).to.equal('2047-01-10T15:59:59.000Z');
      expect(fromDbTime(signedStored.next_escalation_at)!.toISOString()).to.equal('2047-01-09T16:00:00.001Z');
      const { services } = await testApp();
      const assignment = await ticketsRepository.findAssignment(services.db, stored.assignment_id!);
      expect(fromDbTime(assignment!.due_at)!.toISOString()).to.equal('2047-01-10T15:59:59.000Z');

      // The urgent order's hours do not move and it gets no event; it is no longer marked either.
      const urgentAfter = await ok(h.admin.get(`${API}/tickets/${urgent.id}`));
      expect(urgentAfter.due_at).to.equal(urgent.due_at);
      expect(urgentAfter.events.map((e: { action: string }) => e.action)).to.not.include('deadline_recomputed');
      // A second entry of the same year finds nothing left to move.
      const again = await ok(h.admin.put(`${API}/calendar/years/2047`, NEW_YEAR));
      expect(again.recomputed.moved).to.deep.equal([]);
    });

    it('leaves the wall-time deadlines of a life or utility leaf where they are, as an urgent order', async () => {
      // Dispatched on the last day of 2046: 24 hours to reply end on 1 January 2047, which becomes a holiday.
      const { services } = await testApp();
      const leaves = [];
      for (const tier of ['life', 'utility']) {
        const c = await makeCategory(h.dept.id);
        await services.db('categories').where({ id: c.id }).update({ severity_tier: tier });
        leaves.push(c.id);
      }
      await h.travel('2046-12-31T02:00:00.000Z');
      const orders = [];
      for (const category_id of leaves) orders.push(await dispatched(h, { type: 'complaint', category_id }));
      for (const t of orders) {
        expect(t.due_at).to.equal('2047-01-01T02:00:00.000Z');
        expect(Boolean((await row(t.id)).deadline_unconfirmed)).to.equal(true);
      }
      const weekly = await dispatched(h, { type: 'complaint' });

      await h.travel('2046-12-31T03:00:00.000Z');
      const res = await ok(h.admin.put(`${API}/calendar/years/2047`, NEW_YEAR));
      const movedIds = res.recomputed.moved.map((m: { id: number }) => m.id);
      expect(movedIds).to.include(weekly.id);
      for (const t of orders) expect(movedIds).to.not.include(t.id);
      for (const t of orders) {
        const after = await ok(h.admin.get(`${API}/tickets/${t.id}`));
        expect(after.due_at).to.equal('2047-01-01T02:00:00.000Z');
        expect(after.events.map((e: { action: string }) => e.action)).to.not.include('deadline_recomputed');
      }
    });

    it(
      'happens whole or not at all: a failure on one ticket ' + 'leaves the year and every deadline as they were',
      async () => {
        await h.travel(DISPATCH);
        const first = await dispatched(h, { type: 'complaint' });
        const second = await dispatched(h, { type: 'complaint' });
        await h.travel('2046-12-20T02:00:00.000Z');
        const original = ticketsRepository.updateAssignment;
        let calls = 0;
        ticketsRepository.updateAssignment = async (...args) => {
          if (++calls === 2) throw new Error('the disk is full');
          return original.apply(ticketsRepository, args);
        };
        try {
          const res = await h.admin.put(`${API}/calendar/years/2047`, NEW_YEAR);
          expect(res.status).to.equal(500);
        } finally {
          ticketsRepository.updateAssignment = original;
        }
        for (const t of [first, second]) {
          const after = await ok(h.admin.get(`${API}/tickets/${t.id}`));
          expect(after.due_at).to.equal('2047-01-08T15:59:59.000Z');
          expect(after.events.map((e: { action: string }) => e.action)).to.not.include('deadline_recomputed');
          expect(Boolean((await row(t.id)).deadline_unconfirmed)).to.equal(true);
        }
        const read = await ok(h.admin.get(`${API}/calendar/years/2047`));
        expect(read).to.include({ source: null });
        const { services } = await testApp();
        expect((await services.calendar.current()).isWorkday('2047-01-02')).to.equal(true);
        expect((await ok(h.admin.get(`${API}/calendar/status`))).warning).to.equal(true);
      },
    );
  });
});
