import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { makeCategory, uniq } from '../helpers/factories.ts';
import { accepted, dispatched, hotline, ok, replied } from '../helpers/tickets.ts';
import { testApp } from '../helpers/test-app.ts';
import { clock } from '../../server/lib/clock.ts';

describe('supervision page (browser)', () => {
  after(closeBrowser);

  it('approves an extension from the requests queue, and the deadline moves', async () => {
    const h = await hotline();
    const title = uniq('延期审批');
    const t = await accepted(h, { title });
    await ok(
      h.handler.post(`/api/v1/tickets/${t.id}/extension`, {
        version: t.version,
        days: 3,
        reason: '需协调供热单位入户检修',
      }),
    );
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.supervisor.user.username);
      // Signing in lands on 督办考核; the dashboard is in the header beside it.
      await page.waitForURL(/\/supervise/);
      expect(await page.$$eval('header.bar nav a', (as) => as.map((a) => a.getAttribute('href')))).to.include.members([
        '/supervise',
        '/dashboard',
      ]);
      const row = await page.waitForSelector(`#requests tr:has-text("${title}")`);
      expect(await row.textContent()).to.include('需协调供热单位入户检修');
      await row.click();
      const form = await page.waitForSelector('form.decision[data-kind=extension]');
      expect(await form.textContent()).to.include('3 个工作日');
      await page.fill('form.decision [name=note]', '同意延期');
      await page.click('form.decision button[data-approve=true]');
      expect(await (await page.waitForSelector('.toast.ok')).textContent()).to.equal('已同意');
      await page.waitForSelector(`#requests tr:has-text("${title}")`, { state: 'detached' });
      const detail = await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`));
      expect(detail.requests[0]).to.include({ kind: 'extension', status: 'approved' });
      expect(Date.parse(detail.due_at)).to.be.greaterThan(Date.parse(t.due_at));
      await screenshot(page, 'supervise-extension-approved');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it(
    "lists supervision orders, a supervisor's and a red " + "card's, under the open orders, and opens one's order",
    async () => {
      const h = await hotline();
      await h.travel('2033-05-09T09:00:00+08:00'); // Monday
      const manual = await dispatched(h, { type: 'help', title: uniq('督办记录') });
      await ok(
        h.supervisor.post(`/api/v1/tickets/${manual.id}/supervise`, {
          version: manual.version,
          note: '请本周内答复群众',
        }),
      );
      const late = await dispatched(h, { type: 'help', title: uniq('红牌督办') });
      // Wednesday: both missed their sign-for deadline; the sweep issues their red cards' supervision orders.
      clock.set('2033-05-11T09:00:00+08:00');
      await (await testApp()).services.escalations.sweep();
      await h.signInAgain();
      const { context, page, errors } = await openPage();
      try {
        await signInAs(page, h.users.supervisor.user.username);
        await page.goto('/supervise#watch');
        const log = page.locator('#supervisions');
        expect(await log.locator('h2').textContent()).to.equal('督办记录');
        await page.selectOption('#supervisions [name=department_id]', String(h.dept.id));
        const byHand = log.locator(`tr:has-text("请本周内答复群众")`);
        await byHand.waitFor();
        expect(await byHand.textContent())
          .to.include(manual.number)
          .and.include('人工督办')
          .and.include(h.users.supervisor.user.display_name)
          .and.include(h.dept.name);
        const red = log.locator(`tr:has-text("${late.number}")`);
        expect(await red.textContent())
          .to.include('红牌自动督办')
          .and.include('系统');
        // Newest first: the red cards of Wednesday above Monday's order.
        expect(await log.locator('tbody tr').count()).to.equal(3);
        expect(await log.locator('tbody tr').last().textContent()).to.include('请本周内答复群众');
        await byHand.click();
        await page.waitForFunction(
          (n) => document.querySelector('#watch aside.detail')?.textContent?.includes(n),
          manual.number,
        );
        await page.selectOption('#supervisions [name=automatic]', 'false');
        await page.waitForFunction(() => document.querySelectorAll('#supervisions tbody tr').length === 1);
        await screenshot(page, 'supervise-supervision-orders');
        // The department report counts them.
        await page.goto('/supervise#report');
        await page.fill('#report-form [name=from]', '2033-05-01');
        await page.fill('#report-form [name=to]', '2033-05-31');
        await page.click('#report-form button[type=submit]');
        await page.waitForFunction(() => document.querySelector('#report-period')?.textContent?.includes('2033-05-01'));
        const row = page.locator(`#report tr:has-text("${h.dept.name}")`);
        expect((await row.locator('td').last().textContent())!.trim()).to.match(/^3/);
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    },
  );

  it('previews the red/blue board of an ended month and publishes it; a running month is preview only', async () => {
    const h = await hotline();
    // Five orders received by the department in July 2033 rank it; the clock then stands in August.
    await h.travel('2033-07-12T10:00:00+08:00');
    for (let i = 0; i < 5; i++) await dispatched(h, { title: uniq('榜单') });
    await h.travel('2033-08-02T09:00:00+08:00');
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/supervise#board');
      await page.fill('#board-form [name=month]', '2033-07');
      await page.click('#board-form button[type=submit]');
      await page.waitForFunction(() => document.querySelector('#board-state')?.textContent?.includes('预览'));
      expect(await page.textContent('#board')).to.include(h.dept.name);
      await page.click('#publish');
      await page.click('dialog [data-submit]');
      await page.waitForSelector('#board-state .r-approved');
      expect(await page.textContent('#board-state')).to.include('2033-08-02 09:00');
      expect(await page.$('#publish')).to.equal(null);
      const board = await ok(h.supervisor.get('/api/v1/leaderboards/2033-07'));
      expect(board.published_at).to.equal(new Date('2033-08-02T09:00:00+08:00').toISOString());
      await screenshot(page, 'supervise-board-published');

      // A month under way is a preview: nothing offers to publish it.
      await page.fill('#board-form [name=month]', '2033-08');
      await page.click('#board-form button[type=submit]');
      await page.waitForFunction(() => document.querySelector('#board-state')?.textContent?.includes('本月尚未结束'));
      expect(await page.$('#publish')).to.equal(null);
      await screenshot(page, 'supervise-board-refused');
      expect((await h.supervisor.get('/api/v1/leaderboards/2033-08')).body.published_at).to.equal(null);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it("takes a department's appeal against a bad review through to a supervisor upholding it", async () => {
    const h = await hotline();
    const t = await replied(h, { title: uniq('差评申诉') });
    await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: t.version, score: 1, reason: '问题没有解决' }),
    );
    const rating = (await ok(h.handler.get('/api/v1/ratings?bad=true'))).items[0];
    const handler = await openPage();
    try {
      await signInAs(handler.page, h.users.handler.user.username);
      await handler.page.click('#tab-reviews');
      await handler.page.click(`#reviews tr[data-key="${rating.id}"]`);
      await handler.page.click('[data-action=appeal]');
      await handler.page.fill('dialog [name=reason]', '回访时群众表示已解决，评价系误操作');
      await handler.page.click('dialog [data-submit]');
      await handler.page.waitForSelector('.rating .badge.appeal-pending');
      await screenshot(handler.page, 'inbox-appealed');
      expect(handler.errors).to.deep.equal([]);
    } finally {
      await handler.context.close();
    }
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/supervise#appeals');
      await page.click(`#appeals tr[data-key="${rating.id}"]`);
      expect(await page.textContent('.rating')).to.include('评价系误操作');
      await page.fill('.rating [name=note]', '核实属实');
      await page.click('.rating button[data-uphold=true]');
      await page.waitForSelector('.rating .badge.appeal-upheld');
      const after = await ok(h.supervisor.get(`/api/v1/ratings/${rating.id}`));
      expect(after).to.include({ voided: true });
      expect(after.appeal).to.include({ status: 'upheld', decision_note: '核实属实' });
      await screenshot(page, 'supervise-appeal-upheld');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it("drills from a department's report figure into the orders behind it", async () => {
    const h = await hotline();
    await h.travel('2033-03-14T10:00:00+08:00');
    const category = await makeCategory(h.dept.id);
    const t = await dispatched(h, { title: uniq('报表下钻'), category_id: category.id });
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/supervise#report');
      await page.fill('#report-form [name=from]', '2033-03-01');
      await page.fill('#report-form [name=to]', '2033-03-31');
      await page.click('#report-form button[type=submit]');
      await page.waitForFunction(() => document.querySelector('#report-period')?.textContent?.includes('2033-03-01'));
      expect(await page.getAttribute('a[href*="departments.xlsx"]', 'href')).to.equal(
        // The export carries the scope the report is read in (本单位 by default, docs/rules/figures.md "Levels").
        '/api/v1/reports/departments.xlsx?month=2033-03&scope=own',
      );
      await page.click(`[data-drill="${h.dept.id}:received"]`);
      await page.waitForSelector(`#drill tr:has-text("${t.number}")`);
      await screenshot(page, 'supervise-drilldown');
      // The department's own categories, below the report, in the same period.
      await page.click(`[data-categories="${h.dept.id}"]`);
      const row = page.locator(`#by-category tr:has-text("${category.name}")`);
      await row.waitFor();
      expect(await page.inputValue('#category-scope')).to.equal(String(h.dept.id));
      expect((await row.locator('td').nth(1).textContent())!.trim()).to.match(/^1/);
      await screenshot(page, 'supervise-by-category');
      // The month's printable bulletin, linked beside the exports.
      expect(await page.getAttribute('#bulletin-link', 'href')).to.equal('/bulletin?month=2033-03');
      await page.goto('/bulletin?month=2033-03');
      await page.waitForSelector('#bulletin');
      expect(await page.textContent('#bulletin h1')).to.equal('12345政务服务便民热线2033年3月运行情况通报');
      expect(await page.textContent('#orders-text')).to.match(/受理工单 \d+ 件/);
      const deptRow = page.locator(`#bulletin tr:has-text("${h.dept.name}")`);
      expect((await deptRow.locator('td').nth(1).textContent())!.trim()).to.equal('1');
      // On paper only the document: no header, no toolbar.
      await page.emulateMedia({ media: 'print' });
      expect(await page.isVisible('header.bar')).to.equal(false);
      expect(await page.isVisible('#bulletin-form')).to.equal(false);
      await screenshot(page, 'bulletin-print');
      await page.emulateMedia({ media: 'screen' });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
