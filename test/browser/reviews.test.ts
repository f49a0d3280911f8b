import { expect } from 'chai';
import { closeBrowser, openPage, PHONE, screenshot, signInAs } from './browser.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { anonymous, makeWindow } from '../helpers/reviews.ts';
import { clock } from '../../server/lib/clock.ts';

const STAFF = { width: 1366, height: 768 };

describe('reviews (好差评) in the browser', () => {
  let h: Hotline;
  const db = async () => (await testApp()).services.db;
  const tokenOf = (x: { rating_url: string }) => x.rating_url.split('/rate/')[1];
  const rate = async (body: Record<string, unknown>) => (await anonymous()).post('/api/v1/public/ratings', body);

  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });
  after(closeBrowser);

  it("takes a resident's bad review from a service hall's address that already gave one (phone)", async () => {
    const w = await makeWindow(h);
    // Another resident in the same hall, behind the same address, gave this window a bad review a moment ago.
    await ok(rate({ token: tokenOf(w), score: 1, reason: '等候时间太长' }), 201);
    const { context, page, errors } = await openPage(PHONE);
    try {
      await page.goto(`/rate/${tokenOf(w)}`);
      await page.waitForSelector('#form:not([hidden])');
      await page.click('.level[data-score="2"]');
      await page.click('#reasons .chip:has-text("办事效率低")');
      await page.fill('#reason-text', '材料跑了三趟还没办完');
      await page.click('#submit');
      await page.waitForSelector('#done:not([hidden])');
      expect(await page.textContent('#done'))
        .to.include('感谢您的评价')
        .and.include('不满意');
      expect(await page.textContent('#done-text')).to.include('整改');
      await screenshot(page, 'reviews-second-bad-review');
      const rows = await (await db())('ratings').where({ window_id: w.id }).orderBy('id');
      expect(rows.map((r: any) => [r.score, r.reason])).to.deep.equal([
        [1, '等候时间太长'],
        [2, '办事效率低；材料跑了三趟还没办完'],
      ]);
      expect(rows.every((r: any) => r.rectification_ticket_id !== null)).to.equal(true);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('keeps what the resident typed when a rating is refused, and says why in words (phone)', async () => {
    const w = await makeWindow(h);
    const { context, page, errors } = await openPage(PHONE);
    try {
      await page.goto(`/rate/${tokenOf(w)}`);
      await page.waitForSelector('#form:not([hidden])');
      await page.click('.level[data-score="1"]');
      await page.fill('#reason-text', '窗口人员午休提前半小时离岗');
      await page.fill('#comment', '希望公示窗口服务时间');
      // Meanwhile the window closes for the day and its code stops taking ratings.
      await ok(h.admin.patch(`/api/v1/windows/${w.id}`, { active: false }));
      await page.click('#submit');
      await page.waitForSelector('#refusal:not([hidden])');
      expect(await page.textContent('#refusal-title')).to.equal('该评价码已停用');
      expect(await page.textContent('#refusal'))
        .to.include('仍保留在本页')
        .and.include('12345');
      // Nothing lost: the form is still there with the stars and both texts.
      expect(await page.isVisible('#form')).to.equal(true);
      expect(await page.inputValue('#reason-text')).to.equal('窗口人员午休提前半小时离岗');
      expect(await page.inputValue('#comment')).to.equal('希望公示窗口服务时间');
      expect(await page.isChecked('.level[data-score="1"] input')).to.equal(true);
      expect(await page.isDisabled('#submit')).to.equal(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
      await screenshot(page, 'reviews-refused-keeps-text');
      expect(await (await db())('ratings').where({ window_id: w.id })).to.have.length(0);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  /** A genuine bad review, then `n` same-score ratings through one window's code within seconds: held. */
  async function burst(score: number, n: number) {
    const w = await makeWindow(h);
    await ok(rate({ token: tokenOf(w), score: 1, reason: '排队太久' }), 201);
    clock.advance(10 * 60_000);
    for (let i = 0; i < n; i++) {
      await ok(rate({ token: tokenOf(w), score }), 201);
      clock.advance(2_000);
    }
    await h.signInAgain();
    return w;
  }

  it(
    'a supervisor confirms a held burst on the supervision ' + "page, and the department's satisfaction takes it in",
    async () => {
      await h.travel('2032-06-15T09:00:00+08:00');
      const w = await burst(5, 6);
      const { context, page, errors } = await openPage(STAFF);
      try {
        await signInAs(page, h.users.supervisor.user.username);
        await page.goto('/supervise#bursts');
        const row = page.locator(`#bursts tr:has-text("${w.name}")`);
        await row.waitFor();
        expect(await row.textContent())
          .to.include('非常满意')
          .and.include('6')
          .and.include(h.dept.name);
        // The tab counts the bursts awaiting a decision, as the home page does.
        const held = await ok(h.supervisor.get('/api/v1/ratings/bursts'));
        expect(Number(await page.textContent('[data-count=bursts]'))).to.equal(held.items.length);
        await row.click();
        await page.waitForSelector('#burst-decision');
        // A reason is asked for first.
        await page.click('#burst-decision button[data-confirm=true]');
        await page.waitForSelector('#burst-decision .field-error, #burst-decision [aria-invalid=true]');
        await page.fill('#burst-decision [name=reason]', '现场核实：上午为老年团体集中办理业务，评价属实');
        expect(await page.textContent('.burst')).to.include('2 分钟内达到 5 条');
        await screenshot(page, 'reviews-burst-detail');
        await page.click('#burst-decision button[data-confirm=true]');
        const result = await page.waitForSelector('.burst-result');
        const text = await result.textContent();
        expect(text).to.include('已确认 6 条评价').and.include(h.dept.name).and.include('0.0% → 85.7%');
        await page.locator(`#bursts tr:has-text("${w.name}")`).waitFor({ state: 'detached' });
        await screenshot(page, 'reviews-burst-confirmed');
        // The department report now counts them: 6 of 7 satisfied on that day.
        const [figures] = (
          await ok(h.supervisor.get('/api/v1/stats/departments?from=2032-06-15&to=2032-06-15'))
        ).filter((r: any) => r.department_id === h.dept.id);
        expect(figures.satisfaction_rate).to.be.closeTo(6 / 7, 1e-9);
        const [audit] = await (
          await db()
        )('audit_log')
          .where({ action: 'rating_burst_confirm' })
          .orderBy('id', 'desc')
          .limit(1);
        expect(JSON.parse(audit.detail).reason).to.equal('现场核实：上午为老年团体集中办理业务，评价属实');
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    },
  );

  it('a supervisor voids a held burst on the supervision page, and the figures stay as they were', async () => {
    await h.travel('2032-06-16T09:00:00+08:00');
    const w = await burst(5, 8);
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/supervise#bursts');
      const row = page.locator(`#bursts tr:has-text("${w.name}")`);
      await row.waitFor();
      await row.click();
      await page.fill('#burst-decision [name=reason]', '同一手机 16 秒内连续提交 8 次，属刷评');
      await page.click('#burst-decision button[data-confirm=false]');
      const text = await (await page.waitForSelector('.burst-result')).textContent();
      expect(text).to.include('已作废 8 条评价').and.include('0.0% → 0.0%');
      await page.locator(`#bursts tr:has-text("${w.name}")`).waitFor({ state: 'detached' });
      await screenshot(page, 'reviews-burst-voided');
      const rows = await (await db())('ratings').where({ window_id: w.id, score: 5 });
      expect(rows.map((r: any) => [Boolean(r.voided), r.flag_state])).to.deep.equal(Array(8).fill([true, 'voided']));
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it("shows the resident (市民) on a ticket's timeline, never a raw key", async () => {
    const t = await replied(h);
    const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
    await ok(rate({ token, score: 4 }), 201);
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.goto(`/tickets/${t.id}`);
      const rated = page.locator('.timeline .ev-rated');
      await rated.waitFor();
      expect(await rated.textContent())
        .to.include('收到评价')
        .and.include('市民');
      const timeline = await page.textContent('.timeline');
      expect(timeline).to.not.match(/role\.|event\.|status\./);
      await screenshot(page, 'reviews-timeline-words');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
