// An operator calling residents back, in Chromium at 1366x768: returning missed calls (回拨) and the callback on a
// replied order (回访), as the operator does them on the console.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { uniq } from '../helpers/factories.ts';
import { ctiClient, newPhone } from '../helpers/calls.ts';
import { anonymous } from '../helpers/reviews.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { clock } from '../../server/lib/clock.ts';

const STAFF = { width: 1366, height: 768 };
const rnd = (n: number) => Math.floor(Math.random() * n);
/** A moment long before anything else the suites write: what it makes heads the oldest-first queues. */
const longAgo = (year: number) => `${year}-0${1 + rnd(9)}-1${rnd(9)}`;

describe('operator calls residents back (browser)', () => {
  after(closeBrowser);

  /** A replied order at an early moment, so it heads the 待回访 list (oldest reply first) whatever else waits. */
  async function repliedEarly(h: Hotline, title: string) {
    await h.travel(`2026-01-${String(5 + rnd(20)).padStart(2, '0')}T09:${String(10 + rnd(40))}:00+08:00`);
    return replied(h, { title });
  }

  async function openCallback(page: Page, ticketId: number) {
    await page.click('#tab-callback');
    await page.click(`#callback tr[data-key="${ticketId}"]`);
    await page.waitForSelector('#callback .detail form[data-action=callback]');
  }

  it('records a failed attempt to return a missed call: it stays in the queue and shows the attempt', async () => {
    const h = await hotline();
    const cti = await ctiClient(h);
    const missed = await ok(
      cti.post({
        caller_phone: newPhone(),
        started_at: `${longAgo(1990)}T08:00:00+08:00`,
        answered: false,
        wait_s: 40,
        talk_s: 0,
      }),
      201,
    );
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.click('#tab-missed');
      await page.click(`#missed tr[data-key="${missed.callback_id}"]`);
      await page.waitForSelector('#missed .dial');
      const form = '#missed form[data-action=missed-attempt]';
      await page.click(`${form} button[type=submit]`);
      expect(await (await page.waitForSelector(`${form} .field-error`)).textContent()).to.include('请选择未接通的原因');
      await page.check(`${form} input[name=reason][value=no_answer]`);
      await page.fill(`${form} [name=note]`, '响铃一分钟无人接');
      await page.click(`${form} button[type=submit]`);
      await page.waitForSelector('.toast.ok:has-text("已记录未接通")');
      // The queue still holds it, with the attempt; the pane lists who tried when and why.
      const row = await page.waitForSelector(`#missed tr[data-key="${missed.callback_id}"] [data-attempts="1"]`);
      expect(await row.textContent()).to.include('无人接听');
      const attempt = await page.waitForSelector('#missed .detail ol.attempts li');
      expect(await attempt.textContent())
        .to.include('无人接听')
        .and.include(h.users.operator.user.display_name)
        .and.include('响铃一分钟无人接');
      await screenshot(page, 'operator-missed-attempt');
      const { services } = await testApp();
      expect(await services.db('missed_call_callbacks').where({ id: missed.callback_id }).first()).to.include({
        status: 'open',
      });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('marks a missed call not called back within the limit as overdue, and not one still within it', async () => {
    const h = await hotline();
    const cti = await ctiClient(h);
    const day = longAgo(1991);
    const late = await ok(
      cti.post({
        caller_phone: newPhone(),
        started_at: `${day}T07:00:00+08:00`,
        answered: false,
        wait_s: 40,
        talk_s: 0,
      }),
      201,
    );
    const fresh = await ok(
      cti.post({
        caller_phone: newPhone(),
        started_at: `${day}T09:30:00+08:00`,
        answered: false,
        wait_s: 40,
        talk_s: 0,
      }),
      201,
    );
    // 3 hours after the first miss, 30 minutes after the second; the limit is 2 hours
    await h.travel(`${day}T10:00:00+08:00`);
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.click('#tab-missed');
      const lateRow = await page.waitForSelector(`#missed tr[data-key="${late.callback_id}"]`);
      expect(await lateRow.getAttribute('class')).to.include('card-red');
      expect(await (await lateRow.$('[data-overdue]'))!.textContent()).to.equal('超时未回拨');
      const freshRow = (await page.$(`#missed tr[data-key="${fresh.callback_id}"]`))!;
      expect(await freshRow.$('[data-overdue]')).to.equal(null);
      expect(await page.textContent('#missed .toolbar .hint')).to.include('2 小时');
      await lateRow.click();
      expect(await (await page.waitForSelector('#missed .detail .due')).textContent()).to.include('超时未回拨');
      await screenshot(page, 'operator-missed-overdue');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('calls a resident back with the three questions, which close the order', async () => {
    const h = await hotline();
    const t = await repliedEarly(h, uniq('回访三问'));
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await openCallback(page, t.id);
      // Not rated yet: the reply's single-use link, to read out or text (the public look-up does not show it).
      const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
      await page.waitForSelector('#callback .detail [data-rating-link]:not([hidden])');
      expect(await page.textContent('#callback .detail [data-rating-link]'))
        .to.include('群众尚未评价')
        .and.include(`/rate/${token}`);
      const form = '#callback .detail form[data-action=callback]';
      await page.click(`${form} button[type=submit]`);
      await page.waitForSelector(`${form} .field-error`);
      expect(await page.locator(`${form} .field-error`).allTextContents()).to.deep.equal([
        '请选择是否联系过',
        '请选择是否解决',
        '请选择评价',
      ]);
      await page.check(`${form} input[name=contacted][value=yes]`);
      await page.check(`${form} input[name=solved][value=partly]`);
      await page.check(`${form} input[name=score][value="4"]`);
      await page.fill(`${form} [name=note]`, '居民说噪音已减少');
      await screenshot(page, 'operator-callback-answers');
      await page.click(`${form} button[type=submit]`);
      await page.waitForSelector('.toast.ok:has-text("回访完成，工单已办结")');
      await page.waitForSelector('#callback .detail .badge.status-closed');
      const { services } = await testApp();
      expect(await services.db('tickets').where({ id: t.id }).first()).to.include({ status: 'closed' });
      const answer = await services.db('ticket_callbacks').where({ ticket_id: t.id }).first();
      expect(answer).to.include({ outcome: 'answered', solved: 'partly' });
      expect(Boolean(answer.contacted)).to.equal(true);
      expect(await services.db('ratings').where({ id: answer.rating_id }).first()).to.include({
        score: 4,
        channel: 'callback',
      });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('closes an order as unreachable (联系不上) after three failed callback attempts, without a score', async () => {
    const h = await hotline();
    const t = await repliedEarly(h, uniq('回访未接通'));
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await openCallback(page, t.id);
      const form = '#callback .detail form[data-action=callback-failed]';
      for (const [n, reason] of [
        [1, 'no_answer'],
        [2, 'busy'],
      ] as const) {
        await page.check(`${form} input[name=reason][value=${reason}]`);
        await page.click(`${form} button[type=submit]`);
        await page.waitForSelector(`.toast.ok:has-text("已记录第 ${n} 次未接通")`);
        await page.waitForSelector(`#callback .detail h4 [data-attempts="${n}"]`);
        expect(await page.locator('#callback .detail ol.attempts li').count()).to.equal(n);
      }
      // The list shows the attempts too; the form says the next failure is the last.
      expect(await page.textContent(`#callback tr[data-key="${t.id}"] [data-attempts]`)).to.include('2');
      expect(await page.textContent(`${form} [data-last]`)).to.include('联系不上');
      await screenshot(page, 'operator-callback-attempts');
      await page.check(`${form} input[name=reason][value=wrong_number]`);
      await page.click(`${form} button[type=submit]:has-text("按联系不上办结")`);
      await page.waitForSelector('.toast.ok:has-text("联系不上")');
      await page.waitForSelector('#callback .detail .badge.status-closed');
      expect(await page.textContent('#callback .detail .ev-callback_unreachable')).to.include('联系不上');
      expect(await page.$(`#callback tr[data-key="${t.id}"]`)).to.equal(null);
      const { services } = await testApp();
      expect(await services.db('ratings').where({ ticket_id: t.id })).to.have.length(0);
      expect(await services.db('ticket_callbacks').where({ ticket_id: t.id }).first()).to.include({
        outcome: 'unreachable',
      });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('asks no score of a resident who already rated the order, and says so', async () => {
    const h = await hotline();
    const t = await repliedEarly(h, uniq('回访已评价'));
    const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
    await ok((await anonymous()).post('/api/v1/public/ratings', { token, score: 5, comment: '处理很快' }), 201);
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await openCallback(page, t.id);
      const form = '#callback .detail form[data-action=callback]';
      expect(await page.textContent(`${form} [data-rated]`))
        .to.include('群众已评价（扫码评价')
        .and.include('5 非常满意');
      expect(await page.locator(`${form} input[name=score]`).count()).to.equal(0);
      await page.check(`${form} input[name=contacted][value=yes]`);
      await page.check(`${form} input[name=solved][value=yes]`);
      await screenshot(page, 'operator-callback-rated');
      await page.click(`${form} button[type=submit]`);
      await page.waitForSelector('.toast.ok:has-text("回访完成，工单已办结")');
      const { services } = await testApp();
      expect((await services.db('ratings').where({ ticket_id: t.id })).map((r: any) => r.channel)).to.deep.equal([
        'qr',
      ]);
      const answer = await services.db('ticket_callbacks').where({ ticket_id: t.id }).first();
      expect(answer).to.include({ solved: 'yes', rating_id: null });
      expect(Boolean(answer.rated_before)).to.equal(true);
      expect(errors).to.deep.equal([]);
    } finally {
      clock.reset();
      await context.close();
    }
  });
});
