import http from 'node:http';
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { anonymous, makeWindow } from '../helpers/reviews.ts';
import { clock } from '../../server/lib/clock.ts';

/** A post from another loopback address: another client as far as the service can tell. */
async function postFrom(localAddress: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const { baseUrl } = await testApp();
  const url = new URL(path, baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('public ratings through static QR codes: limits never silence a resident', () => {
  let h: Hotline;
  const db = async () => (await testApp()).services.db;
  const rate = async (body: Record<string, unknown>) => (await anonymous()).post('/api/v1/public/ratings', body);
  const tokenOf = (x: { rating_url: string }) => x.rating_url.split('/rate/')[1];
  const rectifications = async () =>
    Number(
      (await (await db())('tickets').where({ type: 'rectification', department_id: h.dept.id }).count({ n: '*' }))[0].n,
    );

  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it('takes a second bad review from the same address (a service hall) and opens an order for each', async () => {
    await h.travel('2031-09-02T10:05:00+08:00');
    const w = await makeWindow(h);
    const before = await rectifications();
    await ok(rate({ token: tokenOf(w), score: 1, reason: '态度恶劣' }), 201);
    // Another resident in the same hall, a minute later, behind the same address.
    clock.advance(60_000);
    const second = await ok(rate({ token: tokenOf(w), score: 2, reason: '排队太久' }), 201);
    expect(second.score).to.equal(2);
    expect(await rectifications()).to.equal(before + 2);
    const rows = await (await db())('ratings').where({ window_id: w.id }).orderBy('id');
    expect(rows.map((r: any) => [r.score, Boolean(r.flagged)])).to.deep.equal([
      [1, false],
      [2, false],
    ]);
    // Good reviews through the same code go on as well, and another address too.
    for (const score of [5, 4, 3]) await ok(rate({ token: tokenOf(w), score }), 201);
    const elsewhere = await postFrom('127.0.0.2', '/api/v1/public/ratings', {
      token: tokenOf(w),
      score: 1,
      reason: '材料要求不清',
    });
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).to.equal(201);
    expect(await rectifications()).to.equal(before + 3);
  });

  it('takes racing bad reviews through one code: every one stored, none refused', async () => {
    const w = await makeWindow(h);
    const answers = await Promise.all(
      Array.from({ length: 3 }, (_, i) => rate({ token: tokenOf(w), score: 1 + (i % 2), reason: '乱收费' })),
    );
    expect(answers.map((a) => a.status)).to.deep.equal([201, 201, 201]);
    expect(await (await db())('ratings').where({ window_id: w.id })).to.have.length(3);
  });

  it('keeps nothing of the client: no address in the rating', async () => {
    const w = await makeWindow(h);
    await ok(rate({ token: tokenOf(w), score: 2, reason: '材料要求不清' }), 201);
    const rows = await (await db())('ratings').where({ window_id: w.id });
    expect(rows).to.have.length(1);
    expect(JSON.stringify(rows)).to.not.match(/127\.0\.0\.1|::1|ffff/);
  });

  it('does not limit the single-use links of tickets', async () => {
    for (let i = 0; i < 2; i++) {
      const t = await replied(h);
      const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
      await ok(rate({ token, score: 1, reason: '没有解决' }), 201);
    }
  });
});
