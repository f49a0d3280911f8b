import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createApp } from '../../server/app.ts';
import { clock } from '../../server/lib/clock.ts';
import { newPhone } from '../helpers/calls.ts';
import { Client } from '../helpers/http.ts';
import { testApp } from '../helpers/test-app.ts';
import { accepted, createTicket, hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';

describe('resident progress look-up (GET /public/tickets/:number)', () => {
  let h: Hotline;
  let resident: Client;
  before(async () => {
    h = await hotline();
    resident = new Client((await testApp()).baseUrl);
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  const lookup = (number: string, last4: string) =>
    resident.get(`/api/v1/public/tickets/${number}?phone_last4=${last4}`);

  it(
    'shows status, department and the public timeline with ' + 'the answer, nothing of the caller or internal notes',
    async () => {
      const phone = newPhone();
      const t = await accepted(h, { caller_phone: phone, caller_name: '李女士', address: '朝阳区幸福里 3 号楼' });
      await ok(
        h.supervisor.post(`/api/v1/tickets/${t.id}/supervise`, { version: t.version, note: '内部督办意见：尽快处理' }),
      );
      const now = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/reply`, {
          version: now.version,
          resolution: '已协调施工单位停止夜间施工。',
        }),
      );

      const seen = await ok(lookup(t.number, phone.slice(-4)));
      expect(seen).to.include({
        number: t.number,
        status: 'replied',
        status_name: '已答复',
        department_name: h.dept.name,
        title: t.title,
        merged_into: null,
      });
      expect(seen.events.map((e: any) => e.action)).to.deep.equal(['create', 'dispatch', 'sign', 'reply']);
      expect(seen.events[1].department_name).to.equal(h.dept.name);
      expect(seen.events[3].resolution).to.equal('已协调施工单位停止夜间施工。');
      const text = JSON.stringify(seen);
      for (const secret of [phone, '李女士', '幸福里', '内部督办', 'actor', h.users.handler.user.display_name]) {
        expect(text).to.not.include(secret);
      }
      expect(seen).to.not.have.any.keys('caller_phone', 'caller_name', 'address', 'description', 'id');
    },
  );

  it("never hands out the reply's rating link: what the look-up shows, a department can see too", async () => {
    const phone = newPhone();
    const t = await replied(h, { caller_phone: phone });
    const link = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
    expect(link.state).to.equal('open');
    const seen = await ok(lookup(t.number, phone.slice(-4)));
    expect(seen.status).to.equal('replied');
    expect(seen).to.not.have.property('rate_url');
    expect(JSON.stringify(seen)).to.not.include(link.token);
  });

  it('answers a wrong number and a wrong phone with the same 404', async () => {
    const phone = newPhone();
    const t = await createTicket(h.operator, { caller_phone: phone });
    const wrongPhone = await lookup(t.number, phone.slice(-4) === '0000' ? '1111' : '0000');
    const wrongNumber = await lookup(String(Number(t.number) + 999_999).padStart(14, '0'), phone.slice(-4));
    expect(wrongPhone.status).to.equal(404);
    expect(wrongNumber.status).to.equal(404);
    expect(wrongPhone.body).to.deep.equal(wrongNumber.body);
    // An order without a phone number cannot be looked up at all.
    const anonymous = await createTicket(h.operator, { caller_phone: null });
    expect((await lookup(anonymous.number, '0000')).body).to.deep.equal(wrongNumber.body);
  });

  it('refuses malformed input with 400', async () => {
    const bad = await resident.get('/api/v1/public/tickets/2026?phone_last4=12a4');
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.map((d: any) => d.path)).to.have.members(['number', 'phone_last4']);
    // Neither the query code nor the phone's digits: the code is asked for (what the acceptance text carries).
    expect(
      (await resident.get('/api/v1/public/tickets/20261122000001')).body.error.details.map((d: any) => d.path),
    ).to.deep.equal(['code']);
  });

  it("follows a merged order to the one it joined, without showing that order's caller or title", async () => {
    const [mine, theirs] = [newPhone(), newPhone()];
    const target = await createTicket(h.operator, { caller_phone: theirs, title: '他人的工单标题' });
    const own = await createTicket(h.operator, { caller_phone: mine });
    await ok(h.operator.post(`/api/v1/tickets/${own.id}/merge`, { version: own.version, into_ticket_id: target.id }));
    await ok(
      h.operator.post(`/api/v1/tickets/${target.id}/dispatch`, { version: target.version, department_id: h.dept.id }),
    );

    const seen = await ok(lookup(own.number, mine.slice(-4)));
    expect(seen.status).to.equal('merged');
    expect(seen.events.map((e: any) => e.action)).to.deep.equal(['create', 'merge']);
    expect(seen.events[1].into_number).to.equal(target.number);
    expect(seen.merged_into).to.include({ number: target.number, status: 'dispatched', department_name: h.dept.name });
    expect(seen.merged_into.events.map((e: any) => e.action)).to.deep.equal(['create', 'dispatch']);
    expect(JSON.stringify(seen)).to.not.include('他人的工单标题');
    expect(JSON.stringify(seen)).to.not.include(theirs);
    // The other resident's order does not open with this resident's phone.
    expect((await lookup(target.number, mine.slice(-4))).status).to.equal(404);
  });

  it('is rate-limited per address with 429 and Retry-After', async () => {
    const { services } = await testApp();
    const phone = newPhone();
    const t = await createTicket(h.operator, { caller_phone: phone });
    const limits = services.config.rateLimit;
    const saved = { ...limits };
    // A window of this test's own (far from the real clock), and a small allowance.
    clock.set('2031-05-05T05:05:00Z');
    limits.publicPerWindow = 3;
    try {
      for (let i = 0; i < 3; i++) expect((await lookup(t.number, phone.slice(-4))).status).to.equal(200);
      const limited = await lookup(t.number, phone.slice(-4));
      expect(limited.status).to.equal(429);
      expect(limited.body.error.code).to.equal('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
      // Wrong guesses count too: guessing the four digits is what the limit slows down.
      expect((await lookup(t.number, '0000')).status).to.equal(429);
      clock.set('2031-05-05T05:06:00Z');
      expect((await lookup(t.number, phone.slice(-4))).status).to.equal(200);
    } finally {
      Object.assign(limits, saved);
    }
  });

  it('behind a trusted proxy (TRUST_PROXY=1) counts each resident by the address the proxy forwards', async () => {
    const { services } = await testApp();
    const phone = newPhone();
    const t = await createTicket(h.operator, { caller_phone: phone });
    const limits = services.config.rateLimit;
    const saved = { ...limits };
    clock.set('2031-06-06T06:06:00Z');
    limits.publicPerWindow = 2;
    // An app of this test's own, as an instance behind a load balancer is configured.
    const server = http.createServer(
      (await createApp({ ...services, config: { ...services.config, trustProxy: true } })).callback(),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const from = (forwarded: string) =>
      fetch(`${base}/api/v1/public/tickets/${t.number}?phone_last4=${phone.slice(-4)}`, {
        headers: { 'x-forwarded-for': forwarded },
      });
    try {
      expect([
        (await from('10.0.0.1')).status,
        (await from('10.0.0.1')).status,
        (await from('10.0.0.1')).status,
      ]).to.deep.equal([200, 200, 429]);
      // Another resident behind the same proxy is not held back; a client cannot pose as one by prefixing the header.
      expect((await from('10.0.0.2')).status).to.equal(200);
      expect((await from('10.0.0.2, 10.0.0.1')).status).to.equal(429);
    } finally {
      Object.assign(limits, saved);
      await new Promise((r) => server.close(r));
    }
  });
});
