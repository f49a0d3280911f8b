import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { closeBrowser, DESKTOP, openPage, PHONE, screenshot, signInAs, WALL } from './browser.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { TEST_PASSWORD } from '../helpers/factories.ts';
import { createApp } from '../../server/app.ts';
import { LiveHub } from '../../server/live/hub.ts';

const number = async (page: Page, id: string) => Number((await page.textContent(`#${id}`))!.replace(/,/g, ''));
const live = (page: Page) => page.waitForSelector('#status[data-state=live]', { timeout: 15_000 });

/** The page's figure reaches the value, without the page being loaded again. */
async function waitForFigure(page: Page, id: string, value: number) {
  await page.waitForFunction(
    ([i, v]) => document.getElementById(i as string)!.textContent!.replace(/,/g, '') === String(v),
    [id, value],
    { timeout: 5_000 },
  );
}

describe('live dashboard /dashboard (browser)', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });
  after(closeBrowser);

  it(
    'shows a signed-in supervisor the figures and follows ' + 'a ticket created through the API without reloading',
    async () => {
      const { context, page, errors } = await openPage(WALL);
      try {
        await signInAs(page, h.users.supervisor.user.username);
        await page.click('header.bar nav a[href="/dashboard"]');
        await live(page);
        expect(await page.textContent('h1')).to.equal('12345 热线实时监测大屏');
        expect(await page.textContent('#status-text')).to.equal('实时');
        expect(await page.locator('#trend-chart').boundingBox())
          .to.have.property('height')
          .above(200);
        await page.evaluate(() => {
          (window as any).sameDocument = true;
        });
        const created = await number(page, 'tickets-created');
        const open = await number(page, 'tickets-open');
        await createTicket(h.operator, { title: '大屏实时刷新测试' });
        await waitForFigure(page, 'tickets-created', created + 1);
        await waitForFigure(page, 'tickets-open', open + 1);
        expect(await page.evaluate(() => (window as any).sameDocument)).to.equal(true);
        // A wall screen shows everything at once: nothing to scroll.
        expect(
          await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]),
        ).to.deep.equal([WALL.width, WALL.height]);
        await screenshot(page, 'dashboard-wall');
        await page.setViewportSize({ width: 1366, height: 768 });
        // Chart.js redraws its canvases on the frame after the resize; the page must not be wider meanwhile either.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.equal(1366);
        await page.waitForTimeout(300);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.equal(1366);
        await screenshot(page, 'dashboard-laptop');
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    },
  );

  it(
    'opens with a display link without sign-in, in English ' + 'too, and says plainly when the link was revoked',
    async () => {
      const link = await ok(h.admin.post('/api/v1/display-links', { name: '指挥中心大屏' }), 201);
      const path = new URL(link.url).pathname + new URL(link.url).search;
      const { context, page, errors } = await openPage(WALL, 'en');
      try {
        await page.goto(`${path}&lang=en`);
        await live(page);
        expect(page.url()).to.include('/dashboard?display=');
        expect(await page.textContent('h1')).to.equal('12345 Hotline Live Dashboard');
        expect(await page.textContent('#status-text')).to.equal('Live');
        expect(await page.isHidden('#refused')).to.equal(true);
        await ok(h.admin.post(`/api/v1/display-links/${link.id}/revoke`), 204);
        await page.goto(`${path}&lang=zh`);
        await page.waitForSelector('#refused:not([hidden])', { timeout: 10_000 });
        expect(await page.textContent('#refused-text')).to.include('此大屏链接已失效');
        await screenshot(page, 'dashboard-revoked');
        // The browser itself reports the refused connection; the page has no errors of its own.
        expect(errors.filter((e) => !e.includes('WebSocket'))).to.deep.equal([]);
      } finally {
        await context.close();
      }
    },
  );

  it('sends a visitor without a session to sign in, and tells an operator the dashboard is not theirs', async () => {
    const { context, page } = await openPage(DESKTOP);
    try {
      await page.goto('/dashboard');
      await page.waitForURL(/\/\?next=%2Fdashboard/, { timeout: 10_000 });
      await page.fill('#username', h.users.supervisor.user.username);
      await page.fill('#password', TEST_PASSWORD);
      await page.click('#login button[type=submit]');
      await page.waitForURL(/\/dashboard$/, { timeout: 10_000 });
      await live(page);
    } finally {
      await context.close();
    }
    const op = await openPage(DESKTOP);
    try {
      await signInAs(op.page, h.users.operator.user.username);
      await op.page.goto('/dashboard');
      await op.page.waitForSelector('#refused:not([hidden])', { timeout: 10_000 });
      expect(await op.page.textContent('#refused-text')).to.include('督办人员');
    } finally {
      await op.context.close();
    }
  });

  it(
    'shows a rate without denominator as "—" and fits ' + 'five-digit figures in their tiles (phone and wall)',
    async () => {
      const link = await ok(h.admin.post('/api/v1/display-links', { name: '格式检查' }), 201);
      for (const viewport of [WALL, PHONE]) {
        const { context, page } = await openPage(viewport);
        try {
          // The hub's message, altered on its way to the page: no calls at all, and a very busy day.
          await page.routeWebSocket(/\/api\/v1\/live/, (ws) => {
            const server = ws.connectToServer();
            server.onMessage((m) => {
              const d = JSON.parse(String(m));
              d.data.overview.calls = {
                inbound: 0,
                answered: 0,
                answered_15s: 0,
                connection_rate: null,
                connection_rate_15s: null,
              };
              Object.assign(d.data.overview.tickets, { created: 23456, open: 154321 });
              ws.send(JSON.stringify(d));
            });
          });
          await page.goto(new URL(link.url).pathname + new URL(link.url).search);
          await live(page);
          expect(await page.textContent('#calls-rate')).to.equal('—');
          expect(await page.textContent('#calls-rate15')).to.equal('—');
          expect(await page.textContent('#tickets-open')).to.equal('154,321');
          const fits = await page.$$eval('.num', (els) => els.every((e) => e.scrollWidth <= e.clientWidth + 1));
          expect(fits, 'every headline number fits its tile').to.equal(true);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(viewport.width);
          await screenshot(page, `dashboard-busy-${viewport.width}`);
        } finally {
          await context.close();
        }
      }
    },
  );

  it('reconnects by itself when its server stops and starts again, and goes on updating', async () => {
    const { services } = await testApp();
    const link = await ok(h.admin.post('/api/v1/display-links', { name: '重启测试' }), 201);
    const handler = (await createApp(services)).callback();
    // A second server of the same service, on its own port, stopped and started as a restart would.
    const start = async (port = 0) => {
      const server = http.createServer(handler);
      const hub = new LiveHub(services, { pollMs: 200 });
      hub.attach(server);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      return { server, hub, port: (server.address() as AddressInfo).port };
    };
    const stop = async (s: Awaited<ReturnType<typeof start>>) => {
      await s.hub.close();
      s.server.closeAllConnections();
      await new Promise((resolve) => s.server.close(resolve));
    };
    let second = await start();
    const { context, page, errors } = await openPage(WALL);
    try {
      await page.goto(`http://127.0.0.1:${second.port}/dashboard?display=${link.token}`);
      await live(page);
      await stop(second);
      await page.waitForSelector('#status[data-state=reconnecting]', { timeout: 5_000 });
      expect(await page.textContent('#status-text')).to.equal('重新连接中…');
      await screenshot(page, 'dashboard-reconnecting');
      second = await start(second.port);
      await live(page);
      const created = await number(page, 'tickets-created');
      await createTicket(h.operator, { title: '重启后的大屏刷新' });
      await waitForFigure(page, 'tickets-created', created + 1);
      expect(errors.filter((e) => !e.includes('WebSocket'))).to.deep.equal([]);
    } finally {
      await context.close();
      await stop(second);
    }
  });
});
