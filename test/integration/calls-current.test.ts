import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { at, call, ctiClient, newPhone, ownDay } from '../helpers/calls.ts';
import { signedIn } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

// An order typed at the console belongs to the call it came from: the one the telephone system reported
// (GET /calls/current), or the operator's own log of it, which the telephone system's later report replaces.
describe('calls: the call an order comes from', () => {
  let h: Hotline;
  let cti: Awaited<ReturnType<typeof ctiClient>>;
  before(async () => {
    h = await hotline();
    cti = await ctiClient(h);
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  /** A fresh operator, signed in at the clock's present, on a day of its own at 10:00. */
  async function operatorAt(hhmmss = '10:00:00') {
    const day = ownDay();
    clock.set(at(day, hhmmss));
    await h.signInAgain();
    return { day, op: await signedIn('operator') };
  }

  async function callsOf(operatorId: number) {
    const { services } = await testApp();
    return services.db('calls').where({ operator_id: operatorId }).orderBy('id');
  }

  describe('GET /calls/current', () => {
    it("is the operator's latest answered call not yet made into an order, of the last hour", async () => {
      const { day, op } = await operatorAt();
      const id = op.user.id;
      expect(await ok(op.api.get('/api/v1/calls/current'))).to.deep.equal({ call: null });
      await ok(cti.post(call({ started_at: at(day, '08:50:00'), operator_id: id })), 201); // over an hour ago
      const earlier = await ok(cti.post(call({ started_at: at(day, '09:30:00'), operator_id: id })), 201);
      const phone = newPhone();
      const latest = await ok(
        cti.post(call({ caller_phone: phone, started_at: at(day, '09:55:00'), operator_id: id })),
        201,
      );
      // missed
      await ok(cti.post(call({ started_at: at(day, '09:58:00'), answered: false, talk_s: 0, operator_id: id })), 201);
      const { call: current } = await ok(op.api.get('/api/v1/calls/current'));
      expect(current).to.include({
        id: latest.id,
        caller_phone: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
        source: 'cti',
      });
      // Made into an order, it is no longer current; nor is a call from before the operator's previous order.
      await createTicket(op.api, { call_id: latest.id });
      expect((await ok(op.api.get('/api/v1/calls/current'))).call.id).to.equal(earlier.id);
      const since = encodeURIComponent(new Date(at(day, '09:40:00')).toISOString());
      expect(await ok(op.api.get(`/api/v1/calls/current?since=${since}`))).to.deep.equal({ call: null });
      // Another operator's call is never theirs.
      expect((await ok(h.operator.get('/api/v1/calls/current'))).call).to.equal(null);
    });

    it(
      "prefers the operator's call from the number typed, then any of " +
        'theirs, then one from the number that reached no named operator',
      async () => {
        const { day, op } = await operatorAt();
        const phone = newPhone();
        const q = `/api/v1/calls/current?phone=${encodeURIComponent(`+86 ${phone}`)}`;
        const nobodys = await ok(cti.post(call({ caller_phone: phone, started_at: at(day, '09:59:00') })), 201);
        expect((await ok(op.api.get(q))).call.id).to.equal(nobodys.id);
        expect((await ok(op.api.get('/api/v1/calls/current'))).call).to.equal(null);
        const theirs = await ok(cti.post(call({ started_at: at(day, '09:40:00'), operator_id: op.user.id })), 201);
        expect((await ok(op.api.get(q))).call.id).to.equal(theirs.id);
        const theirsFromPhone = await ok(
          cti.post(call({ caller_phone: phone, started_at: at(day, '09:20:00'), operator_id: op.user.id })),
          201,
        );
        expect((await ok(op.api.get(q))).call.id).to.equal(theirsFromPhone.id);
      },
    );

    it('is for operators only, and checks its query', async () => {
      expect((await h.supervisor.get('/api/v1/calls/current')).status).to.equal(403);
      const bad = await h.operator.get('/api/v1/calls/current?phone=abc&since=yesterday&x=1');
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.map((d: any) => d.path)).to.have.members(['phone', 'since', 'x']);
    });
  });

  describe('POST /calls', () => {
    it("takes an operator's own log without a wait (unknown), but not a telephone system's report", async () => {
      const { wait_s: _, ...noWait } = call();
      const logged = await ok(h.operator.post('/api/v1/calls', noWait), 201);
      expect(logged.wait_s).to.equal(null);
      const res = await cti.post(noWait);
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: any) => d.path)).to.deep.equal(['wait_s']);
    });

    it(
      "turns the operator's own log into the telephone " + "system's later report of the same call: one call, not two",
      async () => {
        const { day, op } = await operatorAt('10:10:00');
        const phone = newPhone();
        // The operator picked up at 10:00:12 and began typing at 10:00:30; the order went in at 10:04.
        const logged = await ok(
          op.api.post('/api/v1/calls', {
            caller_phone: phone,
            started_at: at(day, '10:00:30'),
            answered: true,
            talk_s: 210,
          }),
          201,
        );
        const t = await createTicket(op.api, { call_id: logged.id, caller_phone: phone });
        // The telephone system reports the call when it ends, at 10:06.
        const report = {
          caller_phone: `+86${phone}`,
          started_at: at(day, '10:00:00'),
          answered: true,
          wait_s: 12,
          talk_s: 348,
          operator_id: op.user.id,
          external_id: `end-${Date.now()}`,
        };
        const adopted = await ok(cti.post(report), 201);
        expect(adopted).to.include({
          id: logged.id,
          source: 'cti',
          wait_s: 12,
          talk_s: 348,
          ticket_id: t.id,
          external_id: report.external_id,
        });
        expect(adopted.started_at).to.equal(new Date(at(day, '10:00:00')).toISOString());
        expect((await callsOf(op.user.id)).map((c: any) => c.id)).to.deep.equal([logged.id]);
        // A retry of the report answers the same call.
        expect((await ok(cti.post(report), 200)).id).to.equal(logged.id);
        // The next call of the operator, reported later, is a call of its own.
        const next = await ok(
          cti.post({ ...report, started_at: at(day, '10:07:00'), external_id: `${report.external_id}-2` }),
          201,
        );
        expect(next.id).to.not.equal(logged.id);
        expect(await callsOf(op.user.id)).to.have.length(2);
        const f = await ok(h.supervisor.get(`/api/v1/stats/calls?from=${day}&to=${day}`));
        expect(f.total.inbound).to.equal(2);
      },
    );

    it(
      'replaces no log of another operator, of another ' + 'time, or one the telephone system already reported',
      async () => {
        const { day, op } = await operatorAt('11:00:00');
        const other = await signedIn('operator');
        const logged = await ok(
          op.api.post('/api/v1/calls', {
            caller_phone: newPhone(),
            started_at: at(day, '10:00:30'),
            answered: true,
            talk_s: 60,
          }),
          201,
        );
        // Another operator's call at the same time; a call of this operator that ended before the log began.
        await ok(
          cti.post(call({ started_at: at(day, '10:00:00'), wait_s: 5, talk_s: 120, operator_id: other.user.id })),
          201,
        );
        await ok(
          cti.post(call({ started_at: at(day, '09:40:00'), wait_s: 5, talk_s: 60, operator_id: op.user.id })),
          201,
        );
        // No operator named: the telephone system cannot say whose it was.
        await ok(cti.post(call({ started_at: at(day, '10:00:00'), wait_s: 5, talk_s: 120 })), 201);
        const mine = await callsOf(op.user.id);
        expect(mine).to.have.length(2);
        expect(mine.find((c: any) => c.id === logged.id)).to.include({ cti_key_id: null, external_id: null });
        // Reported once, a second report of the time is a second call.
        await ok(
          cti.post(
            call({
              started_at: at(day, '10:00:00'),
              wait_s: 5,
              talk_s: 120,
              operator_id: op.user.id,
              external_id: `a-${Date.now()}`,
            }),
          ),
          201,
        );
        await ok(
          cti.post(
            call({
              started_at: at(day, '10:00:05'),
              wait_s: 5,
              talk_s: 120,
              operator_id: op.user.id,
              external_id: `b-${Date.now()}`,
            }),
          ),
          201,
        );
        expect(await callsOf(op.user.id)).to.have.length(3);
      },
    );
  });
});
