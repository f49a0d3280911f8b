// An administrator's 对接系统 (docs/integration.md "Delivery, signatures and keys") in Chromium: adding a connected
// system and reading its key once, rotating it, and replaying a webhook the system refused, against a real peer.
import { expect } from 'chai';
import { signedIn } from '../helpers/factories.ts';
import { startPeerServer, type TestPeerServer } from '../helpers/peer-server.ts';
import { testApp } from '../helpers/test-app.ts';
import { webhookOutbox } from '../../server/domain/peers/webhook-outbox.ts';
import { clock } from '../../server/lib/clock.ts';
import { closeBrowser, DESKTOP, openPage, screenshot, signInAs } from './browser.ts';

describe('administrator: connected systems (browser)', function () {
  this.timeout(120_000);
  let server: TestPeerServer;
  before(async () => {
    server = await startPeerServer();
  });
  after(async () => {
    await server.close();
    await closeBrowser();
  });

  it('adds a system, reads its key once, rotates it, and replays a refused message (重发)', async () => {
    const s = (await testApp()).services;
    const { user } = await signedIn('admin');
    const { context, page, errors } = await openPage(DESKTOP);
    const code = `province-${process.pid}`;
    try {
      await signInAs(page, user.username);
      await page.waitForSelector('body[data-ready=true]');
      await page.click('#tab-peers');
      const form = page.locator('#peers-form');
      await form.locator('input[name=code]').fill(code);
      await form.locator('input[name=name]').fill('省12345平台');
      await form.locator('select[name=kind]').selectOption('upstream');
      await form.locator('input[name=url]').fill(server.url);
      await form.locator('button[type=submit]').click();

      // The key, shown this once, with its warning.
      const warning = page.locator('#peer-secret-warning');
      await warning.waitFor();
      expect(await warning.textContent()).to.include('无法再次查看');
      const first = { keyId: (await page.locator('#peer-key-id').textContent())!, secret: '' };
      first.secret = (await page.locator('#peer-secret').textContent())!;
      expect(first.secret).to.have.length.of.at.least(40);
      // The key's own dialog: the confirmation before it may still be closing on a loaded machine.
      const keyDialog = page.locator('dialog', { has: page.locator('#peer-secret') });
      await keyDialog.locator('[data-submit]').click();
      const row = page.locator('#peers-list tr', { hasText: code });
      await row.locator(`[data-key-id="${first.keyId}"]`).waitFor();
      expect(await row.textContent())
        .to.include('上级平台')
        .and.include('启用')
        .and.include('当前');
      expect(await page.locator('#peers').textContent(), 'never listed again').not.to.include(first.secret);

      await row.locator(`button[data-rotate="${code}"]`).click();
      await page.locator('dialog [data-submit]').click();
      await page.locator('#peer-secret').waitFor();
      const rotated = {
        keyId: (await page.locator('#peer-key-id').textContent())!,
        secret: (await page.locator('#peer-secret').textContent())!,
      };
      expect(rotated.keyId).to.not.equal(first.keyId);
      await keyDialog.locator('[data-submit]').click();
      await row.locator(`[data-key-id="${first.keyId}"][data-state=grace]`).waitFor();
      await row.locator(`[data-key-id="${rotated.keyId}"][data-state=current]`).waitFor();
      expect(await row.textContent()).to.include('过渡期至');

      // A message the system refuses: listed as failing, replayed from the page, then delivered signed anew.
      server.keys.set(rotated.keyId, rotated.secret);
      const peer = await s.db('peers').where({ code }).first();
      await s.db.transaction((trx) =>
        webhookOutbox.enqueue(
          trx,
          [{ peer, event: 'ticket.replied', payload: { upstream_id: 'U-9', status: 'replied' }, stream: 'ticket:9' }],
          clock.now(),
        ),
      );
      server.refuse(() => true, 422);
      expect((await s.outbox.sendDue()).webhook.failed).to.equal(1);
      server.clear();

      await page.reload();
      await page.waitForSelector('body[data-ready=true]');
      await page.click('#tab-peers');
      const failing = page.locator('#peers-failing tr', { hasText: 'ticket.replied' });
      await failing.waitFor();
      expect(await failing.textContent())
        .to.include('被拒绝')
        .and.include('HTTP 422');
      await screenshot(page, 'peers-admin');
      await failing.locator('button', { hasText: '重发' }).click();
      await page.locator('#peers-failing', { hasText: '没有推送失败的消息' }).waitFor();

      expect((await s.outbox.sendDue()).webhook.sent).to.equal(1);
      const [post] = server.delivered();
      expect(post).to.include({ keyId: rotated.keyId, valid: true, event: 'ticket.replied' });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
