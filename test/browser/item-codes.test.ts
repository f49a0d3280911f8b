import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { signedIn } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';

// 事项编码 on the catalogue page (docs/rules/catalogue.md "Item codes"): the administrator reads each category's item
// code in the tree, changes one in place, is told a bad one is refused, and finds the saved one after a reload.
describe('item codes on the catalogue page (browser)', () => {
  after(closeBrowser);

  it("an administrator edits a category's 事项编码 and sees it saved", async function () {
    this.timeout(120_000);
    const { services } = await testApp();
    const unit = await services.departments.create({ name: '江城市城市管理委员会', group: '市直部门' });
    const csv = [
      'code,name,parent_code,responsible_unit,duty_basis,severity_tier,item_code',
      '03,市容环境,,,,,',
      `0301,占道经营,03,${unit.name},,normal,115101000000-0301`,
      `0302,噪音扰民,03,${unit.name},,normal,`,
    ].join('\n');
    await services.catalogue.import(null, { csv });
    const { user } = await signedIn('admin');
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, user.username);
      await page.waitForSelector('#departments-form');
      await page.click('#tab-catalogue');
      const row = (code: string) => page.locator(`#catalogue-entries tr[data-code="${code}"]`);
      await page.waitForSelector('#catalogue-entries tr[data-code="0301"]');
      expect(await row('0301').locator('td.item-code .code').textContent()).to.equal('115101000000-0301');
      expect(await row('0302').locator('td.item-code .code').textContent()).to.equal('');

      // A bad code: the server's reason beside the field, nothing saved.
      await row('0302').locator('td.item-code button').click();
      const field = row('0302').locator('td.item-code input');
      await field.fill('噪音-01');
      await row('0302').locator('td.item-code button[type=submit]').click();
      await row('0302').locator('td.item-code [role=alert]:not(:empty)').waitFor();
      expect(await row('0302').locator('td.item-code [role=alert]').textContent()).to.include('事项编码');

      await field.fill('115101000000-0302');
      await row('0302').locator('td.item-code button[type=submit]').click();
      const toast = await page.waitForSelector('.toast.ok');
      expect(await toast.textContent()).to.include('115101000000-0302');
      await row('0302').locator('td.item-code .code').waitFor();
      expect(await row('0302').locator('td.item-code .code').textContent()).to.equal('115101000000-0302');
      await screenshot(page, 'admin-catalogue-item-codes');

      // Saved: the category says so, and the page after a reload.
      const categories = await services.categories.list();
      expect(categories.find((c) => c.code === '0302')!.item_code).to.equal('115101000000-0302');
      await page.reload();
      await page.click('#tab-catalogue');
      await page.waitForSelector('#catalogue-entries tr[data-code="0302"] td.item-code .code:has-text("-0302")');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
