import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { uniq } from '../helpers/factories.ts';
import { hotline, type Hotline } from '../helpers/tickets.ts';
import { createTestPeer, signedPost } from '../helpers/peers.ts';
import { testApp } from '../helpers/test-app.ts';

const STAFF = { width: 1366, height: 768 };

// 状态同步: an order an upstream platform sent down says on its page to whom its changes are posted and how their
// messages stand; the operator reads it after dispatching the order on screen.
describe('status feed on the ticket page (browser)', function () {
  this.timeout(90_000);
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  after(closeBrowser);

  it('shows 状态同步至 the upstream with its messages waiting, then delivered', async () => {
    const { services, baseUrl } = await testApp();
    const peerName = uniq('省12345平台');
    // No url: the sender logs the message and counts it as sent (docs/integration.md).
    const up = await createTestPeer(services, { kind: 'upstream', name: peerName });
    const title = uniq('上级转办：路灯不亮');
    const order = {
      upstream_id: uniq('SJ-'),
      received_at: new Date().toISOString(),
      type: 'complaint',
      title,
      description: '小区门口路灯连续三晚不亮。',
    };
    const made = await signedPost(baseUrl, '/api/v1/upstream/orders', order, up);
    expect(made.status, JSON.stringify(made.body)).to.equal(201);
    const id = made.body.id;

    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.goto(`/tickets/${id}`);
      const form = page.locator('form[data-action=dispatch]');
      await form.waitFor();
      // The upstream's own create is not posted back: nothing to count yet.
      const line = page.locator(`[data-feed="${up.peer.code}"]`);
      expect(await line.textContent())
        .to.include(`状态同步至 ${peerName}`)
        .and.include('已送达 0 条，待发送 0 条');
      await form.locator('select[name=department_id]').selectOption(String(h.dept.id));
      const answered = page.waitForResponse((r) => /\/tickets\/\d+\/dispatch$/.test(r.url()));
      await form.locator('button[type=submit]').click();
      expect((await answered).status()).to.equal(200);
      await page.locator('.ticket .badge.status-dispatched').waitFor();
      await page.locator(`[data-feed="${up.peer.code}"]`, { hasText: '待发送 1 条' }).waitFor();
      await screenshot(page, 'upstream-feed-dispatched');

      await services.outbox.sendDue();
      await page.reload();
      await page.locator(`[data-feed="${up.peer.code}"]`, { hasText: '已送达 1 条，待发送 0 条' }).waitFor();
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
