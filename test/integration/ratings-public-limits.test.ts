import http from 'node:http';
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { anonymous, makeStaff, makeWindow } from '../helpers/reviews.ts';

/** A post from another loopback address: another client as far as the service can tell. */
async function postFrom(localAddress: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const { baseUrl } = await testApp();
  const url = new URL(path, baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('bad reviews through static QR codes, per client', () => {
  let h: Hotline;
  const db = async () => (await testApp()).services.db;
  const rate = async (body: Record<string, unknown>) => (await anonymous()).post('/api/v1/public/ratings', body);
  const tokenOf = (x: { rating_url: string }) => x.rating_url.split('/rate/')[1];
  const rectifications = async () =>
    Number((await (await db())('tickets').where({ type: 'rectification', department_id: h.dept.id }).count({ n: '*' }))[0].n);

  before(async () => { h = await hotline(); });
  beforeEach(async () => { await h.signInAgain(); });

  it('takes one bad review per code and client an hour, then answers 429 RATE_LIMITED; good reviews go on', async () => {
    await h.travel('2031-09-02T10:05:00+08:00');
    const w = await makeWindow(h);
    const s = await makeStaff(h, w.id);
    const before = await rectifications();
    await ok(rate({ token: tokenOf(w), score: 1, reason: '态度恶劣' }), 201);
    const again = await rate({ token: tokenOf(w), score: 2, reason: '还是不满意' });
    expect(again.status).to.equal(429);
    expect(again.body.error.code).to.equal('RATE_LIMITED');
    expect(again.body.error.message).to.include('每小时').and.include('per hour');
    expect(await rectifications()).to.equal(before + 1);
    expect(await (await db())('ratings').where({ window_id: w.id, staff_id: null })).to.have.length(1);
    // Good reviews through the same code are not limited by it.
    for (const score of [5, 4, 3]) await ok(rate({ token: tokenOf(w), score }), 201);
    // Another code, and the same code from another client, each take their own.
    await ok(rate({ token: tokenOf(s), score: 2, reason: '不耐烦' }), 201);
    const elsewhere = await postFrom('127.0.0.2', '/api/v1/public/ratings', { token: tokenOf(w), score: 1, reason: '排队太久' });
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).to.equal(201);
    expect(await rectifications()).to.equal(before + 3);
    // The next hour, the first client may give this code a bad review again.
    await h.travel('2031-09-02T11:00:01+08:00');
    await ok(rate({ token: tokenOf(w), score: 2, reason: '又等了一小时' }), 201);
    expect(await rectifications()).to.equal(before + 4);
  });

  it('lets one of racing bad reviews through and creates one rectification order', async () => {
    const w = await makeWindow(h);
    const before = await rectifications();
    const answers = await Promise.all(Array.from({ length: 6 }, () => rate({ token: tokenOf(w), score: 1, reason: '乱收费' })));
    expect(answers.map((a) => a.status).sort()).to.deep.equal([201, 429, 429, 429, 429, 429]);
    expect(await rectifications()).to.equal(before + 1);
  });

  it('keeps only a keyed hash of the client, never its address', async () => {
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
