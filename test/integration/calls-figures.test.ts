import { expect } from 'chai';
import { nextDate } from '../../server/lib/calendar.ts';
import { clock } from '../../server/lib/clock.ts';
import { at, ctiClient, newPhone, ownDay } from '../helpers/calls.ts';
import { signedIn } from '../helpers/factories.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { testApp } from '../helpers/test-app.ts';
import { dayCallFigures } from '../../server/domain/calls/call-figures.ts';

/** A day or period without a call transferred to 110/119/120/122 (linkage.test.ts counts transfers). */
const NO_TRANSFERS = { transferred: 0, transferred_to: { '110': 0, '119': 0, '120': 0, '122': 0 } };

describe('call figures (接通率)', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it('counts a day of answered, missed and repeated callers exactly as counted by hand', async () => {
    const cti = await ctiClient(h);
    const [a, b] = await Promise.all([signedIn('operator'), signedIn('operator')]);
    const A = a.user.id;
    const B = b.user.id;
    const day = ownDay();
    const before = nextDate(day, -1);
    const after = nextDate(day);
    const [p1, p2, p3, p4, p5] = [newPhone(), newPhone(), newPhone(), newPhone(), newPhone()];
    clock.set(at(after, '12:00:00'));
    const ext = `fig-${day}-${Date.now()}`;
    const calls = [
      // The day before, 23:59:59 local: counted on that day (15:59:59 UTC).
      { caller_phone: p5, started_at: at(before, '23:59:59'), answered: true, wait_s: 5, talk_s: 60, operator_id: A },
      // 00:00:01 local is already the day, though still the previous date in UTC.
      { caller_phone: p5, started_at: at(day, '00:00:01'), answered: true, wait_s: 3, talk_s: 60, operator_id: A },
      // Exactly 15 s of waiting still counts as answered within 15 s; 16 s does not.
      { caller_phone: p2, started_at: at(day, '09:00:00'), answered: true, wait_s: 15, talk_s: 60, operator_id: A },
      { caller_phone: p2, started_at: at(day, '09:05:00'), answered: true, wait_s: 16, talk_s: 60, operator_id: A },
      // Rang operator B, who did not pick up: offered to B, missed.
      { caller_phone: p4, started_at: at(day, '09:10:00'), answered: false, wait_s: 30, talk_s: 0, operator_id: B },
      // A repeated caller: missed twice, then got through to B.
      { caller_phone: p1, started_at: at(day, '10:00:00'), answered: false, wait_s: 40, talk_s: 0 },
      { caller_phone: p1, started_at: at(day, '10:05:00'), answered: false, wait_s: 20, talk_s: 0 },
      {
        caller_phone: p2,
        started_at: at(day, '11:00:00'),
        answered: true,
        wait_s: 8,
        talk_s: 60,
        operator_id: B,
        external_id: ext,
      },
      { caller_phone: p3, started_at: at(day, '11:30:00'), answered: false, wait_s: 60, talk_s: 0 },
      { caller_phone: p1, started_at: at(day, '12:00:00'), answered: true, wait_s: 20, talk_s: 60, operator_id: B },
    ];
    for (const c of calls) await ok(cti.post(c), 201);
    // The CTI retries one call: stored once, counted once.
    await ok(cti.post(calls[7]), 200);

    // By hand, for the day: inbound = 9 (calls 2-10); answered = 5 (calls 2, 3, 4, 8, 10);
    // answered within 15 s = 3 (calls 2: 3 s, 3: 15 s, 8: 8 s).
    // Per operator, only what they answered (B's missed call 5 is nobody's: a per-operator rate is not measured):
    // A answered 3 (2, 3, 4), within 15 s 2; B answered 2 (8, 10), within 15 s 1 (8); 60 s of talk each.
    // The day before: A, 1 answered within 15 s. The day after: no calls.
    const f = await ok(h.supervisor.get(`/api/v1/stats/calls?from=${before}&to=${after}`));
    expect(f.answered_within_s).to.equal(15);
    expect(f.days).to.deep.equal(
      [
        { date: before, inbound: 1, answered: 1, answered_15s: 1, connection_rate: 1, connection_rate_15s: 1 },
        { date: day, inbound: 9, answered: 5, answered_15s: 3, connection_rate: 5 / 9, connection_rate_15s: 3 / 9 },
        { date: after, inbound: 0, answered: 0, answered_15s: 0, connection_rate: null, connection_rate_15s: null },
      ].map((d) => ({ ...d, ...NO_TRANSFERS })),
    );
    expect(f.total).to.deep.equal({
      inbound: 10,
      answered: 6,
      answered_15s: 4,
      connection_rate: 6 / 10,
      connection_rate_15s: 4 / 10,
      ...NO_TRANSFERS,
    });
    expect(f.operators).to.deep.equal([
      {
        operator_id: A,
        name: a.user.display_name,
        answered: 4,
        wait_known: 4,
        answered_15s: 3,
        answered_15s_rate: 3 / 4,
        talk_s: 240,
        avg_talk_s: 60,
      },
      {
        operator_id: B,
        name: b.user.display_name,
        answered: 2,
        wait_known: 2,
        answered_15s: 1,
        answered_15s_rate: 1 / 2,
        talk_s: 120,
        avg_talk_s: 60,
      },
    ]);
    const oneDay = await ok(h.operator.get(`/api/v1/stats/calls?from=${day}&to=${day}`));
    expect(oneDay.operators.map((o: any) => [o.operator_id, o.answered])).to.deep.equal([
      [A, 3],
      [B, 2],
    ]);

    // The function the dashboard reuses gives the same day.
    const { services } = await testApp();
    expect(await dayCallFigures(services.db, day)).to.deep.equal({
      inbound: 9,
      answered: 5,
      answered_15s: 3,
      connection_rate: 5 / 9,
      connection_rate_15s: 3 / 9,
      ...NO_TRANSFERS,
    });

    // The callback queue of that day: p4 and p3 wait (oldest first); p1's two misses joined one callback,
    // closed when p1 got through at 12:00. (The day is this test's own: nobody else has calls on it.)
    await h.signInAgain();
    const [dayStart, dayEnd] = [
      new Date(at(day, '00:00:00')).toISOString(),
      new Date(at(after, '00:00:00')).toISOString(),
    ];
    const mine = (await ok(h.operator.get('/api/v1/callbacks?per_page=100'))).items.filter(
      (c: any) => c.first_missed_at >= dayStart && c.first_missed_at < dayEnd,
    );
    expect(mine.map((c: any) => [c.phone, c.first_missed_at, c.missed_count])).to.deep.equal([
      [`${p4.slice(0, 3)}****${p4.slice(-4)}`, new Date(at(day, '09:10:00')).toISOString(), 1],
      [`${p3.slice(0, 3)}****${p3.slice(-4)}`, new Date(at(day, '11:30:00')).toISOString(), 1],
    ]);
    // Waited since the first miss until now (the day after, 12:00).
    expect(mine[1].waited_s).to.equal(24 * 3600 + 30 * 60);
    const p1Callback = await services.db('missed_call_callbacks').where({ phone: p1 }).first();
    expect(p1Callback).to.include({ status: 'done', outcome: 'answered_call', missed_count: 2, open_phone: null });
  });

  it(
    'gives no operator a connection rate, and counts an unknown ' +
      "wait neither within 15 s nor in the operator's share",
    async () => {
      const cti = await ctiClient(h);
      const day = ownDay();
      clock.set(at(nextDate(day), '12:00:00'));
      await h.signInAgain();
      const [a, b] = await Promise.all([signedIn('operator'), signedIn('operator')]);
      // A: one call from the telephone system (4 s), two logged at the console with the wait unknown; B: one of 30 s.
      await ok(
        cti.post({
          caller_phone: newPhone(),
          started_at: at(day, '09:00:00'),
          answered: true,
          wait_s: 4,
          talk_s: 100,
          operator_id: a.user.id,
        }),
        201,
      );
      for (const [t, talk] of [
        ['11:00:00', 200],
        ['14:00:00', 300],
      ] as const) {
        const logged = await ok(
          a.api.post('/api/v1/calls', {
            caller_phone: newPhone(),
            started_at: at(day, t),
            answered: true,
            talk_s: talk,
          }),
          201,
        );
        expect(logged.wait_s).to.equal(null);
      }
      await ok(
        cti.post({
          caller_phone: newPhone(),
          started_at: at(day, '10:00:00'),
          answered: true,
          wait_s: 30,
          talk_s: 50,
          operator_id: b.user.id,
        }),
        201,
      );
      // Missed, offered to B: nobody's in the per-operator table, everybody's in the hotline's rate.
      await ok(
        cti.post({
          caller_phone: newPhone(),
          started_at: at(day, '10:30:00'),
          answered: false,
          wait_s: 60,
          talk_s: 0,
          operator_id: b.user.id,
        }),
        201,
      );
      const f = await ok(h.supervisor.get(`/api/v1/stats/calls?from=${day}&to=${day}`));
      expect(f.total).to.deep.equal({
        inbound: 5,
        answered: 4,
        answered_15s: 1,
        connection_rate: 4 / 5,
        connection_rate_15s: 1 / 5,
        ...NO_TRANSFERS,
      });
      expect(f.operators).to.deep.equal([
        {
          operator_id: a.user.id,
          name: a.user.display_name,
          answered: 3,
          wait_known: 1,
          answered_15s: 1,
          answered_15s_rate: 1,
          talk_s: 600,
          avg_talk_s: 200,
        },
        {
          operator_id: b.user.id,
          name: b.user.display_name,
          answered: 1,
          wait_known: 1,
          answered_15s: 0,
          answered_15s_rate: 0,
          talk_s: 50,
          avg_talk_s: 50,
        },
      ]);
      for (const o of f.operators) expect(o).to.not.have.any.keys('inbound', 'connection_rate', 'connection_rate_15s');
    },
  );

  it('refuses a malformed, reversed or too long period, and handlers', async () => {
    const bad = await h.supervisor.get('/api/v1/stats/calls?from=2026-13-01');
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.map((d: any) => d.path)).to.have.members(['from', 'to']);
    const reversed = await h.supervisor.get('/api/v1/stats/calls?from=2026-11-02&to=2026-11-01');
    expect(reversed.body.error.details.map((d: any) => d.path)).to.deep.equal(['to']);
    const long = await h.supervisor.get('/api/v1/stats/calls?from=2025-01-01&to=2026-06-01');
    expect(long.body.error.details.map((d: any) => d.path)).to.deep.equal(['to']);
    expect((await h.handler.get('/api/v1/stats/calls?from=2026-11-01&to=2026-11-01')).status).to.equal(403);
  });
});
