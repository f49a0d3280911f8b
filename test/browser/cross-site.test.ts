// Issue 11, findings 2, 3 and 12, as the attacker did them: a page served from another port of the same host (same
// site: the SameSite=Lax cookie goes along) and links that tried to send a signed-in browser off the site.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { signedIn, TEST_PASSWORD, uniq } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';

const STAFF = { width: 1366, height: 768 };

/** The attacker's site: one HTML page on another port of 127.0.0.1. */
async function attackerSite(html: (target: string) => string) {
  const { baseUrl } = await testApp();
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html(baseUrl));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Whether the browser is still signed in to the service (the page's own same-origin request). */
const signedInStill = (page: Page) =>
  page.evaluate(
    async (base) => (await fetch(`${base}/api/v1/auth/me`, { credentials: 'include' })).status,
    new URL(page.url()).origin,
  );

describe('cross-site attacks on a signed-in browser (browser)', () => {
  after(closeBrowser);

  it(
    'a page on another port cannot make a signed-in ' + 'administrator create an account, by form or by fetch',
    async () => {
      const { user } = await signedIn('admin');
      const planted = uniq('planted');
      const fields =
        `<input name="username" value="${planted}"><input name="password" value="Qz7#vLm2-Hotline!">` +
        `<input name="display_name" value="x"><input name="role" value="admin">`;
      const site = await attackerSite(
        (target) =>
          `<!doctype html><body>
      <form id="urlencoded" method="post" target="a" action="${target}/api/v1/users">${fields}</form>
      <form id="plain" method="post" target="b" enctype="text/plain" action="${target}/api/v1/users">
        <input name='{"username":"${planted}","password":"Qz7#vLm2-Hotline!",` +
          `"display_name":"x","role":"admin","x":"' value='"}'></form>
      <form id="empty" method="post" target="c" action="${target}/api/v1/auth/logout"></form>
      <iframe name="a"></iframe><iframe name="b"></iframe><iframe name="c"></iframe>
      <p id="fetch"></p></body>`,
      );
      const { context, page } = await openPage(STAFF);
      try {
        await signInAs(page, user.username);
        await page.waitForURL(/\/admin/);
        const { baseUrl } = await testApp();
        await page.goto(site.url);
        // Each form posts into its own frame, so the attacker's page (and its fetch below) stays.
        const responses = Promise.all(
          ['a', 'b', 'c'].map((name) =>
            page.waitForResponse(
              (r) =>
                r.url().startsWith(baseUrl) && r.request().method() === 'POST' && r.request().frame().name() === name,
            ),
          ),
        );
        await page.evaluate(() => {
          for (const id of ['urlencoded', 'plain', 'empty']) (document.getElementById(id) as HTMLFormElement).submit();
        });
        const [urlencoded, plain, empty] = await responses;
        expect(urlencoded!.status(), 'form-encoded').to.equal(415);
        expect(plain!.status(), 'text/plain').to.equal(415);
        expect(empty!.status(), 'a body-less sign-out').to.equal(403);
        // A JSON fetch needs the service's consent (CORS), which it never gives: the browser stops it.
        const fetched = await page.evaluate(
          async ({ target, planted }) => {
            try {
              const r = await fetch(`${target}/api/v1/users`, {
                method: 'POST',
                credentials: 'include',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({
                  username: planted,
                  password: 'Qz7#vLm2-Hotline!',
                  display_name: 'x',
                  role: 'admin',
                  department_id: null,
                }),
              });
              return `answered ${r.status}`;
            } catch {
              return 'blocked';
            }
          },
          { target: baseUrl, planted },
        );
        expect(fetched).to.equal('blocked');
        const { services } = await testApp();
        expect(await services.db('users').where({ username: planted }).first()).to.equal(undefined);
        await page.goto('/admin');
        await page.waitForSelector('#departments-form');
        expect(await signedInStill(page)).to.equal(200);
      } finally {
        await context.close();
        await site.close();
      }
    },
  );

  it("/admin does not load inside another page's frame", async () => {
    const { user } = await signedIn('admin');
    const site = await attackerSite(
      (target) => `<!doctype html><body><iframe id="f" src="${target}/admin" width="800" height="600"></iframe></body>`,
    );
    const { context, page } = await openPage(STAFF);
    try {
      await signInAs(page, user.username);
      await page.waitForURL(/\/admin/);
      const refused = page.waitForEvent('console', (m) => /frame-ancestors|X-Frame-Options/i.test(m.text()));
      await page.goto(site.url);
      await refused;
      const frame = page.frames().find((f) => f !== page.mainFrame())!;
      // The frame shows the browser's refusal, never the administration page.
      expect(await frame.$('#departments-form')).to.equal(null);
      expect(frame.url()).not.to.match(/\/admin$/);
      await screenshot(page, 'cross-site-admin-framed');
    } finally {
      await context.close();
      await site.close();
    }
  });

  for (const [name, next] of [
    ['a backslash', '%2F%5Cevil.example%2F'],
    ['a tab', '%2F%09%2Fevil.example'],
  ]) {
    it(`signing in from /?next= with ${name} (another site once the browser reads it) stays on the site`, async () => {
      const { user } = await signedIn('operator');
      const { context, page, errors, baseUrl } = await openPage(STAFF);
      try {
        await page.goto(`/?next=${next}`);
        await page.fill('#username', user.username);
        await page.fill('#password', TEST_PASSWORD);
        await page.click('#login button[type=submit]');
        // The operator's own page, as if there had been no next at all.
        await page.waitForURL(`${baseUrl}/console`);
        await page.waitForSelector('header.bar');
        expect(new URL(page.url()).origin).to.equal(baseUrl);
        // Signed in already, the same link does not send the browser away either.
        await page.goto(`/?next=${next}`);
        await page.waitForSelector('#home:not([hidden])');
        expect(new URL(page.url()).origin).to.equal(baseUrl);
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    });
  }

  it('a next of this site is still followed after signing in', async () => {
    const { user } = await signedIn('supervisor');
    const { context, page, errors, baseUrl } = await openPage(STAFF);
    try {
      await page.goto(`/?next=${encodeURIComponent('/supervise?month=2026-11#board')}`);
      await page.fill('#username', user.username);
      await page.fill('#password', TEST_PASSWORD);
      await page.click('#login button[type=submit]');
      await page.waitForURL(`${baseUrl}/supervise?month=2026-11#board`);
      await page.waitForSelector('header.bar');
      expect(errors.filter((e) => /Content Security Policy/i.test(e))).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('no page breaks under the Content-Security-Policy', async () => {
    const { user } = await signedIn('supervisor');
    const { context, page, errors } = await openPage(STAFF);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
    });
    try {
      await page.goto('/track');
      await page.waitForLoadState('networkidle');
      await page.goto('/rate/not-a-token');
      await page.waitForLoadState('networkidle');
      await signInAs(page, user.username);
      for (const path of [
        '/',
        '/supervise',
        '/dashboard',
        '/console',
        '/knowledge',
        '/bulletin?month=2026-11',
        '/board?month=2026-11',
        '/admin',
        '/inbox',
      ]) {
        await page.goto(path);
        await page.waitForLoadState('networkidle');
      }
      await page.goto('/dashboard');
      // The live WebSocket is a connect-src of the policy: the dashboard's first picture arrives through it.
      await page.waitForSelector('body[data-state=live]', { timeout: 15_000 });
      await screenshot(page, 'cross-site-dashboard-under-csp');
      expect(violations).to.deep.equal([]);
      expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('/%09/evil.example is answered by the service itself and leaves the browser on the site', async () => {
    const { context, page, baseUrl } = await openPage(STAFF);
    try {
      const res = await page.goto('/%09/evil.example');
      expect(res!.status()).to.equal(404);
      expect(new URL(page.url()).origin).to.equal(baseUrl);
    } finally {
      await context.close();
    }
  });
});
