// The access-control matrix (issue 11, "keep it closed"): every route the running app serves, read from its routers
// at run time, called by every role, without a session, with an idle one, one kept busy past its absolute lifetime,
// and a deactivated user's (a locked account keeps the session it has: locking only stops sign-in attempts). A
// route added without an entry in POLICY fails the first test, so nobody can add one without saying who may call it.
// Allowed means the role check let the call through (2xx, or a 4xx of validation or state: never 401/403);
// refused means 401 without a valid session, 403 for a wrong role or department, and every 403 is audited.
import { expect } from 'chai';
import { createApp } from '../../server/app.ts';
import { clock } from '../../server/lib/clock.ts';
import { testApp } from '../helpers/test-app.ts';
import { Client } from '../helpers/http.ts';
import { signedIn, uniq } from '../helpers/factories.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { call, ctiClient } from '../helpers/calls.ts';
import { devicePost, deviceRating, reviewDesk } from '../helpers/reviews.ts';
import { POLICY, WHO, type Who } from '../helpers/access-policy.ts';
import { API, fixtures, requestFor, send, type F } from '../helpers/access-requests.ts';
import { createTestPeer, signedPost } from '../helpers/peers.ts';

/** Every route the app serves, as "METHOD /path" (the HTML pages aside: shells whose data comes through the API). */
async function servedRoutes(): Promise<string[]> {
  const { services } = await testApp();
  const app = await createApp(services);
  const keys = new Set<string>();
  for (const mw of app.middleware as Array<{ router?: { stack: Array<{ methods: string[]; path: string }> } }>) {
    for (const layer of mw.router?.stack ?? []) {
      const methods = layer.methods.filter((m) => m !== 'HEAD');
      if (!methods.length || typeof layer.path !== 'string') continue; // middleware layers (router.use)
      if (!/^\/(api\/v1|open311|healthz)/.test(layer.path)) continue;
      const path = layer.path.replace(/^\/api\/v1/, '');
      for (const m of methods.length > 5 ? ['ALL'] : methods) keys.add(`${m} ${path}`);
    }
  }
  return [...keys];
}

const PEOPLE: Record<Who, 'operator' | 'handler' | 'otherHandler' | 'supervisor' | 'admin'> = {
  operator: 'operator',
  'handler:own': 'handler',
  'handler:other': 'otherHandler',
  supervisor: 'supervisor',
  admin: 'admin',
};
const SESSION_ROUTES = Object.keys(POLICY).filter((k) => Array.isArray(POLICY[k]));
const refusals = async (actorId?: number) => {
  const { services } = await testApp();
  const q = services.db('audit_log').where({ action: 'forbidden' });
  const [{ n }] = await (actorId === undefined ? q : q.where({ actor_id: actorId })).count({ n: '*' });
  return Number(n);
};
const anonymous = async () => new Client((await testApp()).baseUrl);
const shown = (res: { status: number; body: unknown }) => `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;

describe('access-control matrix: every route × every role', () => {
  let f: F;
  before(async function () {
    this.timeout(120_000);
    f = await fixtures();
  });

  it('has a rule for every route the app serves, and no rule for a route it does not', async () => {
    const served = await servedRoutes();
    expect(served.length).to.be.above(100);
    expect(
      served.filter((k) => !(k in POLICY)),
      'routes without a rule in POLICY',
    ).to.deep.equal([]);
    expect(
      Object.keys(POLICY).filter((k) => !served.includes(k)),
      'rules for routes no longer served',
    ).to.deep.equal([]);
  });

  for (const key of SESSION_ROUTES) {
    const allowed = POLICY[key] as Who[];
    it(`${key}: ${allowed.join(', ')}`, async () => {
      const none = await send(await anonymous(), key, await requestFor(key, f, null));
      expect(none.status, `no session: ${shown(none)}`).to.equal(401);
      // Refused callers first: they must change nothing the allowed ones then act on.
      for (const who of [...WHO].sort((a, b) => Number(allowed.includes(a)) - Number(allowed.includes(b)))) {
        const req = await requestFor(key, f, who);
        const person = f.h.users[PEOPLE[who]].user;
        const before = await refusals(person.id);
        const res = await send(f.h[PEOPLE[who]], key, req);
        if (allowed.includes(who)) {
          expect(res.status, `${who} is allowed: ${shown(res)}`).to.not.be.oneOf([401, 403]);
          expect(res.status, `${who}: ${shown(res)}`).to.be.below(500);
        } else {
          expect(res.status, `${who} is refused: ${shown(res)}`).to.equal(403);
          expect((await refusals(person.id)) - before, `${who}'s 403 is audited once`).to.equal(1);
          await req.unchanged?.();
        }
      }
    });
  }

  for (const key of Object.keys(POLICY).filter((k) => POLICY[k] === 'public')) {
    it(`${key}: public, no session needed`, async () => {
      const res = await send(await anonymous(), key, await requestFor(key, f, null));
      expect(res.status, shown(res)).to.not.be.oneOf([401, 403]);
      expect(res.status, shown(res)).to.be.below(500);
    });
  }

  /** Every session route, called with one client whose session is no longer good: 401 everywhere, nothing audited. */
  async function refusedEverywhere(client: Client, prepare: () => void | Promise<void> = () => {}) {
    const reqs = [];
    for (const key of SESSION_ROUTES) reqs.push([key, await requestFor(key, f, null)] as const);
    await prepare();
    const before = await refusals();
    const wrong: string[] = [];
    for (const [key, req] of reqs) {
      const res = await send(client, key, req);
      if (res.status !== 401) wrong.push(`${key} -> ${shown(res)}`);
    }
    expect(wrong).to.deep.equal([]);
    expect(await refusals(), 'a 401 names nobody to audit').to.equal(before);
  }

  it("refuses an administrator's session idle past the limit on every route (401)", async function () {
    this.timeout(60_000);
    const { services } = await testApp();
    const { api } = await signedIn('admin');
    expect((await api.get(`${API}/auth/me`)).status).to.equal(200);
    await refusedEverywhere(api, () =>
      clock.set(new Date(Date.now() + (services.config.auth.idleMinutes + 1) * 60_000)),
    );
  });

  it("refuses a deactivated administrator's session on every route (401)", async function () {
    this.timeout(60_000);
    const { user, api } = await signedIn('admin');
    expect((await api.get(`${API}/auth/me`)).status).to.equal(200);
    await refusedEverywhere(api, async () => {
      await ok(f.h.admin.patch(`${API}/users/${user.id}`, { active: false }));
    });
  });

  it("refuses an administrator's session kept busy past its absolute lifetime on every route (401)", async function () {
    this.timeout(60_000);
    const { idleMinutes, sessionMaxHours } = (await testApp()).services.config.auth;
    const signedInAt = Date.now();
    const { api } = await signedIn('admin');
    await refusedEverywhere(api, async () => {
      // Used every half idle limit, so it never goes idle, up to its lifetime from sign-in; then a minute past it.
      const step = (idleMinutes / 2) * 60_000;
      const lifetimeEnds = signedInAt + sessionMaxHours * 3_600_000;
      clock.set(new Date());
      while (clock.now().getTime() + step < lifetimeEnds) {
        clock.advance(step);
        expect((await api.get(`${API}/auth/me`)).status, `busy at ${clock.now().toISOString()}`).to.equal(200);
      }
      clock.set(new Date(lifetimeEnds + 60_000));
    });
  });
});

describe('access-control matrix: routes that take a key instead of a session', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });

  it(
    "POST /calls: the telephone system's X-CTI-Key; a wrong or " +
      'revoked key is 401, a staff session does not stand in for it',
    async () => {
      const cti = await ctiClient(h);
      const anon = await anonymous();
      expect((await cti.post(call())).status).to.equal(201);
      expect((await anon.post(`${API}/calls`, call(), { 'X-CTI-Key': 'cti_wrong' })).status).to.equal(401);
      expect((await h.admin.post(`${API}/calls`, call())).status).to.equal(403);
      await ok(h.admin.post(`${API}/cti-keys/${cti.issued.id}/revoke`, {}));
      expect((await cti.post(call())).status).to.equal(401);
    },
  );

  it(
    'POST /device/ratings and PUT /device/on-duty: the ' + "device's key; none, a wrong one or a session is 401",
    async () => {
      const desk = await reviewDesk(h);
      const anon = await anonymous();
      expect((await devicePost(desk.key, deviceRating())).status).to.equal(201);
      for (const [method, path, body] of [
        ['POST', '/device/ratings', deviceRating()],
        ['PUT', '/device/on-duty', { staff_no: desk.staff.staff_no }],
      ] as const) {
        expect((await anon.request(method, API + path, body)).status, `${method} ${path} without a key`).to.equal(401);
        expect(
          (await anon.request(method, API + path, body, { 'x-device-key': 'dev_wrong' })).status,
          `${method} ${path} wrong key`,
        ).to.equal(401);
        expect((await h.admin.request(method, API + path, body)).status, `${method} ${path} with a session`).to.equal(
          401,
        );
      }
      expect(
        (
          await anon.request(
            'PUT',
            `${API}/device/on-duty`,
            { staff_no: desk.staff.staff_no },
            { 'x-device-key': desk.key },
          )
        ).status,
      ).to.equal(200);
    },
  );

  it(
    "POST /open311/v2/requests.json: a partner's api_key; none " +
      'or a wrong one is refused, a staff session does not stand in',
    async () => {
      const anon = await anonymous();
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const body = (key?: string) =>
        new URLSearchParams({
          ...(key ? { api_key: key } : {}),
          service_code: 'x',
          description: '路灯不亮',
          lat: '39.9',
          long: '116.4',
        }).toString();
      for (const [who, client, key] of [
        ['no key', anon, undefined],
        ['wrong key', anon, 'o311_wrong'],
        ['admin session', h.admin, undefined],
      ] as const) {
        const res = await client.request('POST', '/open311/v2/requests.json', body(key), form);
        expect(res.status, `${who}: ${shown(res)}`).to.be.oneOf([401, 403]);
      }
      const issued = await ok(h.admin.post(`${API}/open311-keys`, { name: uniq('partner') }), 201);
      const res = await anon.request('POST', '/open311/v2/requests.json', body(issued.key), form);
      expect(res.status, `a good key gets past the key check: ${shown(res)}`).to.not.be.oneOf([401, 403]);
    },
  );

  it("POST /upstream/orders: an upstream's key and signature; none, a wrong one or a session is 401", async () => {
    const { services, baseUrl } = await testApp();
    const up = await createTestPeer(services, { kind: 'upstream' });
    const body = { upstream_id: uniq('SJ'), received_at: new Date().toISOString() };
    const anon = await anonymous();
    expect((await anon.request('POST', `${API}/upstream/orders`, body)).status, 'no key').to.equal(401);
    expect((await h.admin.request('POST', `${API}/upstream/orders`, body)).status, 'admin session').to.equal(401);
    const forged = await signedPost(baseUrl, `${API}/upstream/orders`, body, { keyId: up.keyId, secret: 'wrong' });
    expect(forged.status, 'wrong signature').to.equal(401);
    // Signed, it gets past the key check to the body's (400: the order lacks its fields).
    expect((await signedPost(baseUrl, `${API}/upstream/orders`, body, up)).status).to.equal(400);
  });
});
