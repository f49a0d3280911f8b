import { expect } from 'chai';
import { closeBrowser, DESKTOP, openPage, screenshot, signInAs } from './browser.ts';
import { newPhone } from '../helpers/calls.ts';
import { createTicket, hotline, type Hotline } from '../helpers/tickets.ts';

// A repeat demand (重复诉求, docs/rules/work-orders.md "Repeat demands") as an operator meets it: the third call
// from one number within 30 days opens with a 重复诉求 badge naming the earlier orders, each a link to its page.
describe('repeat demands (browser)', function () {
  this.timeout(90_000);
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  after(closeBrowser);

  it('shows the badge on the third call and links the earlier orders', async () => {
    const phone = newPhone();
    await h.travel('2032-03-02T09:00:00+08:00');
    const first = await createTicket(h.operator, { caller_phone: phone, title: '小区门口路灯不亮' });
    await h.travel('2032-03-12T09:00:00+08:00');
    const second = await createTicket(h.operator, { caller_phone: phone, title: '小区门口路灯仍不亮' });
    await h.travel('2032-03-20T09:00:00+08:00');
    const third = await createTicket(h.operator, { caller_phone: phone, title: '小区门口路灯一个月没修好' });

    const { page, errors } = await openPage(DESKTOP);
    await signInAs(page, h.users.operator.user.username);
    await page.goto(`/tickets/${third.id}`);
    const line = page.locator('#repeats');
    await line.waitFor();
    expect(await line.locator('.badge').textContent()).to.equal('重复诉求');
    expect(await line.textContent()).to.include('同一来电号码第3次诉求');
    const links = line.locator('a[data-sibling]');
    expect(await links.allTextContents()).to.deep.equal([first.number, second.number]);
    await screenshot(page, 'repeat-demands');

    // A sibling's link opens that order's page, which is not itself a repeat.
    await links.nth(1).click();
    await page.waitForURL(`**/tickets/${second.id}`);
    await page.locator(`.ticket[data-ticket="${second.id}"] .number`, { hasText: second.number }).waitFor();
    expect(await page.locator('#repeats').count()).to.equal(0);
    expect(errors).to.deep.equal([]);
  });
});
