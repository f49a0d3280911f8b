// An administrator's 短信 section (docs/rules/messages.md), as they would use it in Chromium: rewording a template,
// reading it back after a reload, and seeing a sent text's delivery receipt from the tests' own gateway.
import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { smsOutbox } from '../../server/domain/sms/sms-outbox.ts';
import { TestSmsGateway, smsTestApp } from '../helpers/sms-gateway.ts';
import { signedIn } from '../helpers/factories.ts';
import { closeBrowser, DESKTOP, openPage, screenshot, signInAs } from './browser.ts';

// 10:00 Beijing time: outside the quiet hours, whenever the suite runs.
const T0 = new Date('2030-08-07T10:00:00+08:00');

describe('administrator: texts (browser)', function () {
  this.timeout(120_000);
  const gateway = new TestSmsGateway();
  let restore = () => {};
  before(() => gateway.start());
  after(async () => {
    restore();
    await gateway.stop();
    await closeBrowser();
    clock.reset();
  });

  it('rewords a template, reads it back, and sees a sent text delivered (已送达)', async () => {
    clock.set(T0);
    const app = await smsTestApp(gateway);
    restore = app.restore;
    const s = app.services;
    const to = '13912345678';
    await s.db.transaction((trx) =>
      smsOutbox.enqueue(
        trx,
        [
          {
            to,
            template: 'sign_reminder',
            params: { number: 'RX1', title: '路灯不亮', department: '城管局', deadline: '明天' },
          },
        ],
        clock.now(),
      ),
    );
    expect((await s.outbox.sendDue()).sms.sent).to.equal(1);
    const [post] = gateway.accepted(to);
    expect((await gateway.receipt(app.baseUrl, post.message_id, 'delivered', T0.toISOString())).status).to.equal(200);

    const { user } = await signedIn('admin');
    const { context, page, errors } = await openPage(DESKTOP);
    try {
      await signInAs(page, user.username);
      await page.waitForSelector('body[data-ready=true]');
      await page.click('#tab-sms');
      const texts = page.locator('#sms-texts tr', { hasText: '139****5678' });
      await texts.waitFor();
      expect(await texts.textContent())
        .to.include('签收提醒（联络员）')
        .and.include('已发送')
        .and.include('已送达');
      expect(await page.locator('#sms').textContent(), 'never the full number').not.to.include(to);

      const form = page.locator('form.sms-template[data-key="red_card"]');
      const wording = '【12345】{department}：工单{number}（{title}）已超期亮红牌，请立即办理。';
      await form.locator('textarea[name=text]').fill('工单{number}超期{code}');
      await form.locator('button[type=submit]').click();
      await form.locator('.field-error').waitFor();
      expect(await form.locator('.field-error').textContent()).to.include('{code}');

      await form.locator('textarea[name=text]').fill(wording);
      await form.locator('button[type=submit]').click();
      await page.locator('form.sms-template[data-key="red_card"] .template-state', { hasText: '已修改' }).waitFor();
      await screenshot(page, 'admin-sms');

      await page.reload();
      await page.waitForSelector('body[data-ready=true]');
      await page.click('#tab-sms');
      const again = page.locator('form.sms-template[data-key="red_card"] textarea[name=text]');
      await again.waitFor();
      expect(await again.inputValue()).to.equal(wording);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
      await s.db('sms_templates').where({ key: 'red_card' }).delete();
    }
  });
});
