// A resident served by text, on a phone (390x844), with a real SMS gateway of the test's own: the acceptance text's
// link and query code open the order on /track, and the reply text's single-use link rates it once.
import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { newPhone } from '../helpers/calls.ts';
import { TestSmsGateway, smsTestApp } from '../helpers/sms-gateway.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { accepted, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { closeBrowser, openPage, PHONE, screenshot } from './browser.ts';

describe('a resident served by text (browser, phone size, real gateway)', () => {
  const gateway = new TestSmsGateway();
  let app: TestApp & { restore: () => void };
  let h: Hotline;
  let publicUrl: string;

  before(async () => {
    await gateway.start();
    app = await smsTestApp(gateway);
    // The links in the texts lead to this test's service.
    publicUrl = app.services.config.publicUrl;
    app.services.config.publicUrl = app.baseUrl;
    h = await hotline();
  });
  after(async () => {
    app.services.config.publicUrl = publicUrl;
    app.restore();
    await gateway.stop();
    await closeBrowser();
  });

  /** What the gateway received for a number, after the outbox sender's run. */
  async function received(phone: string, template: string) {
    await app.services.outbox.sendDue();
    const posts = gateway.accepted(phone).filter((p) => p.template === template);
    expect(posts, `${template} to ${phone}`).to.have.length(1);
    return posts[0];
  }

  it('opens the order with the texted link and code, and rates it once through the reply text’s link', async () => {
    await h.travel('2031-10-15T10:00:00+08:00'); // a Wednesday morning: no quiet hours
    const phone = newPhone();
    const t = await accepted(h, { caller_phone: phone, title: '楼道照明灯损坏' });
    await ok(
      h.handler.post(`/api/v1/tickets/${t.id}/reply`, {
        version: t.version,
        resolution: '已更换楼道照明灯，经现场测试工作正常。',
      }),
    );
    const acceptance = await received(phone, 'ticket_accepted');
    const code = acceptance.text.match(/查询码(\d{6})/)![1];
    const trackLink = acceptance.text.match(/https?:\/\/\S+\/track\?number=\d{14}/)![0];
    const reply = await received(phone, 'ticket_replied');
    expect(reply.text).to.include('已更换楼道照明灯，经现场测试工作正常。请对办理结果评价：');
    const rateLink = reply.text.match(/https?:\/\/\S+\/rate\/[A-Za-z0-9_-]{24}/)![0];

    const { context, page, errors } = await openPage(PHONE);
    try {
      // The acceptance text's link: the number is filled in, the resident types the code.
      await page.goto(trackLink);
      expect(await page.inputValue('#number')).to.equal(t.number);
      await page.fill('#code', code);
      await page.click('#submit');
      await page.waitForSelector('#result:not([hidden])');
      expect(await page.textContent('#status')).to.include('已答复');
      expect(await page.textContent('#timeline')).to.include('已更换楼道照明灯');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
      await screenshot(page, 'resident-texts-track');

      // The reply text's link: rate, and read the thanks.
      await page.goto(rateLink);
      await page.waitForSelector('#form:not([hidden])');
      expect(await page.textContent('#target')).to.include(t.number);
      await page.click('.level[data-score="5"]');
      await page.click('#submit');
      await page.waitForSelector('#done:not([hidden])');
      expect(await page.textContent('#done')).to.include('感谢您的评价');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
      await screenshot(page, 'resident-texts-rated');
      const ratings = await app.services.db('ratings').where({ ticket_id: t.id });
      expect(ratings.map((r: { score: number }) => r.score)).to.deep.equal([5]);
      // The link is used: opening it again says so.
      await page.goto(rateLink);
      await page.waitForSelector('#notice:not([hidden])');
      expect(await page.textContent('#notice-title')).to.equal('该评价已完成');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
    // Rated: days later no invitation goes.
    clock.set('2031-10-20T10:00:00+08:00');
    await app.services.ratingInvitations.send(clock.now());
    await app.services.outbox.sendDue();
    expect(gateway.accepted(phone).map((p) => p.template)).to.deep.equal(['ticket_accepted', 'ticket_replied']);
  });
});
