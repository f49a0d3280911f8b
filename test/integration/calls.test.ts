import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { call, ctiClient, newPhone } from '../helpers/calls.ts';
import { Client } from '../helpers/http.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

describe('calls', () => {
  let h: Hotline;
  let cti: Awaited<ReturnType<typeof ctiClient>>;
  before(async () => {
    h = await hotline();
    cti = await ctiClient(h);
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  describe('POST /calls', () => {
    it("records an operator's answered call with the operator as its operator", async () => {
      const phone = newPhone();
      const c = await ok(
        h.operator.post('/api/v1/calls', call({ caller_phone: phone, started_at: '2026-11-20T09:00:00+08:00' })),
        201,
      );
      expect(c).to.include({
        caller_phone: phone,
        answered: true,
        wait_s: 5,
        talk_s: 120,
        operator_id: h.users.operator.user.id,
        source: 'operator',
      });
      expect(c.started_at).to.equal('2026-11-20T01:00:00.000Z');
      expect(c.ticket_id).to.equal(null);
      expect(c.callback_id).to.equal(null);
    });

    it('normalises the number to digits', async () => {
      const c = await ok(h.operator.post('/api/v1/calls', call({ caller_phone: '139-1234 5678' })), 201);
      expect(c.caller_phone).to.equal('13912345678');
    });

    it('records a call from the telephone system with a CTI key', async () => {
      const c = await ok(
        cti.post(call({ operator_id: h.users.operator.user.id, external_id: `cti-${Date.now()}` })),
        201,
      );
      expect(c.source).to.equal('cti');
      expect(c.operator_id).to.equal(h.users.operator.user.id);
    });

    it('stores a retried external_id once and answers 200 with the stored call', async () => {
      const body = call({ external_id: `retry-${Date.now()}`, answered: false, talk_s: 0 });
      const first = await ok(cti.post(body), 201);
      const again = await ok(cti.post({ ...body, wait_s: 99 }), 200);
      // The stored call, its number masked: a replay is no way to read a number back (the CTI knows it already).
      expect(again).to.deep.equal({
        ...first,
        caller_phone: `${body.caller_phone.slice(0, 3)}****${body.caller_phone.slice(-4)}`,
      });
    });

    it(
      'answers a replay of a known external_id, by the CTI ' + 'or an operator, with the number masked and no reveal',
      async () => {
        const { services } = await testApp();
        const body = call({ external_id: `replay-${Date.now()}`, answered: false, talk_s: 0 });
        const first = await ok(cti.post(body), 201);
        const audits = Number((await services.db('audit_log').count({ n: '*' }).first())!.n);
        // Someone who learnt the external_id posts it with any number: the stored call comes back, masked.
        for (const replay of [
          cti.post({ ...body, caller_phone: '13000000000' }),
          h.operator.post('/api/v1/calls', { ...body, caller_phone: '13000000000' }),
        ]) {
          const again = await ok(replay, 200);
          expect(again.id).to.equal(first.id);
          expect(again.caller_phone).not.to.contain(body.caller_phone);
          expect(again.caller_phone).to.match(/\*{4}/);
        }
        expect(Number((await services.db('audit_log').count({ n: '*' }).first())!.n)).to.equal(audits);
        expect((await services.db('calls').where({ id: first.id }).first()).caller_phone).to.equal(body.caller_phone);
      },
    );

    it('stores concurrent posts of one external_id once: one 201, the rest 200 with the same call', async () => {
      const { services } = await testApp();
      const externalId = `race-${Date.now()}`;
      const body = call({ external_id: externalId, answered: false, talk_s: 0 });
      const results = await Promise.all(Array.from({ length: 10 }, () => cti.post(body)));
      expect(results.map((r) => r.status).sort()).to.deep.equal([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).to.equal(1);
      expect(await services.db('calls').where({ external_id: externalId })).to.have.length(1);
      // The missed call was counted once in its callback too.
      const cb = await services.db('missed_call_callbacks').where({ phone: body.caller_phone }).first();
      expect(cb.missed_count).to.equal(1);
    });

    it('lists every problem of a bad body with its path and stores nothing', async () => {
      const { services } = await testApp();
      const before = await services.db('calls').count({ n: '*' }).first();
      const res = await h.operator.post('/api/v1/calls', {
        caller_phone: '139abc',
        started_at: '2026-11-20 09:00',
        answered: 'yes',
        wait_s: -1,
        talk_s: 1.5,
        colour: 'red',
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: any) => d.path)).to.include.members([
        'caller_phone',
        'started_at',
        'answered',
        'wait_s',
        'talk_s',
        'colour',
      ]);
      const after = await services.db('calls').count({ n: '*' }).first();
      expect(Number(after!.n)).to.equal(Number(before!.n));
    });

    it('refuses talk time on a missed call, a start in the future and an unknown operator', async () => {
      const talk = await h.operator.post('/api/v1/calls', call({ answered: false, talk_s: 30 }));
      expect(talk.status).to.equal(400);
      expect(talk.body.error.details.map((d: any) => d.path)).to.deep.equal(['talk_s']);
      for (const operatorId of [99999999, h.users.handler.user.id]) {
        const res = await cti.post(call({ operator_id: operatorId }));
        expect(res.status).to.equal(400);
        expect(res.body.error.details.map((d: any) => d.path)).to.deep.equal(['operator_id']);
      }
      clock.set('2026-11-20T09:00:00+08:00');
      await h.signInAgain();
      // Five minutes of clock drift are tolerated, more is refused.
      await ok(h.operator.post('/api/v1/calls', call({ started_at: '2026-11-20T09:04:00+08:00' })), 201);
      const future = await h.operator.post('/api/v1/calls', call({ started_at: '2026-11-20T09:30:00+08:00' }));
      expect(future.body.error.details.map((d: any) => d.path)).to.deep.equal(['started_at']);
    });

    it('refuses an unknown or revoked CTI key and a missing session with 401', async () => {
      const { baseUrl } = await testApp();
      const anon = new Client(baseUrl);
      expect((await anon.post('/api/v1/calls', call())).status).to.equal(401);
      expect((await anon.post('/api/v1/calls', call(), { 'X-CTI-Key': 'cti_not-a-key' })).status).to.equal(401);
      const other = await ctiClient(h);
      expect((await other.post(call())).status).to.equal(201);
      await ok(h.admin.post(`/api/v1/cti-keys/${other.issued.id}/revoke`));
      const res = await other.post(call());
      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
    });

    for (const role of ['handler', 'supervisor', 'admin'] as const) {
      it(`is refused to a ${role}'s session with 403`, async () => {
        const res = await h[role].post('/api/v1/calls', call());
        expect(res.status).to.equal(403);
      });
    }
  });

  describe('CTI keys', () => {
    it('shows a key once, keeps only its hash, and lists keys without it', async () => {
      const { services } = await testApp();
      const issued = await ok(h.admin.post('/api/v1/cti-keys', { name: '呼叫中心 CTI' }), 201);
      expect(issued.key).to.match(/^cti_[A-Za-z0-9_-]{32}$/);
      expect(issued.key.startsWith(issued.key_prefix)).to.equal(true);
      const row = await services.db('cti_keys').where({ id: issued.id }).first();
      expect(JSON.stringify(row)).to.not.include(issued.key);
      const list = await ok(h.admin.get('/api/v1/cti-keys'));
      const listed = list.find((k: any) => k.id === issued.id);
      expect(listed).to.include({ name: '呼叫中心 CTI', revoked_at: null });
      expect(listed).to.not.have.property('key');
      const revoked = await ok(h.admin.post(`/api/v1/cti-keys/${issued.id}/revoke`));
      expect(revoked.revoked_at).to.be.a('string');
      expect((await ok(h.admin.post(`/api/v1/cti-keys/${issued.id}/revoke`))).revoked_at).to.equal(revoked.revoked_at);
    });

    it('is for administrators only, and needs a name', async () => {
      expect((await h.supervisor.post('/api/v1/cti-keys', { name: 'x' })).status).to.equal(403);
      expect((await h.operator.get('/api/v1/cti-keys')).status).to.equal(403);
      const res = await h.admin.post('/api/v1/cti-keys', {});
      expect(res.body.error.details.map((d: any) => d.path)).to.deep.equal(['name']);
      expect((await h.admin.post('/api/v1/cti-keys/99999999/revoke')).status).to.equal(404);
    });
  });

  describe('GET /calls', () => {
    it(
      'filters by number, answered, day and operator, ' + 'masks numbers, and shows one call in full (audited)',
      async () => {
        const { services } = await testApp();
        const phone = newPhone();
        const op = h.users.operator.user.id;
        const a = await ok(
          cti.post(call({ caller_phone: phone, started_at: '2026-10-01T08:00:00+08:00', operator_id: op })),
          201,
        );
        const b = await ok(
          cti.post(call({ caller_phone: phone, started_at: '2026-10-02T08:00:00+08:00', answered: false, talk_s: 0 })),
          201,
        );
        const all = await ok(h.supervisor.get(`/api/v1/calls?phone=${phone}`));
        expect(all.total).to.equal(2);
        expect(all.items.map((c: any) => c.id)).to.deep.equal([b.id, a.id]);
        expect(all.items[0].caller_phone).to.equal(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
        expect(
          (await ok(h.operator.get(`/api/v1/calls?phone=${phone}&answered=false`))).items.map((c: any) => c.id),
        ).to.deep.equal([b.id]);
        expect(
          (await ok(h.operator.get(`/api/v1/calls?phone=${phone}&from=2026-10-01&to=2026-10-01`))).items.map(
            (c: any) => c.id,
          ),
        ).to.deep.equal([a.id]);
        expect(
          (await ok(h.operator.get(`/api/v1/calls?phone=${phone}&operator_id=${op}`))).items.map((c: any) => c.id),
        ).to.deep.equal([a.id]);
        const one = await ok(h.operator.get(`/api/v1/calls/${a.id}`));
        expect(one.caller_phone).to.equal(phone);
        const audits = await services
          .db('audit_log')
          .where({ target_type: 'call', target_id: a.id, action: 'view_caller' });
        expect(audits).to.have.length(1);
      },
    );

    it('refuses handlers, unknown filters and unknown calls', async () => {
      expect((await h.handler.get('/api/v1/calls')).status).to.equal(403);
      const res = await h.operator.get('/api/v1/calls?answered=maybe&from=yesterday&per_page=500');
      expect(res.body.error.details.map((d: any) => d.path)).to.include.members(['answered', 'from', 'per_page']);
      expect((await h.operator.get('/api/v1/calls/99999999')).body.error.code).to.equal('NOT_FOUND');
    });
  });

  describe('a call becoming a ticket', () => {
    it("links the ticket and the call, and takes the caller's number from the call", async () => {
      const phone = newPhone();
      const c = await ok(h.operator.post('/api/v1/calls', call({ caller_phone: phone })), 201);
      const t = await createTicket(h.operator, { call_id: c.id, caller_phone: undefined });
      expect(t.call_id).to.equal(c.id);
      const detail = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      expect(detail.caller_phone).to.equal(phone);
      expect((await ok(h.operator.get(`/api/v1/calls/${c.id}`))).ticket_id).to.equal(t.id);
      // A second order from the same call keeps the call's first ticket.
      const t2 = await createTicket(h.operator, { call_id: c.id });
      expect(t2.call_id).to.equal(c.id);
      expect((await ok(h.operator.get(`/api/v1/calls/${c.id}`))).ticket_id).to.equal(t.id);
    });

    it('refuses an unknown call and an unknown category together, storing nothing', async () => {
      const { services } = await testApp();
      const before = await services.db('tickets').count({ n: '*' }).first();
      const res = await h.operator.post('/api/v1/tickets', {
        channel: 'phone',
        type: 'help',
        title: '求助',
        description: '说明',
        call_id: 99999999,
        category_id: 99999999,
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: any) => d.path)).to.have.members(['call_id', 'category_id']);
      const after = await services.db('tickets').count({ n: '*' }).first();
      expect(Number(after!.n)).to.equal(Number(before!.n));
    });
  });
});
