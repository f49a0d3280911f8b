// What every page owes everyone (issue 10, "Everywhere"): the language switch on a page with tabs, messages in
// one language, toasts clear of the work, whole department names on the dashboard, an order printed on one page,
// and a supervisor's sign-in landing on their work.
import fs from 'node:fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { closeBrowser, openPage, PHONE, screenshot, signInAs, WALL } from './browser.ts';
import { makeCategory, uniq } from '../helpers/factories.ts';
import { accepted, dispatched, hotline, ok } from '../helpers/tickets.ts';

const STAFF = { width: 1366, height: 768 };
const CJK = /[\u3400-\u9fff]/;
const LATIN_WORD = /[A-Za-z]{3,}/;

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The texts a refusal put on the page: field errors, the form's error line, toasts. */
const refusalTexts = (page: Page) =>
  page.$$eval('.field-error, .error, .toast', (els) => els.map((e) => e.textContent!.trim()).filter(Boolean));

describe('everywhere (browser)', () => {
  after(closeBrowser);

  it('switches the language on a tabbed page (/console#missed) and back, staying on the tab', async () => {
    const h = await hotline();
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.waitForURL(/\/console/);
      await page.goto('/console#missed');
      await page.waitForSelector('#tab-missed[aria-selected=true]');
      expect(await page.textContent('#tab-missed')).to.include('未接回拨');
      expect(await page.textContent('#tab-intake')).to.include('来电登记');

      await page.click('#lang');
      await page.waitForFunction(() => document.querySelector('#tab-missed')?.textContent?.startsWith('Missed calls'));
      expect(new URL(page.url()).hash).to.equal('#missed');
      expect(await page.getAttribute('#tab-missed', 'aria-selected')).to.equal('true');
      expect(await page.isVisible('#missed')).to.equal(true);
      expect(await page.isHidden('#intake')).to.equal(true);
      expect(await page.textContent('#tab-intake')).to.include('New call');
      expect(await page.textContent('#lang')).to.equal('中文');
      expect(await page.getAttribute('html', 'lang')).to.equal('en');
      await screenshot(page, 'everywhere-lang-en-missed');

      await page.click('#lang');
      await page.waitForFunction(() => document.querySelector('#tab-missed')?.textContent?.startsWith('未接回拨'));
      expect(new URL(page.url()).hash).to.equal('#missed');
      expect(await page.getAttribute('#tab-missed', 'aria-selected')).to.equal('true');
      expect(await page.textContent('#lang')).to.equal('English');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it(
    "shows a refusal in one language only: the intake form's " +
      'in Chinese and in English, the sign-in lock in English',
    async () => {
      const h = await hotline();
      const category = await makeCategory(h.dept.id);
      const { context, page, errors } = await openPage(STAFF);
      try {
        await signInAs(page, h.users.operator.user.username);
        for (const lang of ['zh', 'en'] as const) {
          await page.goto(`/console?lang=${lang}#intake`);
          await page.waitForSelector('#intake-form');
          await page.fill('[name=caller_phone]', '12');
          await page.selectOption('[name=category_id]', String(category.id));
          await page.fill('[name=title]', uniq('拒绝'));
          await page.fill('[name=description]', '号码写错了一位。');
          await page.click('[data-mode=dispatch]');
          await page.waitForSelector('[name=caller_phone][aria-invalid=true]');
          const texts = await refusalTexts(page);
          expect(texts.length, 'the refusal is shown').to.be.above(0);
          for (const text of texts) {
            if (lang === 'zh') expect(text, text).to.match(CJK).and.not.match(LATIN_WORD);
            else expect(text, text).to.match(LATIN_WORD).and.not.match(CJK);
          }
          expect(texts.join(' ')).to.include(lang === 'zh' ? '电话号码格式不正确' : 'Invalid phone number');
          await screenshot(page, `everywhere-refusal-${lang}`);
        }
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }

      // Locked out after five wrong passwords: the sign-in page says until when, in English only.
      const signin = await openPage(PHONE);
      try {
        await signin.page.goto('/?lang=en');
        for (let i = 1; i <= 5; i++) {
          await signin.page.fill('#username', h.users.handler.user.username);
          await signin.page.fill('#password', `wrong-${i}`);
          const answered = signin.page.waitForResponse((r) => r.url().endsWith('/auth/login'));
          await signin.page.click('#login button[type=submit]');
          await answered;
        }
        await signin.page.waitForFunction(() => /locked/.test(document.getElementById('error')!.textContent!));
        const text = (await signin.page.textContent('#error'))!;
        expect(text).to.match(/^Account locked; try again after \d{4}-\d\d-\d\d \d\d:\d\d Beijing time$/);
        expect(text).not.to.match(CJK);
        await screenshot(signin.page, 'everywhere-locked-en');
      } finally {
        await signin.context.close();
      }
    },
  );

  it(
    "puts a toast clear of the clicked form's primary " + "button and the pane's actions (1366x768 and phone)",
    async function () {
      this.timeout(120_000);
      const h = await hotline();
      const category = await makeCategory(h.dept.id);
      // The operator's intake form, on an office screen and on a phone: "登记并派单" is clicked, the toast says so.
      for (const viewport of [STAFF, PHONE]) {
        const { context, page, errors } = await openPage(viewport);
        try {
          await signInAs(page, h.users.operator.user.username);
          await page.waitForSelector('#intake-form');
          await page.fill('[name=caller_phone]', '13900001234');
          await page.selectOption('[name=category_id]', String(category.id));
          await page.fill('[name=title]', uniq('提示位置'));
          await page.fill('[name=description]', '路灯不亮。');
          await page.fill('[name=address]', '东城区和平里');
          // Back up to check the number before sending: on the phone the buttons stay at the foot of the screen.
          await page.evaluate(() => window.scrollTo(0, 0));
          const button = page.locator('[data-mode=dispatch]');
          await button.click();
          const toast = page.locator('.toast.ok');
          await toast.waitFor();
          const [t, b] = [(await toast.boundingBox())!, (await button.boundingBox())!];
          expect(
            overlaps(t, b),
            `toast ${JSON.stringify(t)} over the button ${JSON.stringify(b)} at ${viewport.width}`,
          ).to.equal(false);
          const row = (await page.locator('#intake-form > .actions').boundingBox())!;
          expect(
            overlaps(t, row),
            `toast ${JSON.stringify(t)} over the form's buttons ${JSON.stringify(row)} at ${viewport.width}`,
          ).to.equal(false);
          expect(t.y + t.height).to.be.at.most(viewport.height);
          await screenshot(page, `everywhere-toast-intake-${viewport.width}`);
          expect(errors).to.deep.equal([]);
        } finally {
          await context.close();
        }
      }

      // A handler signs an order in the pane: the toast leaves the pane, where the reply form now waits.
      const order = await dispatched(h, { title: uniq('签收提示') });
      {
        const { context, page, errors } = await openPage(STAFF);
        try {
          await signInAs(page, h.users.handler.user.username);
          await page.click(`#orders tr[data-key="${order.id}"]`);
          const sign = page.locator('.ticket [data-action=sign]');
          await sign.scrollIntoViewIfNeeded();
          const signBox = (await sign.boundingBox())!;
          await sign.click();
          const toast = page.locator('.toast.ok');
          await toast.waitFor();
          await page.waitForSelector('form[data-action=reply]');
          const t = (await toast.boundingBox())!;
          expect(overlaps(t, signBox), 'toast over the button clicked').to.equal(false);
          const actions = (await page.locator('.ticket-actions').boundingBox())!;
          expect(
            overlaps(t, actions),
            `toast ${JSON.stringify(t)} over the pane's actions ${JSON.stringify(actions)}`,
          ).to.equal(false);
          await screenshot(page, 'everywhere-toast-pane');
          expect(errors).to.deep.equal([]);
        } finally {
          await context.close();
        }
      }
    },
  );

  it('shows a long department name whole on the dashboard, on the wall and at 1366x768', async function () {
    this.timeout(60_000);
    const h = await hotline();
    const long = '北京经济技术开发区管理委员会城市运行管理局';
    const link = await ok(h.admin.post('/api/v1/display-links', { name: uniq('长名称') }), 201);
    for (const viewport of [WALL, STAFF]) {
      const { context, page, errors } = await openPage(viewport);
      try {
        // The hub's picture, with a department of a long name first in the ranking and on the red list.
        await page.routeWebSocket(/\/api\/v1\/live/, (ws) => {
          const server = ws.connectToServer();
          server.onMessage((m) => {
            const d = JSON.parse(String(m));
            if (d.type === 'dashboard') {
              d.data.ranking = [
                { department_id: 99001, name: long, group: '市直部门', received: 40, score: 96.5, rank: 1 },
                ...d.data.ranking,
              ];
              d.data.leaderboard.groups = [
                { group: '市直部门', red: [{ department_id: 99001, name: long, score: 96.5, rank: 1 }], blue: [] },
              ];
            }
            ws.send(JSON.stringify(d));
          });
        });
        await page.goto(new URL(link.url).pathname + new URL(link.url).search);
        await page.waitForSelector('#status[data-state=live]', { timeout: 15_000 });
        await page.waitForSelector('#ranking li .name');
        const names = await page.$$eval(
          '#ranking .name, #board .name',
          (els, n) =>
            els
              .filter((e) => e.textContent === n)
              .map((e) => {
                const box = e.getBoundingClientRect();
                const row = e.closest('li')!.getBoundingClientRect();
                return {
                  cut: e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1,
                  inside: box.right <= row.right + 1 && box.bottom <= row.bottom + 1,
                  hidden: e.closest('li')!.hidden,
                };
              }),
          long,
        );
        expect(names, 'the long name is in the ranking and on the red list').to.have.length(2);
        for (const n of names) expect(n, JSON.stringify(n)).to.deep.equal({ cut: false, inside: true, hidden: false });
        await screenshot(page, `everywhere-dashboard-long-name-${viewport.width}`);
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    }
  });

  it("prints an order with its timeline on one page, without the page's navigation and actions", async () => {
    const h = await hotline();
    // A normal life so far: a return asked for and refused, signed, an extension granted, a supervisor's reminder.
    const d = await dispatched(h, {
      title: uniq('打印工单'),
      description: '小区北门路灯已坏一周，夜间出行不便，老人孩子出门不安全，希望尽快修复。'.repeat(2),
    });
    await ok(
      h.handler.post(`/api/v1/tickets/${d.id}/return`, {
        version: d.version,
        reason: '路灯归属街道管理，不属本单位职责',
      }),
    );
    const ret = await ok(h.supervisor.get(`/api/v1/tickets/${d.id}`));
    await ok(
      h.supervisor.post(`/api/v1/tickets/${d.id}/returns/${ret.requests[0].id}/decision`, {
        approve: false,
        note: '该路段由本单位负责维护',
      }),
    );
    const back = await ok(h.handler.get(`/api/v1/tickets/${d.id}`));
    const t = await ok(h.handler.post(`/api/v1/tickets/${d.id}/sign`, { version: back.version }));
    await ok(
      h.handler.post(`/api/v1/tickets/${t.id}/extension`, {
        version: t.version,
        days: 3,
        reason: '需协调供电公司更换线路',
      }),
    );
    const ext = await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`));
    const extension = ext.requests.find((r: { kind: string }) => r.kind === 'extension');
    await ok(
      h.supervisor.post(`/api/v1/tickets/${t.id}/extensions/${extension.id}/decision`, { approve: true, note: '同意' }),
    );
    // A supervisor presses for an answer: the order the handler prints is still theirs to reply to.
    const now = await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`));
    await ok(
      h.supervisor.post(`/api/v1/tickets/${t.id}/supervise`, {
        version: now.version,
        note: '请于本周内答复群众并反馈处理结果',
      }),
    );
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.handler.user.username);
      await page.goto(`/tickets/${t.id}`);
      await page.waitForSelector('body[data-ready=true] .ticket .timeline li');
      expect(await page.locator('.ticket .timeline li').count()).to.be.at.least(8);
      expect(await page.isVisible('form[data-action=reply]')).to.equal(true);
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi, to look at
      await screenshot(page, 'everywhere-ticket-print');
      expect(await page.isHidden('header.bar')).to.equal(true);
      expect(
        (await page.locator('.ticket-actions').count()) === 0 || (await page.isHidden('.ticket-actions')),
      ).to.equal(true);
      expect(await page.isVisible('.ticket .timeline')).to.equal(true);
      // Back to no emulation: page.pdf prints with the print stylesheet, as the browser's 打印 does.
      await page.emulateMedia({ media: null });
      await page.setViewportSize(STAFF);
      // On A4 (China's paper) and on Letter, the browser's default and the shorter page.
      for (const format of ['A4', 'Letter']) {
        const pdf = await page.pdf({ format, printBackground: true });
        fs.mkdirSync('test-results', { recursive: true });
        fs.writeFileSync(`test-results/everywhere-ticket-${format}.pdf`, pdf);
        const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
        expect(pages, `pages printed on ${format}`).to.equal(1);
      }
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('takes a supervisor from sign-in to their work: the requests to decide, counted, with the appeals', async () => {
    const h = await hotline();
    const title = uniq('待审批延期');
    const t = await accepted(h, { title });
    await ok(h.handler.post(`/api/v1/tickets/${t.id}/extension`, { version: t.version, days: 2, reason: '等待配件' }));
    const pending = await ok(h.supervisor.get('/api/v1/requests?status=pending&per_page=1'));
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.waitForURL(/\/supervise/);
      await page.waitForSelector(`#requests tr:has-text("${title}")`);
      expect(await page.getAttribute('#tab-requests', 'aria-selected')).to.equal('true');
      await page.waitForFunction(
        (n) => document.querySelector('[data-count=requests]')?.textContent === String(n),
        pending.total,
      );
      expect(await page.isVisible('#tab-appeals')).to.equal(true);
      expect(await page.isVisible('header.bar nav a[href="/dashboard"]')).to.equal(true);
      await screenshot(page, 'everywhere-supervisor-lands');
      // The home page, when they go back to it, names the same work with its counts.
      await page.click('header.bar h1 a.home');
      await page.waitForSelector('#work:not([hidden])');
      expect(await page.textContent('#work a[href="/supervise#requests"]')).to.include(String(pending.total));
      await page.click('#work a[href="/supervise#appeals"]');
      await page.waitForSelector('#tab-appeals[aria-selected=true]');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
