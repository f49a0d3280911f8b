import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { makeDepartment, signedIn, uniq } from '../helpers/factories.ts';
import { createTicket, dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';

const STAFF = { width: 1366, height: 768 };

/** The text of a department's cell under a column of the report, found by the column's header. */
async function cell(page: Page, department: string, header: string): Promise<string> {
  const headers = (await page.locator('#report table').first().locator('thead th').allTextContents()).map((x) =>
    x.trim(),
  );
  const i = headers.indexOf(header);
  expect(i, headers.join('|')).to.be.at.least(0);
  return (await page
    .locator(`#report table >> nth=0 >> tr:has-text("${department}") >> td >> nth=${i}`)
    .textContent())!.trim();
}

// May 2036, month to date on the 6th: no other suite works in it.
describe('the department report and bulletin (browser)', function () {
  this.timeout(60_000); // a sign-in and a report per job, on a machine shared with the other suites
  let h: Hotline;
  let order: { id: number; number: string };
  let returnedOnly: { id: number; name: string };
  before(async function () {
    this.timeout(90_000);
    h = await hotline();
    await h.travel('2036-04-03T10:00:00+08:00');
    await dispatched(h, { title: uniq('上月同期') });
    await h.travel('2036-05-04T10:00:00+08:00');
    order = await dispatched(h, { title: uniq('下钻工单') });
    await dispatched(h, { title: uniq('本月') });
    // A department sent one order and returning it, approved: it received nothing.
    const dept = await makeDepartment();
    returnedOnly = { id: dept.id, name: dept.name };
    const handler = (await signedIn('handler', dept.id)).api;
    const t = await createTicket(h.operator);
    const d = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: dept.id }),
    );
    await ok(handler.post(`/api/v1/tickets/${t.id}/return`, { version: d.version, reason: '不属于本单位职责' }));
    const req = (await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).requests.find((r: any) => r.kind === 'return');
    await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/returns/${req.id}/decision`, { approve: true }));
  });
  // Every job on the morning of 6 May (the clock goes back to real time after each test).
  beforeEach(() => h.travel('2036-05-06T09:00:00+08:00'));
  after(closeBrowser);

  /** The report tab as a supervisor opens it: the month to date, by the server's date. */
  async function openReport() {
    const opened = await openPage(STAFF);
    await signInAs(opened.page, h.users.supervisor.user.username);
    await opened.page.goto('/supervise#report');
    try {
      await opened.page.waitForFunction(
        () => document.querySelector('#report-period')?.textContent?.includes('2036-05-01'),
        null,
        { timeout: 20_000 },
      );
    } catch (err) {
      await screenshot(opened.page, 'supervisor-report-failed');
      throw err;
    }
    return opened;
  }

  it('opens the order behind a drilled-down row', async () => {
    const { context, page, errors } = await openReport();
    try {
      await page.click(`[data-drill="${h.dept.id}:received"]`);
      const row = page.locator(`#drill tr:has-text("${order.number}")`);
      await row.waitFor();
      await screenshot(page, 'supervisor-report-drill');
      const [ticket] = await Promise.all([context.waitForEvent('page'), row.locator('td').nth(1).click()]);
      await ticket.waitForFunction(
        (n) =>
          (document.body.textContent?.includes(n) && document.body.dataset.ready !== undefined) ||
          document.querySelector('#main')?.textContent?.includes(n),
        order.number,
      );
      expect(new URL(ticket.url()).pathname).to.equal(`/tickets/${order.id}`);
      await screenshot(ticket, 'supervisor-report-drill-order');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('shows "—", not 100%, for the return rate of a department that received nothing', async () => {
    const { context, page, errors } = await openReport();
    try {
      expect(await cell(page, returnedOnly.name, '受理量')).to.match(/^0/);
      expect(await cell(page, returnedOnly.name, '退单率')).to.match(/^—/);
      expect(await cell(page, returnedOnly.name, '办结率')).to.match(/^—/);
      expect(await cell(page, h.dept.name, '退单率')).to.match(/^0\.0%/);
      await screenshot(page, 'supervisor-report-zero-received');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it(
    'says what the month-on-month change compares: the ' + 'month to date with the same days of the month before',
    async () => {
      const { context, page, errors } = await openReport();
      try {
        const period = await page.textContent('#report-period');
        expect(period).to.include('2036-05-01 至 2036-05-06').and.include('上月同期 2036-04-01 至 2036-04-06');
        expect(period).to.include('百分点').and.include('件数');
        // Two received this month to date against one on the same days of April: +1, in orders.
        expect(await cell(page, h.dept.name, '受理量')).to.equal('2环比 +1 件');
        expect(await cell(page, h.dept.name, '办结率')).to.match(/环比 (—|[+-]?\d+\.\d 个百分点)$/);
        await screenshot(page, 'supervisor-report-mom');
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    },
  );

  it('prints the bulletin of the month under way as "to date", with changes that say their unit', async () => {
    const { context, page, errors } = await openReport();
    try {
      expect(await page.getAttribute('#bulletin-link', 'href')).to.equal('/bulletin?month=2036-05');
      await page.goto('/bulletin?month=2036-05');
      await page.waitForSelector('#bulletin');
      expect(await page.textContent('#to-date')).to.include('截至5月6日');
      expect(await page.textContent('#bulletin-meta'))
        .to.include('2036-05-01 至 2036-05-06')
        .and.include('上月同期 2036-04-01 至 2036-04-06');
      const orders = (await page.textContent('#orders-text'))!;
      expect(orders).to.match(/受理工单 \d+ 件（环比 [+-]?\d+ 件(，[+-]?\d+\.\d%)?）/);
      expect(await page.textContent('#calls-text')).to.include('本月截至5月6日');
      await screenshot(page, 'supervisor-bulletin-to-date');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
