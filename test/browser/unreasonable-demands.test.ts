import { expect } from 'chai';
import { closeBrowser, openPage, PHONE, screenshot, signInAs } from './browser.ts';
import { uniq } from '../helpers/factories.ts';
import { accepted, hotline, ok } from '../helpers/tickets.ts';

// 不合理诉求 as people do it: a handler applies from the order's page on a phone, a supervisor approves it from the
// requests queue, and the month's report lists it.
describe('unreasonable demands (browser)', () => {
  after(closeBrowser);

  it('a handler applies on a phone, a supervisor approves, the report lists it', async () => {
    const h = await hotline();
    const title = uniq('不合理诉求');
    const t = await accepted(h, { title });

    const handler = await openPage(PHONE);
    try {
      const { page } = handler;
      await signInAs(page, h.users.handler.user.username);
      await page.goto(`/tickets/${t.id}`);
      await page.click('.ticket [data-action=unreasonable]');
      const dialog = page.locator('dialog.modal[open]');
      await dialog.locator('[name=kind]').selectOption('repeated');
      expect(await dialog.locator('[name=kind] option:checked').textContent()).to.equal('重复诉求且无新事实理由');
      await dialog.locator('[name=reason]').fill('同一事项已反映多次，均已答复，无新的事实和理由');
      await dialog.locator('[data-submit]').click();
      const state = await page.waitForSelector('[data-request-state=unreasonable]');
      expect(await state.textContent()).to.equal('不合理诉求申请中');
      // Applied: not offered again while it waits.
      expect(await page.$('.ticket [data-action=unreasonable]')).to.equal(null);
      await screenshot(page, 'unreasonable-applied-phone');
      expect(handler.errors).to.deep.equal([]);
    } finally {
      await handler.context.close();
    }

    const supervisor = await openPage();
    try {
      const { page } = supervisor;
      await signInAs(page, h.users.supervisor.user.username);
      await page.waitForURL(/\/supervise/);
      const row = await page.waitForSelector(`#requests tr:has-text("${title}")`);
      expect(await row.textContent()).to.include('重复诉求且无新事实理由');
      await row.click();
      const form = await page.waitForSelector('form.decision[data-kind=unreasonable]');
      expect(await form.textContent()).to.include('同一事项已反映多次');
      await page.fill('form.decision [name=note]', '经核实属重复诉求');
      await page.click('form.decision button[data-approve=true]');
      expect(await (await page.waitForSelector('.toast.ok')).textContent()).to.equal('已同意');
      await page.waitForSelector(`#requests tr:has-text("${title}")`, { state: 'detached' });
      const detail = await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`));
      expect(detail.requests[0]).to.include({ kind: 'unreasonable', status: 'approved' });

      // The report of the month lists it under its unit.
      await page.goto('/supervise#report');
      const listed = await page.waitForSelector(`#unreasonable-report tr:has-text("${t.number}")`);
      const text = await listed.textContent();
      expect(text).to.include(h.dept.name);
      expect(text).to.include(title);
      expect(text).to.include('重复诉求且无新事实理由');
      expect(text).to.include(h.users.supervisor.user.display_name);
      await screenshot(page, 'unreasonable-report');

      // The order's page says it was judged.
      await page.goto(`/tickets/${t.id}`);
      const judged = await page.waitForSelector('[data-request-state=unreasonable]');
      expect(await judged.textContent()).to.equal('已认定不合理诉求');
      expect(supervisor.errors).to.deep.equal([]);
    } finally {
      await supervisor.context.close();
    }
  });
});
