// Issue 11, findings 2, 12 and 13: what a page of another origin can make a signed-in browser do. The attack came
// from another port of the same host (same site, so SameSite=Lax let the cookie through): these tests send the
// session cookie as that browser would, with that page's Origin, and look at what was stored.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { Client, type Res } from '../helpers/http.ts';
import { signedIn, TEST_PASSWORD, uniq } from '../helpers/factories.ts';
import { screen, within } from '../helpers/live.ts';
import { createApp } from '../../server/app.ts';
import { SESSION_COOKIE } from '../../server/http/middleware/auth.ts';

const STRONG = 'Qz7#vLm2-Hotline!';

describe("Cross-site requests and the browser's defences", () => {
  let base: string;
  let anon: Client;
  /** Another port of the same host: the attacker's page. */
  let foreign: string;
  before(async () => {
    base = (await testApp()).baseUrl;
    anon = new Client(base);
    const u = new URL(base);
    foreign = `${u.protocol}//${u.hostname}:${Number(u.port) === 65535 ? 1 : Number(u.port) + 1}`;
  });

  /** An administrator signed in through the page: what the browser holds is the cookie. */
  async function adminCookie(): Promise<string> {
    const { api } = await signedIn('admin');
    return `${SESSION_COOKIE}=${api.token}`;
  }
  const newAdmin = () => ({
    username: uniq('planted'),
    password: STRONG,
    display_name: uniq('管理员'),
    role: 'admin',
    department_id: null,
  });
  const stored = async (username: string) => {
    const { services } = await testApp();
    return Boolean(await services.db('users').where({ username }).first());
  };
  const expectError = (res: Res, status: number, code: string) => {
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
    expect(res.body.error.code).to.equal(code);
    expect(res.body.error.message).to.be.a('string').and.not.empty;
    expect(res.body.error.details).to.be.an('array');
  };

  describe('a change carried by the session cookie (finding 2)', () => {
    it(
      'is refused 403 from a page on another port of the ' + 'host, with nothing stored and the refusal audited',
      async () => {
        const { services } = await testApp();
        const { user, api } = await signedIn('admin');
        const cookie = `${SESSION_COOKIE}=${api.token}`;
        const body = newAdmin();
        expectError(await anon.post('/api/v1/users', body, { cookie, origin: foreign }), 403, 'FORBIDDEN');
        // A browser that sends no Origin sends the page as Referer; with neither, nothing shows it is our page.
        expectError(
          await anon.post('/api/v1/users', body, { cookie, referer: `${foreign}/attack.html` }),
          403,
          'FORBIDDEN',
        );
        expectError(await anon.post('/api/v1/users', body, { cookie }), 403, 'FORBIDDEN');
        // Another site's page under no-referrer sends Origin "null"; the browser says it is not same-origin.
        expectError(
          await anon.post('/api/v1/users', body, { cookie, origin: 'null', 'sec-fetch-site': 'same-site' }),
          403,
          'FORBIDDEN',
        );
        expect(await stored(body.username)).to.equal(false);
        const audited = await services.db('audit_log').where({ actor_id: user.id, action: 'forbidden' });
        expect(audited.map((a) => JSON.parse(a.detail).attempted)).to.deep.equal(Array(4).fill('POST /api/v1/users'));
      },
    );

    it('is refused whether or not the cookie still names a session (nothing tells another site which do)', async () => {
      const body = newAdmin();
      expectError(
        await anon.post('/api/v1/users', body, { cookie: `${SESSION_COOKIE}=not-a-session`, origin: foreign }),
        403,
        'FORBIDDEN',
      );
      expectError(
        await anon.post('/api/v1/auth/logout', {}, { cookie: await adminCookie(), origin: foreign }),
        403,
        'FORBIDDEN',
      );
    });

    it(
      "is accepted from the service's own pages (Origin, " + 'Referer, or a no-referrer page of the same origin)',
      async () => {
        const cookie = await adminCookie();
        const bodies = [newAdmin(), newAdmin(), newAdmin()];
        expect((await anon.post('/api/v1/users', bodies[0], { cookie, origin: base })).status).to.equal(201);
        expect((await anon.post('/api/v1/users', bodies[1], { cookie, referer: `${base}/admin` })).status).to.equal(
          201,
        );
        expect(
          (await anon.post('/api/v1/users', bodies[2], { cookie, origin: 'null', 'sec-fetch-site': 'same-origin' }))
            .status,
        ).to.equal(201);
        for (const b of bodies) expect(await stored(b.username)).to.equal(true);
      },
    );

    it("is accepted without a body from the service's own page (the page's sign-out sends none)", async () => {
      const { api } = await signedIn('operator');
      const cookie = `${SESSION_COOKIE}=${api.token}`;
      const res = await fetch(`${base}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, origin: base } });
      expect(res.status).to.equal(204);
      expect((await api.get('/api/v1/auth/me')).status).to.equal(401);
    });

    it('is not asked of a Bearer token, which no page of another site can attach', async () => {
      const { api } = await signedIn('admin');
      const body = newAdmin();
      expect((await api.post('/api/v1/users', body, { origin: foreign })).status).to.equal(201);
      expect(await stored(body.username)).to.equal(true);
    });
  });

  describe('the body of a change (finding 2)', () => {
    it('must be JSON: a form or text/plain body is refused 415 before anything is stored', async () => {
      const cookie = await adminCookie();
      const body = newAdmin();
      const form = new URLSearchParams({ ...body, department_id: '' }).toString();
      for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
        const res = await anon.request('POST', '/api/v1/users', form, { cookie, origin: base, 'content-type': type });
        expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      }
      // JSON sent as text/plain is the classic way round a JSON-only check: still refused.
      expectError(
        await anon.request('POST', '/api/v1/users', JSON.stringify(body), {
          cookie,
          origin: base,
          'content-type': 'text/plain',
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expect(await stored(body.username)).to.equal(false);
    });

    it('must be JSON for a sign-in too, and for anyone without a session', async () => {
      const { user } = await signedIn('operator');
      const res = await anon.request('POST', '/api/v1/auth/login', `username=${user.username}&password=x`, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(res.headers.getSetCookie()).to.deep.equal([]);
    });
  });

  describe('security headers on every answer (finding 12)', () => {
    const expectHeaders = (res: Res, what: string) => {
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([k, ...v]) => [k!, v]),
      );
      expect(directives.get('default-src'), `${what}: ${csp}`).to.deep.equal(["'self'"]);
      expect(directives.get('script-src'), what).to.deep.equal(["'self'"]);
      expect(directives.get('style-src'), what).to.deep.equal(["'self'"]);
      expect(directives.get('img-src'), what).to.deep.equal(["'self'", 'data:']);
      expect(directives.get('frame-ancestors'), what).to.deep.equal(["'none'"]);
      expect(directives.get('base-uri'), what).to.deep.equal(["'self'"]);
      expect(directives.get('form-action'), what).to.deep.equal(["'self'"]);
      const host = new URL(base).host;
      expect(directives.get('connect-src'), what).to.include.members(["'self'", `ws://${host}`]);
      expect(res.headers.get('x-content-type-options'), what).to.equal('nosniff');
      expect(res.headers.get('x-frame-options'), what).to.equal('DENY');
      expect(res.headers.get('referrer-policy'), what).to.equal('same-origin');
      // Plain HTTP: a Strict-Transport-Security header here would be ignored at best.
      expect(res.headers.get('strict-transport-security'), what).to.equal(null);
    };

    it('are on the pages, their assets and the API, refusals included', async () => {
      const { api } = await signedIn('supervisor');
      expectHeaders(await anon.get('/admin'), '/admin');
      expectHeaders(await anon.get('/'), '/');
      expectHeaders(await anon.get('/assets/index.js'), 'asset');
      expectHeaders(await api.get('/api/v1/auth/me'), 'API 200');
      expectHeaders(await anon.get('/api/v1/auth/me'), 'API 401');
      expectHeaders(await anon.get('/no/such/page'), '404');
      expectHeaders(await anon.get('/open311/v2/discovery.json'), 'Open311');
    });

    it(
      'a session cookie is HttpOnly and SameSite, and not ' + 'Secure on plain HTTP even if a client says otherwise',
      async () => {
        const { user } = await signedIn('operator');
        const res = await anon.post(
          '/api/v1/auth/login',
          { username: user.username, password: TEST_PASSWORD },
          { 'x-forwarded-proto': 'https' },
        );
        expect(res.status).to.equal(200);
        const cookie = res.headers
          .getSetCookie()
          .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
          .toLowerCase();
        expect(cookie).to.match(/;\s*httponly/);
        expect(cookie).to.match(/;\s*samesite=(lax|strict)/);
        expect(cookie).not.to.match(/;\s*secure/);
        expect(res.headers.get('strict-transport-security')).to.equal(null);
      },
    );
  });

  describe('behind a TLS proxy (TRUST_PROXY=1, PUBLIC_URL https)', () => {
    const PUBLIC = 'https://hotline.example.gov';
    let server: http.Server;
    let proxied: string;
    before(async () => {
      const { services } = await testApp();
      const app = await createApp({ ...services, config: { ...services.config, trustProxy: true, publicUrl: PUBLIC } });
      server = http.createServer(app.callback());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      proxied = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    /** As the proxy forwards a browser's request for PUBLIC_URL. */
    const viaProxy = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'hotline.example.gov' };

    it("sets a Secure cookie and HSTS, and accepts changes from PUBLIC_URL's pages only", async () => {
      const { user } = await signedIn('admin');
      const client = new Client(proxied);
      const login = await client.post(
        '/api/v1/auth/login',
        { username: user.username, password: TEST_PASSWORD },
        viaProxy,
      );
      expect(login.status).to.equal(200);
      const setCookie = login.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
      expect(setCookie.toLowerCase()).to.match(/;\s*secure/);
      expect(login.headers.get('strict-transport-security')).to.match(/^max-age=\d{7,}/);
      expect((await client.get('/admin', viaProxy)).headers.get('content-security-policy')).to.include(
        'wss://hotline.example.gov',
      );
      const cookie = setCookie.split(';')[0]!;
      const planted = newAdmin();
      // The page the proxy serves at http:// (not https) is another origin, as is another port.
      expectError(
        await client.post('/api/v1/users', planted, { ...viaProxy, cookie, origin: 'http://hotline.example.gov' }),
        403,
        'FORBIDDEN',
      );
      expectError(
        await client.post('/api/v1/users', planted, { ...viaProxy, cookie, origin: `${PUBLIC}:8443` }),
        403,
        'FORBIDDEN',
      );
      expect(await stored(planted.username)).to.equal(false);
      expect((await client.post('/api/v1/users', planted, { ...viaProxy, cookie, origin: PUBLIC })).status).to.equal(
        201,
      );
    });
  });

  describe('the live WebSocket (finding 13)', () => {
    const live = () => `${base.replace(/^http/, 'ws')}/api/v1/live`;

    it("refuses a cookie-borne session opened from another origin, and opens it from the service's own", async () => {
      const { api } = await signedIn('supervisor');
      const cookie = `${SESSION_COOKIE}=${api.token}`;
      for (const headers of [
        { cookie, origin: foreign },
        { cookie, origin: 'http://evil.example' },
        { cookie },
      ] as Record<string, string>[]) {
        const s = screen(live(), headers);
        expect(
          await s.opened.then(
            () => 'opened',
            (e: Error) => e.message,
          ),
          JSON.stringify(headers),
        ).to.equal('refused 403');
        expect(s.messages).to.deep.equal([]);
      }
      const own = screen(live(), { cookie, origin: base });
      try {
        expect((await own.next((m) => m.type === 'dashboard')).type).to.equal('dashboard');
      } finally {
        own.ws.close();
      }
    });

    it('keeps display links working on a wall screen wherever its page is', async () => {
      const { api } = await signedIn('admin');
      const link = (await api.post('/api/v1/display-links', { name: uniq('大厅大屏') })).body;
      const s = screen(`${live()}?display=${link.token}`, { origin: 'http://wall-screen.example' });
      try {
        expect(
          await within(
            s.next((m) => m.type === 'dashboard'),
            10_000,
          ),
        ).to.have.property('type', 'dashboard');
      } finally {
        s.ws.close();
      }
    });
  });
});
