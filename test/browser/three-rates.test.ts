// A supervisor reads the three rates (响应率, 解决率, 满意率) and the callback rate (回访率) of a department on the
// report page, as counted by hand from two orders (docs/rules/figures.md).
import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { uniq } from '../helpers/factories.ts';
import { dispatched, hotline, ok } from '../helpers/tickets.ts';

describe('the three rates on the report page (browser)', () => {
  after(closeBrowser);

  it('shows 响应率, 解决率, 满意率 and 回访率 of a department', async () => {
    const h = await hotline();
    await h.travel('2036-06-02T09:00:00+08:00'); // a Monday
    type T = { id: number; version: number };
    const act = (api: typeof h.handler, t: T, action: string, body: Record<string, unknown> = {}) =>
      ok(api.post(`/api/v1/tickets/${t.id}/${action}`, { version: t.version, ...body }));
    const reply = (t: T) => act(h.handler, t, 'reply', { resolution: '已处理并答复。' });
    // A: contacted at once, replied, called back: solved, 5. B: not contacted, replied, called back: partly, 2.
    let a = await dispatched(h, { title: uniq('三率甲') });
    let b = await dispatched(h, { title: uniq('三率乙') });
    a = await act(h.handler, a, 'contact', { means: 'phone' });
    a = await reply(await act(h.handler, a, 'sign'));
    b = await reply(await act(h.handler, b, 'sign'));
    await act(h.operator, a, 'callback', { contacted: true, solved: 'yes', score: 5 });
    await act(h.operator, b, 'callback', { contacted: false, solved: 'partly', score: 2, reason: '只解决了一半' });
    // By hand: received 3 (B's reopening too); contacted 1 → 33.3%; solved (2 + 1) / 4 → 75.0%;
    // ratings 5 and 2 → 50.0%; replied A and B, both called back → 100.0%.

    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/supervise#report');
      await page.fill('#report-form [name=from]', '2036-06-01');
      await page.fill('#report-form [name=to]', '2036-06-02');
      await page.click('#report-form button[type=submit]');
      await page.waitForFunction(() => document.querySelector('#report-period')?.textContent?.includes('2036-06-01'));
      const headers = (await page.locator('#report thead th').allTextContents()).map((x) => x.trim());
      const row = page.locator(`#report tbody tr:has-text("${h.dept.name}")`).first();
      const cells = await row.locator('td').allTextContents();
      const read = (name: string) => cells[headers.findIndex((x) => x.startsWith(name))]!.trim();
      expect(read('响应率')).to.match(/^33\.3%/);
      expect(read('解决率')).to.match(/^75\.0%/);
      expect(read('满意率')).to.match(/^50\.0%/);
      expect(read('回访率')).to.match(/^100\.0%/);
      await screenshot(page, 'report-three-rates');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
