import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { makeDepartment, uniq } from '../helpers/factories.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { testApp } from '../helpers/test-app.ts';
import { clock } from '../../server/lib/clock.ts';

const STAFF = { width: 1366, height: 768 };

// An operator's dispatching jobs, done in the browser as an operator does them: from an order's page, from the
// dispatch queue (待派单), recalling (撤回) a dispatch made by mistake and dispatching again (改派), and the intake form.
describe('operator dispatching (browser)', function () {
  // A loaded machine: each job signs in and loads pages, which takes more than mocha's default here.
  this.timeout(90_000);
  let h: Hotline;
  before(async () => {
    h = await hotline();
  }); // within the suite's 90 s: the first suite also starts the service
  after(closeBrowser);

  const operatorName = () => h.users.operator.user.username;
  /** Picks a department in the dispatch form of the order on screen and dispatches it, as the operator does. */
  const dispatchOnScreen = async (page: Page, departmentId: number) => {
    const form = page.locator('form[data-action=dispatch]');
    await form.locator('select[name=department_id]').selectOption(String(departmentId));
    const answered = page.waitForResponse(
      (r) => /\/tickets\/\d+\/dispatch$/.test(r.url()) && r.request().method() === 'POST',
    );
    await form.locator('button[type=submit]').click();
    expect((await answered).status()).to.equal(200);
    await page.locator('.toast.ok', { hasText: '已派单' }).waitFor();
  };

  it('dispatches a returned order from its ticket page', async () => {
    await h.travel('2026-11-16T09:00:00+08:00');
    const title = uniq('退回后重新派单');
    const t = await createTicket(h.operator, { title });
    const d = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id }),
    );
    await ok(h.handler.post(`/api/v1/tickets/${t.id}/return`, { version: d.version, reason: '不属于本单位职责' }));
    const requests = await ok(h.supervisor.get('/api/v1/requests?kind=return&per_page=100'));
    await ok(
      h.supervisor.post(
        `/api/v1/tickets/${t.id}/returns/${requests.items.find((r: any) => r.ticket.id === t.id).id}/decision`,
        { approve: true },
      ),
    );

    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, operatorName());
      await page.goto(`/tickets/${t.id}`);
      await page.waitForSelector('form[data-action=dispatch]');
      expect(await page.locator('.badge.status-received').first().textContent()).to.equal('已受理');
      await dispatchOnScreen(page, h.other.id);
      await page.locator('.ticket .badge.status-dispatched').waitFor();
      expect(await page.locator('.ticket .facts').textContent()).to.include(h.other.name);
      expect(
        await page
          .locator('form[data-action=dispatch] .field-error, form[data-action=dispatch] .error:not(:empty)')
          .count(),
      ).to.equal(0);
      await screenshot(page, 'operator-dispatch-returned');
      const { services } = await testApp();
      expect(await services.db('tickets').where({ id: t.id }).first()).to.include({
        status: 'dispatched',
        department_id: h.other.id,
      });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
  it(
    'shows the dispatch queue oldest first with its ' + 'count and the overdue warning, and dispatches from it',
    async () => {
      // 2019: before every other suite's orders, so this test's orders lead the queue whatever ran before.
      const { services } = await testApp();
      const warn = services.config.intake.dispatchWaitWarnMinutes;
      await h.travel('2019-03-01T09:00:00+08:00');
      const web = await createTicket(h.operator, { channel: 'web', title: uniq('网上留言：小区停水') });
      clock.advance(10 * 60_000);
      const logged = await createTicket(h.operator, { title: uniq('仅登记：路灯不亮') });
      // An hour on: the first two have waited past the setting, the newest has not.
      await h.travel(new Date(Date.parse('2019-03-01T09:00:00+08:00') + (warn + 30) * 60_000).toISOString());
      const fresh = await createTicket(h.operator, { title: uniq('刚登记：井盖缺失') });

      const { context, page, errors } = await openPage(STAFF);
      try {
        await signInAs(page, operatorName());
        await page.waitForSelector('#intake-form');
        // The count is on the tab before it is opened.
        const total = (await ok(h.operator.get('/api/v1/tickets/queue?per_page=1'))).total;
        await page.locator('[data-count=queue]', { hasText: String(total) }).waitFor();
        await page.click('#tab-queue');
        await page.locator('#queue tbody tr[data-key]').first().waitFor();
        const keys = await page
          .locator('#queue tbody tr[data-key]')
          .evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.key)));
        expect(keys.slice(0, 3)).to.deep.equal([web.id, logged.id, fresh.id]);
        const first = page.locator(`#queue tr[data-key="${web.id}"]`);
        const waited = warn + 30;
        expect(await first.textContent())
          .to.include(waited < 60 ? `${waited}分钟` : `${Math.floor(waited / 60)}小时${waited % 60}分`)
          .and.include('超时');
        expect(await first.locator('[data-overdue]').getAttribute('data-overdue')).to.equal('true');
        expect(
          await page.locator(`#queue tr[data-key="${fresh.id}"] [data-overdue]`).getAttribute('data-overdue'),
        ).to.equal('false');
        const warning = await page.locator('#queue-warning').textContent();
        expect(warning).to.include('有 2 张工单等待派单已超过');
        await screenshot(page, 'operator-dispatch-queue');

        await first.click();
        await page.waitForSelector('#queue form[data-action=dispatch]');
        // The order opens beside the queue with its 派单 button on screen, no scrolling needed.
        const button = (await page.locator('#queue form[data-action=dispatch] button[type=submit]').boundingBox())!;
        expect(button.y + button.height).to.be.at.most(STAFF.height);
        await page.screenshot({ path: 'test-results/operator-dispatch-queue-pane.png' });
        await dispatchOnScreen(page, h.dept.id);
        // Dispatched, it leaves the queue and the count goes down by one.
        await page.locator(`#queue tr[data-key="${web.id}"]`).waitFor({ state: 'detached' });
        await page.locator('[data-count=queue]', { hasText: String(total - 1) }).waitFor();
        expect(await page.locator('#queue-warning').textContent()).to.include('有 1 张工单');
        expect(await services.db('tickets').where({ id: web.id }).first()).to.include({
          status: 'dispatched',
          department_id: h.dept.id,
        });
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    },
  );

  it('recalls an unsigned order dispatched by mistake and dispatches it to another department', async () => {
    await h.travel('2026-11-17T10:00:00+08:00');
    const wrong = await makeDepartment();
    const t = await createTicket(h.operator, { title: uniq('派错单位的工单') });
    await ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: wrong.id }));

    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, operatorName());
      await page.goto(`/tickets/${t.id}`);
      await page.click('button[data-action=recall]');
      const dialog = page.locator('dialog.modal');
      await dialog.locator('textarea[name=reason]').fill('应派往市直部门');
      await dialog.locator('button[data-submit]').click();
      await page.locator('.toast.ok', { hasText: '已撤回' }).waitFor();
      // Back in the queue: the dispatch form is offered again, and the timeline says what happened.
      await page.waitForSelector('form[data-action=dispatch]');
      expect(await page.locator('.timeline').textContent())
        .to.include('撤回派单')
        .and.include('应派往市直部门');
      await dispatchOnScreen(page, h.other.id);
      await page.locator('.ticket .badge.status-dispatched').waitFor();
      expect(await page.locator('.ticket .facts').textContent()).to.include(h.other.name);
      await screenshot(page, 'operator-dispatch-recalled');
      const { services } = await testApp();
      const assignments = await services.db('assignments').where({ ticket_id: t.id }).orderBy('id');
      expect(assignments.map((a: any) => [a.department_id, a.end_reason])).to.deep.equal([
        [wrong.id, 'recalled'],
        [h.other.id, null],
      ]);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('never answers directly on Enter in the intake form, and keeps 派单 in view at 1366x768', async () => {
    const { context, page, errors } = await openPage(STAFF);
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
    });
    try {
      await signInAs(page, operatorName());
      await page.waitForSelector('#intake-form');
      const inView = async () => {
        const box = (await page.locator('#intake-form [data-mode=dispatch]').boundingBox())!;
        return box.y >= 0 && box.y + box.height <= STAFF.height && (await page.evaluate(() => window.scrollY)) === 0;
      };
      expect(await inView()).to.equal(true);
      const title = uniq('咨询公积金提取');
      await page.fill('[name=caller_phone]', '13900002222');
      await page.selectOption('[name=type]', 'inquiry');
      await page.fill('[name=description]', '来电咨询公积金提取需要哪些材料。');
      await page.fill('[name=resolution]', '携带身份证和购房合同到公积金中心办理。');
      // With the answer box open the form is at its tallest: 派单 is still on screen.
      expect(await page.isVisible('#answer-box')).to.equal(true);
      expect(await inView()).to.equal(true);
      // what is on screen, not the whole page
      await page.screenshot({ path: 'test-results/operator-intake-inquiry.png' });
      await page.fill('[name=title]', title);
      await page.press('[name=title]', 'Enter');
      await page.press('[name=caller_phone]', 'Enter');
      await page.press('[name=address]', 'Enter');
      // The only way the order goes anywhere is the button that says so: 仅登记 here.
      await page.click('[data-mode=save]');
      await page.locator('.toast.ok', { hasText: '已登记' }).waitFor();
      const { services } = await testApp();
      const rows = await services.db('tickets').where({ title });
      expect(rows.map((r: any) => r.status)).to.deep.equal(['received']);
      expect(posts.filter((p) => p.endsWith('/answer'))).to.deep.equal([]);
      expect(posts.filter((p) => p === '/api/v1/tickets')).to.have.length(1);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
