import { expect } from 'chai';
import { closeBrowser, openPage, PHONE, screenshot } from './browser.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { makeWindow } from '../helpers/reviews.ts';

describe('rating page /rate/:token (browser, phone size)', () => {
  let h: Hotline;
  const db = async () => (await testApp()).services.db;

  before(async () => {
    h = await hotline();
  });
  after(closeBrowser);

  it('rates a replied ticket with one tap and a submit, then thanks the resident', async () => {
    const t = await replied(h);
    const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
    const { context, page, errors } = await openPage(PHONE);
    try {
      await page.goto(`/rate/${token}`);
      await page.waitForSelector('#form:not([hidden])');
      expect(await page.getAttribute('html', 'lang')).to.equal('zh-CN');
      const levels = await page.locator('#levels .level .name').allTextContents();
      expect(levels).to.deep.equal(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
      expect(await page.textContent('#target'))
        .to.include(t.number)
        .and.include(h.dept.name);
      expect(await page.isDisabled('#submit')).to.equal(true);
      // Fits the phone: nothing wider than the screen, choices big enough for a thumb.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
      const box = await page.locator('.level[data-score="4"]').boundingBox();
      expect(box!.height).to.be.at.least(44);
      await page.click('.level[data-score="4"]');
      expect(await page.isHidden('#reason-box')).to.equal(true);
      await page.fill('#comment', '答复很及时，谢谢');
      await screenshot(page, 'rate-page-form');
      await page.click('#submit');
      await page.waitForSelector('#done:not([hidden])');
      expect(await page.textContent('#done'))
        .to.include('感谢您的评价')
        .and.include('满意');
      await screenshot(page, 'rate-page-thanks');
      const rows = await (await db())('ratings').where({ ticket_id: t.id });
      expect(rows.map((r: any) => [r.channel, r.score, r.comment])).to.deep.equal([['qr', 4, '答复很及时，谢谢']]);
      // Opening the link again says it was used, in plain words.
      await page.goto(`/rate/${token}`);
      await page.waitForSelector('#notice:not([hidden])');
      expect(await page.textContent('#notice-title')).to.equal('该评价已完成');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('asks for a reason before it takes a bad rating, from the list or typed', async () => {
    const w = await makeWindow(h);
    const token = w.rating_url.split('/rate/')[1];
    const { context, page, errors } = await openPage(PHONE);
    try {
      await page.goto(`/rate/${token}`);
      await page.waitForSelector('#form:not([hidden])');
      expect(await page.textContent('#target')).to.include(w.name);
      await page.click('.level[data-score="1"]');
      expect(await page.isVisible('#reason-box')).to.equal(true);
      await page.click('#submit');
      expect(await page.textContent('#error')).to.equal('请选择或填写不满意的原因');
      expect(await (await db())('ratings').where({ window_id: w.id })).to.have.length(0);
      await page.click('#reasons .chip:has-text("等候时间太长")');
      await page.fill('#reason-text', '排队一个多小时');
      await screenshot(page, 'rate-page-bad-reason');
      await page.click('#submit');
      await page.waitForSelector('#done:not([hidden])');
      expect(await page.textContent('#done-text')).to.include('整改');
      const [row] = await (await db())('ratings').where({ window_id: w.id });
      expect(row).to.include({ score: 1, channel: 'qr', reason: '等候时间太长；排队一个多小时' });
      expect(row.rectification_ticket_id).to.be.a('number');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('tells a forged link apart from an error', async () => {
    const { context, page } = await openPage(PHONE);
    try {
      await page.goto('/rate/w.1.AAAAAAAAAAAAAAAAAAAAAA');
      await page.waitForSelector('#notice:not([hidden])');
      expect(await page.textContent('#notice-title')).to.equal('评价链接无效');
      await screenshot(page, 'rate-page-invalid');
    } finally {
      await context.close();
    }
  });

  it('speaks English on request', async () => {
    const w = await makeWindow(h);
    const { context, page } = await openPage(PHONE, 'en');
    try {
      await page.goto(`/rate/${w.rating_url.split('/rate/')[1]}?lang=en`);
      await page.waitForSelector('#form:not([hidden])');
      expect(await page.locator('#levels .level .name').first().textContent()).to.equal('Very satisfied');
    } finally {
      await context.close();
    }
  });
});
