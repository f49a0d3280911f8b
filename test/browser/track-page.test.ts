import { expect } from 'chai';
import { closeBrowser, openPage, PHONE, screenshot } from './browser.ts';
import { newPhone } from '../helpers/calls.ts';
import { accepted, createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

describe('progress page /track (browser, phone size)', () => {
  let h: Hotline;
  before(async () => { h = await hotline(); });
  after(closeBrowser);

  it('shows the status and the timeline in Chinese after the number and the last 4 digits', async () => {
    const phone = newPhone();
    const t = await accepted(h, { caller_phone: phone });
    await ok(h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution: '已安排维修人员上门处理。' }));
    const { context, page, errors } = await openPage(PHONE);
    try {
      await page.goto(`/track?number=${t.number}`);
      expect(await page.getAttribute('html', 'lang')).to.equal('zh-CN');
      expect(await page.inputValue('#number')).to.equal(t.number);
      await page.fill('#last4', phone.slice(-4));
      await page.click('#submit');
      await page.waitForSelector('#result:not([hidden])');
      expect(await page.textContent('#status')).to.include('已答复');
      expect(await page.textContent('#facts')).to.include(h.dept.name).and.include(t.number);
      const steps = await page.locator('#timeline li span').allTextContents();
      // Newest first.
      expect(steps).to.deep.equal(['承办单位已答复', '承办单位已签收，正在办理', `已转交${h.dept.name}办理`, '工单已受理']);
      expect(await page.textContent('#timeline')).to.include('已安排维修人员上门处理。');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
      const box = await page.locator('#submit').boundingBox();
      expect(box!.height).to.be.at.least(44);
      await screenshot(page, 'track-page-result');
      // The reply is not rated yet: a tap leads to the rating page.
      expect(await page.textContent('#rate')).to.equal('评价本次服务');
      await page.click('#rate');
      await page.waitForURL(/\/rate\//);
      await page.waitForSelector('text=非常满意');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('says the same plain thing for a wrong number and a wrong phone, and checks the input first', async () => {
    const phone = newPhone();
    const t = await createTicket(h.operator, { caller_phone: phone });
    const { context, page } = await openPage(PHONE);
    try {
      await page.goto('/track');
      await page.fill('#number', '123');
      await page.click('#submit');
      expect(await page.textContent('#error')).to.equal('请输入 14 位工单编号');
      await page.fill('#number', t.number);
      await page.fill('#last4', phone.slice(-4) === '0000' ? '1111' : '0000');
      await page.click('#submit');
      await page.waitForFunction(() => document.getElementById('error')!.textContent !== '');
      const wrongPhone = await page.textContent('#error');
      await page.fill('#number', '20000101000001');
      await page.fill('#last4', phone.slice(-4));
      await page.click('#submit');
      await page.waitForFunction((before) => document.getElementById('error')!.textContent !== '' && document.getElementById('submit')!.textContent === '查询', wrongPhone);
      expect(await page.textContent('#error')).to.equal(wrongPhone);
      expect(wrongPhone).to.include('未查到该工单');
      expect(await page.isHidden('#result')).to.equal(true);
    } finally {
      await context.close();
    }
  });

  it('leads a merged order to the one it joined', async () => {
    const phone = newPhone();
    const target = await createTicket(h.operator);
    const own = await createTicket(h.operator, { caller_phone: phone });
    await ok(h.operator.post(`/api/v1/tickets/${own.id}/merge`, { version: own.version, into_ticket_id: target.id }));
    const { context, page } = await openPage(PHONE);
    try {
      await page.goto('/track');
      await page.fill('#number', own.number);
      await page.fill('#last4', phone.slice(-4));
      await page.click('#submit');
      await page.waitForSelector('#result:not([hidden])');
      expect(await page.textContent('#merged')).to.include(target.number);
      expect(await page.textContent('#status')).to.include('已受理');
    } finally {
      await context.close();
    }
  });
});
