import { expect } from 'chai';
import { closeBrowser, openPage, PHONE, screenshot, signInAs } from './browser.ts';
import { makeDepartment, signedIn, uniq } from '../helpers/factories.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { testApp } from '../helpers/test-app.ts';
import { clock } from '../../server/lib/clock.ts';

const STAFF = { width: 1366, height: 768 };

/** Five orders dispatched to a department, the first `signed` of them signed by its handler. */
async function fiveOrders(h: Hotline, departmentId: number, signed: number) {
  const handler = (await signedIn('handler', departmentId)).api;
  for (let i = 0; i < 5; i++) {
    const t = await createTicket(h.operator, { title: uniq('红蓝榜') });
    const d = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: departmentId }),
    );
    if (i < signed) await ok(handler.post(`/api/v1/tickets/${t.id}/sign`, { version: d.version }));
  }
}

/** A department head, with no account, follows the publication mail's link on a phone and reads the lists. */
async function headReadsTheMailedBoard(mailBody: string, group: string, red: string, blue: string) {
  const link = /查看红蓝榜：(\S+)/.exec(mailBody)![1];
  const { context, page, errors } = await openPage(PHONE);
  try {
    await page.goto(new URL(link).pathname + new URL(link).search);
    await page.waitForSelector('#board-title');
    expect(await page.textContent('#board-title')).to.include('2035-02');
    const box = page.locator(`.group[data-group="${group}"]`);
    expect(await box.locator('.list.red').textContent()).to.include(red);
    expect(await box.locator('.list.blue').textContent()).to.include(blue);
    // Nothing on the phone is wider than its screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await screenshot(page, 'public-board-phone');
    // The month under way is not public: the page says so instead of showing a preview.
    await page.goto('/board?month=2035-03');
    await page.waitForSelector('#board-missing');
    expect(await page.textContent('#board-missing')).to.include('尚未发布');
    expect(errors).to.deep.equal([]);
  } finally {
    await context.close();
  }
}

describe('the red/blue board (browser)', () => {
  after(closeBrowser);

  it(
    "a supervisor publishes last month's prepared board and sees " +
      'its lists; the month under way is preview only, with no 发布',
    async function () {
      this.timeout(120_000); // fifteen orders and three handlers first, on a machine shared with the other suites
      const h = await hotline();
      const group = uniq('测试组');
      const [best, middle, worst] = await Promise.all([
        makeDepartment(group),
        makeDepartment(group),
        makeDepartment(group),
      ]);
      // February 2035: three departments of one group with 5 orders each, signed for 5, 3 and 0 of them.
      await h.travel('2035-02-06T10:00:00+08:00');
      await fiveOrders(h, best.id, 5);
      await fiveOrders(h, middle.id, 3);
      await fiveOrders(h, worst.id, 0);
      // 01:00 on 1 March: the board is prepared (what the job does), waiting for a supervisor.
      clock.set('2035-03-01T01:00:00+08:00');
      expect(await (await testApp()).services.leaderboard.prepare('2035-02')).to.equal(true);
      await h.travel('2035-03-02T09:30:00+08:00');
      const { context, page, errors } = await openPage(STAFF);
      try {
        await signInAs(page, h.users.supervisor.user.username);
        await page.goto('/supervise#board');
        // Opens on the month just ended, as the server dates it, waiting to be published.
        await page.waitForFunction(() => document.querySelector('#board-state')?.textContent?.includes('待审核发布'));
        expect(await page.inputValue('#board-form [name=month]')).to.equal('2035-02');
        expect(await page.textContent('[data-count=board]')).to.match(/^[1-9]/);
        const box = page.locator(`.board-group[data-group="${group}"]`);
        expect(await box.locator('.board-list.red li').allTextContents()).to.have.length(1);
        expect(await box.locator('.board-list.red').textContent()).to.include(best.name);
        expect(await box.locator('.board-list.blue').textContent()).to.include(worst.name);
        expect(await box.textContent()).to.not.include('不设红蓝榜');
        await screenshot(page, 'supervisor-board-prepared');

        await page.click('#publish');
        await page.click('dialog [data-submit]');
        await page.waitForSelector('#board-state .r-approved');
        expect(await page.textContent('#board-state')).to.include('已于 2035-03-02 09:30 发布');
        expect(await page.$('#publish')).to.equal(null);
        expect(await box.locator('.board-list.red').textContent()).to.include(best.name);
        expect(await box.locator('.board-list.blue').textContent()).to.include(worst.name);
        expect(await box.locator('.board-list.blue').textContent()).to.not.include(middle.name);
        const board = await ok(h.supervisor.get('/api/v1/leaderboards/2035-02'));
        expect(board).to.include({
          status: 'published',
          published_at: new Date('2035-03-02T09:30:00+08:00').toISOString(),
        });
        // Department heads are mailed a link to the board.
        const mail = await (
          await testApp()
        ).services
          .db('outbox')
          .where({ dedupe_key: `leaderboard:2035-02:${best.id}` })
          .first();
        expect(mail.body).to.include('/board?month=2035-02');
        await screenshot(page, 'supervisor-board-published');
        await headReadsTheMailedBoard(mail.body, group, best.name, worst.name);

        // March has not ended: a preview, and nothing offers to publish it.
        await page.fill('#board-form [name=month]', '2035-03');
        await page.click('#board-form button[type=submit]');
        await page.waitForFunction(() => document.querySelector('#board-state')?.textContent?.includes('本月尚未结束'));
        expect(await page.textContent('#board-state')).to.include('只能预览');
        expect(await page.$('#publish')).to.equal(null);
        expect((await h.supervisor.post('/api/v1/leaderboards/2035-03/publish')).status).to.equal(409);
        await screenshot(page, 'supervisor-board-current-month');
        expect(errors).to.deep.equal([]);
      } catch (err) {
        await screenshot(page, 'supervisor-board-failed');
        throw err;
      } finally {
        await context.close();
      }
    },
  );
});
