// 12345与110联动 in Chromium, as an operator does it: a call put through to 110 from the call panel and counted in
// today's transfers; an order sent to 110 (联动) read as 已发送, and after 110's signed status post, 已受理 on the
// order's page and in the console's 联动工单 list.
import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { createTestPeer, signedPost } from '../helpers/peers.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline } from '../helpers/tickets.ts';
import { clock } from '../../server/lib/clock.ts';

const STAFF = { width: 1366, height: 768 };

describe('110/119/120/122 linkage (browser)', () => {
  after(closeBrowser);

  it('records a call transferred to 110, counted; sends an order to 110 and follows its status', async function () {
    this.timeout(60_000);
    clock.reset();
    const { services, baseUrl } = await testApp();
    const h = await hotline();
    const p110 = await createTestPeer(services, { kind: 'linkage', partner: '110', url: null });
    const { page, context, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      // The call panel: today's transfers are shown; 转接 110 records the call and counts it.
      const counts = await page.waitForSelector('#transfer-counts[data-total]');
      const before = Number(await counts.getAttribute('data-total'));
      await page.fill('#intake [name=caller_phone]', '13912345678');
      await page.click('#transfer button[data-transfer="110"]');
      await page.waitForSelector('#transfer-said:has-text("转接 110 公安")');
      await page.waitForSelector(`#transfer-counts[data-total="${before + 1}"]`);
      expect(await page.textContent('#transfer-counts'))
        .to.include('今日转接')
        .and.include('110 ');
      const call = await services.db('calls').where({ caller_phone: '13912345678' }).orderBy('id', 'desc').first();
      expect(call.transferred_to).to.equal('110');

      // 联动 on the order's page: 110 chosen, a reason given; the order reads 已发送.
      const t = await createTicket(h.operator, { title: '商铺门前有人持械争吵' });
      await page.goto(`/tickets/${t.id}`);
      await page.click('#linkage button[data-action=linkage]');
      await page.check('dialog input[name=partner][value="110"]');
      await page.fill('dialog [name=reason]', '现场有人持械，需公安到场');
      await page.click('dialog button[type=submit]');
      const sent = await page.waitForSelector('#linkage [data-linkage-status=sent]');
      expect(await sent.textContent()).to.equal('已发送');
      const ref = `LD${t.number}-110-1`;
      await page.waitForSelector(`#linkage tr[data-ref="${ref}"]`);

      // 110 accepts it (signed); the operator reloads the page and reads 已受理 with 110's note.
      const answer = await signedPost(
        baseUrl,
        `/api/v1/linkage/orders/${ref}/status`,
        { status: 'accepted', note: '已派民警前往', at: new Date().toISOString() },
        p110,
        { header: 'peer' },
      );
      expect(answer.status).to.equal(200);
      await page.reload();
      const accepted = await page.waitForSelector('#linkage [data-linkage-status=accepted]');
      expect(await accepted.textContent()).to.equal('已受理');
      expect(await page.textContent(`#linkage tr[data-ref="${ref}"]`)).to.include('已派民警前往');
      await screenshot(page, 'linkage-ticket');

      // The console's 联动工单 list shows it too, filtered to 110.
      await page.goto('/console#linkage');
      await page.selectOption('#linkage-list select[name=partner]', '110');
      const row = await page.waitForSelector(`#linkage-list tr:has-text("${ref}")`);
      expect(await row.textContent())
        .to.include('已受理')
        .and.include(t.number);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
