import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { closeBrowser, openPage, PHONE, screenshot } from './browser.ts';
import { newPhone } from '../helpers/calls.ts';
import { accepted, createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { queryCodeOf } from '../helpers/texts.ts';

describe('progress page /track (browser, phone size)', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  after(closeBrowser);

  it('shows the status and the timeline in Chinese after the number and the texted query code', async () => {
    const phone = newPhone();
    const t = await accepted(h, { caller_phone: phone });
    await ok(
      h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution: '已安排维修人员上门处理。' }),
    );
    const { context, page, errors } = await openPage(PHONE);
    try {
      await page.goto(`/track?number=${t.number}`);
      expect(await page.getAttribute('html', 'lang')).to.equal('zh-CN');
      expect(await page.inputValue('#number')).to.equal(t.number);
      // The text's link fills in the number; the resident types the code the same text carries.
      expect(await page.evaluate(() => document.activeElement?.id)).to.equal('code');
      await page.fill('#code', await queryCodeOf(t.number));
      await page.click('#submit');
      await page.waitForSelector('#result:not([hidden])');
      expect(await page.textContent('#status')).to.include('已答复');
      expect(await page.textContent('#facts'))
        .to.include(h.dept.name)
        .and.include(t.number);
      const steps = await page.locator('#timeline li span').allTextContents();
      // Newest first.
      expect(steps).to.deep.equal([
        '承办单位已答复',
        '承办单位已签收，正在办理',
        `已转交${h.dept.name}办理`,
        '工单已受理',
      ]);
      expect(await page.textContent('#timeline')).to.include('已安排维修人员上门处理。');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
      const box = await page.locator('#submit').boundingBox();
      expect(box!.height).to.be.at.least(44);
      await screenshot(page, 'track-page-result');
      // Replied: the page says how to rate, and offers no rating link (the link reaches the resident by text only).
      expect(await page.isVisible('#rate')).to.equal(true);
      expect(await page.textContent('#rate'))
        .to.include('答复短信中的评价链接')
        .and.include('12345');
      expect(await page.locator('#result a[href*="/rate/"]').count()).to.equal(0);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('says the same plain thing for a wrong number and a wrong code, and checks the input first', async () => {
    const phone = newPhone();
    const t = await createTicket(h.operator, { caller_phone: phone });
    const { context, page } = await openPage(PHONE);
    try {
      await page.goto('/track');
      await page.fill('#number', '123');
      await page.click('#submit');
      expect(await page.textContent('#error')).to.equal('请输入 14 位工单编号');
      await page.fill('#number', t.number);
      const code = await queryCodeOf(t.number);
      // The phone's last four digits are not the code: the page asks for the six digits of the text.
      await page.fill('#code', phone.slice(-4));
      await page.click('#submit');
      expect(await page.textContent('#error')).to.equal('请输入受理短信中的 6 位查询码');
      await page.fill('#code', code === '000000' ? '111111' : '000000');
      await page.click('#submit');
      await page.waitForFunction(() => document.getElementById('error')!.textContent!.includes('未查到'));
      const wrongPhone = await page.textContent('#error');
      await page.fill('#number', '20000101000001');
      await page.fill('#code', code);
      await page.click('#submit');
      await page.waitForFunction(
        (_before) =>
          document.getElementById('error')!.textContent !== '' &&
          document.getElementById('submit')!.textContent === '查询',
        wrongPhone,
      );
      expect(await page.textContent('#error')).to.equal(wrongPhone);
      expect(wrongPhone).to.include('未查到该工单');
      expect(await page.isHidden('#result')).to.equal(true);
    } finally {
      await context.close();
    }
  });

  it(
    'after too many wrong guesses at one order says in words ' +
      'that it is paused and for how long, even for the right digits',
    async () => {
      await h.travel('2032-04-04T09:00:00+08:00');
      const phone = newPhone();
      const t = await createTicket(h.operator, { caller_phone: phone });
      const code = await queryCodeOf(t.number);
      const wrong = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
      const { context, page, errors } = await openPage(PHONE);
      try {
        await page.goto(`/track?number=${t.number}`);
        // Five wrong tries, as someone guessing would type them.
        for (let i = 0; i < 5; i++) {
          await page.fill('#code', wrong(i));
          const answered = page.waitForResponse((r) => r.url().includes('/api/v1/public/tickets/'));
          await page.click('#submit');
          expect((await answered).status()).to.equal(404);
          await page.waitForFunction(() => document.getElementById('submit')!.textContent === '查询');
          expect(await page.textContent('#error')).to.include('多次输错，查询将暂停');
        }
        // Half an hour later the resident types the right digits: still paused, and the page says how long.
        clock.advance(30 * 60_000);
        await page.fill('#code', code);
        const answered = page.waitForResponse((r) => r.url().includes('/api/v1/public/tickets/'));
        await page.click('#submit');
        expect((await answered).status()).to.equal(429);
        await page.waitForFunction(() => document.getElementById('error')!.textContent!.includes('分钟后再试'));
        const said = await page.textContent('#error');
        expect(said).to.include('输错次数过多').and.include('30 分钟后再试').and.include('12345');
        expect(await page.isHidden('#result')).to.equal(true);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
        await screenshot(page, 'track-page-locked');
        // Once the pause is over, the same digits open the order.
        clock.advance(30 * 60_000);
        await page.click('#submit');
        await page.waitForSelector('#result:not([hidden])');
        expect(await page.textContent('#status')).to.include('已受理');
        expect(await page.isHidden('#rate')).to.equal(true); // nothing to rate before the reply
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    },
  );

  it('leads a merged order to the one it joined', async () => {
    const phone = newPhone();
    const target = await createTicket(h.operator);
    const own = await createTicket(h.operator, { caller_phone: phone });
    await ok(h.operator.post(`/api/v1/tickets/${own.id}/merge`, { version: own.version, into_ticket_id: target.id }));
    const { context, page } = await openPage(PHONE);
    try {
      await page.goto('/track');
      await page.fill('#number', own.number);
      await page.fill('#code', await queryCodeOf(own.number));
      await page.click('#submit');
      await page.waitForSelector('#result:not([hidden])');
      expect(await page.textContent('#merged')).to.include(target.number);
      expect(await page.textContent('#status')).to.include('已受理');
    } finally {
      await context.close();
    }
  });
});
