import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createApp } from '../../server/app.ts';
import { clock } from '../../server/lib/clock.ts';
import { createLogger } from '../../server/lib/logger.ts';
import { createServices } from '../../server/services.ts';
import { newPhone } from '../helpers/calls.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, type Hotline } from '../helpers/tickets.ts';

/**
 * Issue 11, finding 8: the progress look-up's wrong guesses are counted per ticket number, whatever the address,
 * in the database. Rule under test: the test app's settings, the defaults (5 wrong within 60 minutes, then 60
 * minutes of 429 for that number).
 */
describe("attacker: guessing an order's last 4 digits from many addresses", () => {
  let h: Hotline;
  let server: http.Server;
  let base: string;
  before(async () => {
    h = await hotline();
    const { services } = await testApp();
    // A second instance on the same database, behind a load balancer (TRUST_PROXY=1): each request says which
    // address it comes from, and nothing is shared with the test service but the database.
    const config = { ...services.config, trustProxy: true };
    server = http.createServer(
      (await createApp(createServices({ db: services.db, config, logger: createLogger('silent') }))).callback(),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  const from = async (address: string, number: string, last4: string) => {
    const res = await fetch(`${base}/api/v1/public/tickets/${number}?phone_last4=${last4}`, {
      headers: { 'x-forwarded-for': address },
    });
    return { status: res.status, retryAfter: Number(res.headers.get('retry-after')), body: (await res.json()) as any };
  };
  const wrong = (phone: string) => (n: number) => String((Number(phone.slice(-4)) + 1 + n) % 10_000).padStart(4, '0');
  const order = async () => {
    const phone = newPhone();
    return { phone, t: await createTicket(h.operator, { caller_phone: phone }), guess: wrong(phone) };
  };

  it(
    'counts wrong guesses from several addresses against the order, ' +
      'and refuses even the right digits until the cool-down ends',
    async () => {
      await h.travel('2032-03-03T10:00:00Z');
      const { phone, t, guess } = await order();
      const other = await order();
      // Five wrong guesses, each from another address, a minute apart: the same 404 as ever.
      for (let i = 0; i < 5; i++) {
        expect((await from(`10.1.0.${i + 1}`, t.number, guess(i))).status).to.equal(404);
        clock.advance(60_000);
      }
      // The sixth try, from a fresh address and with the right digits, is refused: the order is cooling down.
      const locked = await from('10.1.0.99', t.number, phone.slice(-4));
      expect(locked.status).to.equal(429);
      expect(locked.body.error.code).to.equal('RATE_LIMITED');
      expect(locked.body.error.details.map((d: any) => d.path)).to.deep.equal(['number']);
      expect(locked.body.error.message).to.include('59 分钟后再试').and.include('12345');
      // The cool-down started with the fifth wrong guess (at 10:04): an hour from it, less the minute gone since.
      expect(locked.retryAfter).to.equal(59 * 60);
      // Another order answers as usual, from the very addresses that guessed.
      expect((await from('10.1.0.1', other.t.number, other.phone.slice(-4))).status).to.equal(200);
      // Still refused a second before the cool-down ends, with the wait left.
      clock.set('2032-03-03T11:03:59Z');
      const later = await from('10.1.0.100', t.number, phone.slice(-4));
      expect([later.status, later.retryAfter]).to.deep.equal([429, 1]);
      // Once it ends, the resident gets through; the right digits start the count over.
      clock.set('2032-03-03T11:04:00Z');
      expect((await from('10.1.0.100', t.number, phone.slice(-4))).status).to.equal(200);
      for (let i = 0; i < 4; i++) expect((await from('10.1.1.1', t.number, guess(10 + i))).status).to.equal(404);
      expect((await from('10.1.1.1', t.number, phone.slice(-4))).status).to.equal(200);
      for (let i = 0; i < 5; i++) expect((await from('10.1.1.2', t.number, guess(20 + i))).status).to.equal(404);
      expect((await from('10.1.1.3', t.number, phone.slice(-4))).status).to.equal(429);
    },
  );

  it('forgets wrong guesses older than the window', async () => {
    await h.travel('2032-03-04T10:00:00Z');
    const { phone, t, guess } = await order();
    for (let i = 0; i < 4; i++) expect((await from('10.2.0.1', t.number, guess(i))).status).to.equal(404);
    clock.advance(61 * 60_000);
    for (let i = 0; i < 4; i++) expect((await from('10.2.0.2', t.number, guess(10 + i))).status).to.equal(404);
    expect((await from('10.2.0.3', t.number, phone.slice(-4))).status).to.equal(200);
  });

  it(
    'checks no more than the allowance when guesses race, ' + 'and locks a number that does not exist the same way',
    async () => {
      await h.travel('2032-03-05T10:00:00Z');
      const { t, guess } = await order();
      const statuses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => from(`10.3.0.${i + 1}`, t.number, guess(i)).then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 404)).to.have.length(5);
      expect(statuses.filter((s) => s === 429)).to.have.length(15);
      // A number nobody holds answers like a held one, so the limit tells nobody which numbers exist.
      const nobody = '20320305999999';
      for (let i = 0; i < 5; i++) expect((await from('10.3.1.1', nobody, '1234')).status).to.equal(404);
      expect((await from('10.3.1.2', nobody, '1234')).body.error.details[0].path).to.equal('number');
    },
  );

  it('keeps the count in the database, shared by every instance', async () => {
    await h.travel('2032-03-06T10:00:00Z');
    const { phone, t, guess } = await order();
    const { baseUrl, services } = await testApp();
    // Three wrong guesses on this instance, two on the shared test service: one count.
    for (let i = 0; i < 3; i++) expect((await from('10.4.0.1', t.number, guess(i))).status).to.equal(404);
    for (let i = 3; i < 5; i++)
      expect((await fetch(`${baseUrl}/api/v1/public/tickets/${t.number}?phone_last4=${guess(i)}`)).status).to.equal(
        404,
      );
    expect((await from('10.4.0.2', t.number, phone.slice(-4))).status).to.equal(429);
    const row = await services.db('lookup_guesses').where({ number: t.number }).first();
    expect(row).to.include({ attempts: 5, locked_until: '2032-03-06 11:00:00.000' });
  });
});
