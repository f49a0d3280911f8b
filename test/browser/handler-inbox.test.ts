// A handler's day in the department inbox (部门工单), done as the handler does it at 1366x768: orders arrive while
// the inbox is open, search, supervised orders, no 退单 past its window, 显示号码 and 已联系 on an order, and no
// number on a confidential one. The server's clock is set per job; the page sees it only through the API.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { uniq } from '../helpers/factories.ts';
import { accepted, createTicket, dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { testApp } from '../helpers/test-app.ts';

const STAFF = { width: 1366, height: 768 };

/** Signs the handler in and waits for the inbox to be live (the hub's first message reached it). */
async function inbox(page: Page, h: Hotline): Promise<void> {
  await signInAs(page, h.users.handler.user.username);
  await page.waitForURL(/\/inbox/);
  await page.waitForSelector('body[data-ready=true][data-live=live]');
}

async function openOrder(page: Page, id: number): Promise<void> {
  await page.click(`#orders tr[data-key="${id}"]`);
  await page.waitForSelector(`.ticket[data-ticket="${id}"] .ticket-actions`);
}

describe('handler inbox journeys (browser)', () => {
  after(closeBrowser);
  let h: Hotline;
  beforeEach(async () => {
    h = await hotline();
    await h.travel('2026-12-07T09:00:00+08:00'); // a Monday
  });

  it('shows an order dispatched while the inbox is open, without a reload, and the tab count grows', async () => {
    const first = await dispatched(h, { title: uniq('已在待签收') });
    const { context, page, errors } = await openPage(STAFF);
    try {
      await inbox(page, h);
      await page.waitForSelector(`#orders tr[data-key="${first.id}"]`);
      expect(await page.textContent('[data-count=sign]')).to.equal('1');
      await page.evaluate(() => {
        (window as any).stillHere = true;
      });
      const t = await dispatched(h, { title: uniq('新派来的工单') });
      const row = await page.waitForSelector(`#orders tr[data-key="${t.id}"]`);
      expect(await row.textContent()).to.include(t.number);
      await page.waitForFunction(() => document.querySelector('[data-count=sign]')?.textContent === '2');
      // Every tab says what it holds: 待签收 2, 办理中, 临期 and 超期 0, 全部 2, 下派给我的, 待审核 and 差评整改 0.
      await page.waitForFunction(() => document.querySelector('[data-count=all]')?.textContent === '2');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('.tabs [data-count]')].every((e) => e.textContent !== ''),
      );
      expect(
        await page.$$eval('.tabs [data-count]', (els) => els.map((e) => [e.getAttribute('data-count'), e.textContent])),
      ).to.deep.equal([
        ['sign', '2'],
        ['handle', '0'],
        ['yellow', '0'],
        ['red', '0'],
        ['all', '2'],
        ['levels', '0'],
        ['review', '0'],
        ['reviews', '0'],
      ]);
      expect(await page.evaluate(() => (window as any).stillHere)).to.equal(true); // the same page: no reload
      await screenshot(page, 'handler-inbox-live');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('finds an order by its number or words with the search box', async () => {
    const wanted = await accepted(h, { title: uniq('小区路灯不亮'), address: '东城区和平里街道青年湖小区7号楼' });
    const other = await dispatched(h, { title: uniq('噪音扰民') });
    const { context, page, errors } = await openPage(STAFF);
    try {
      await inbox(page, h);
      await page.waitForSelector(`#orders tr[data-key="${other.id}"]`);
      await page.fill('#inbox-search', '青年湖');
      await page.waitForSelector(`#orders tr[data-key="${other.id}"]`, { state: 'detached' });
      const row = await page.waitForSelector(`#orders tr[data-key="${wanted.id}"]`);
      expect(await row.textContent()).to.include(wanted.title);
      await page.fill('#inbox-search', wanted.number);
      await page.waitForSelector(`#orders tr[data-key="${wanted.id}"]`);
      expect(await page.$$eval('#orders tbody tr', (rows) => rows.length)).to.equal(1);
      await page.fill('#inbox-search', '没有这样的工单');
      await page.waitForSelector('#orders td.empty');
      expect(await page.textContent('#orders td.empty')).to.equal('没有找到匹配的工单');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('marks a supervised order with 督办 and its deadline', async () => {
    const t = await accepted(h, { type: 'help', title: uniq('督办件') }); // due Monday 14 December
    const plain = await accepted(h, { type: 'help', title: uniq('普通件') });
    await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/supervise`, { version: t.version, note: '请三日内答复' }));
    const { context, page, errors } = await openPage(STAFF);
    try {
      await inbox(page, h);
      await page.click('#tab-handle');
      const mark = await page.waitForSelector(`#orders tr[data-key="${t.id}"] [data-supervised]`);
      expect(await mark.textContent())
        .to.include('督办')
        .and.include('12-14 23:59');
      expect(await page.$(`#orders tr[data-key="${plain.id}"] [data-supervised]`)).to.equal(null);
      await screenshot(page, 'handler-inbox-supervised');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('offers no 退单 on an order past its 2-working-day return window, and offers it on a fresh one', async () => {
    const old = await accepted(h, { title: uniq('周一派单') }); // Monday: the window ends Wednesday 23:59:59
    await h.travel('2026-12-10T09:00:00+08:00'); // Thursday
    const fresh = await dispatched(h, { title: uniq('今天派单') });
    const { context, page, errors } = await openPage(STAFF);
    try {
      await inbox(page, h);
      await openOrder(page, fresh.id);
      await page.waitForSelector('.ticket [data-action=return]');
      await page.click('#tab-handle');
      await openOrder(page, old.id);
      await page.waitForSelector('.ticket form[data-action=reply]');
      expect(await page.$('.ticket [data-action=extension]')).to.not.equal(null);
      expect(await page.$('.ticket [data-action=return]')).to.equal(null);
      expect(await page.textContent('.ticket .ticket-actions')).to.not.include('退单');
      await screenshot(page, 'handler-inbox-no-return');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it("reveals the caller's number (audited) and records the contact in its small form", async () => {
    const t = await dispatched(h, { title: uniq('需联系来电人'), caller_phone: '13698765432' });
    const { services } = await testApp();
    const { context, page, errors } = await openPage(STAFF);
    try {
      await inbox(page, h);
      expect(await page.textContent(`#orders tr[data-key="${t.id}"]`)).to.not.include('13698765432');
      await openOrder(page, t.id);
      expect(await page.textContent('.ticket .facts'))
        .to.include('136****5432')
        .and.not.include('13698765432');
      await page.click('.ticket [data-action=reveal_phone]');
      const phone = await page.waitForSelector('.ticket a.phone');
      expect(await phone.textContent()).to.equal('13698765432');
      expect(await phone.getAttribute('href')).to.equal('tel:13698765432');
      const audit = await services
        .db('audit_log')
        .where({ action: 'reveal_phone', target_type: 'ticket', target_id: t.id });
      expect(audit.map((a) => a.actor_id)).to.deep.equal([h.users.handler.user.id]);

      // The contact opens a small form: now, by phone, reached (each the default), a note.
      await page.click('.ticket [data-action=contact]');
      const form = 'dialog[data-contact-form]';
      await page.waitForSelector(form);
      expect(await page.inputValue(`${form} select[name=means]`)).to.equal('phone');
      expect(await page.textContent(`${form} select[name=means] option:checked`)).to.equal('电话');
      expect(await page.isChecked(`${form} input[name=outcome][value=reached]`)).to.equal(true);
      expect(await page.textContent(form)).to.include('已联系上');
      await page.fill(`${form} textarea[name=note]`, '来电人同意次日上门');
      await screenshot(page, 'handler-contact-form');
      await page.click(`${form} [data-submit]`);
      expect(await (await page.waitForSelector('.toast.ok')).textContent()).to.equal('已记录联系');
      const contacted = await page.waitForSelector('.ticket [data-contacted]');
      expect(await contacted.textContent())
        .to.include('已于')
        .and.include('联系来电人');
      expect(await page.$('.ticket [data-action=contact]')).to.equal(null);
      // The number stays on the order drawn again, with no second reveal.
      expect(await page.textContent('.ticket a.phone')).to.equal('13698765432');
      expect(await services.db('audit_log').where({ action: 'reveal_phone', target_id: t.id })).to.have.length(1);
      // The timeline says how and whether; the attempts are listed on the order.
      expect(await page.textContent('.ticket .timeline'))
        .to.include('联系来电人（电话 · 已联系上）')
        .and.include('来电人同意次日上门');
      expect(await page.textContent('.ticket [data-contacts]')).to.include('电话 · 已联系上');
      const assignment = await services.db('assignments').where({ ticket_id: t.id }).first();
      expect(assignment).to.include({ contact_means: 'phone', contact_outcome: 'reached' });
      expect(assignment.contacted_at).to.not.equal(null);
      await screenshot(page, 'handler-inbox-contacted');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('offers no 显示号码 on a confidential order, whose caller stays hidden', async () => {
    const created = await createTicket(h.operator, {
      title: uniq('保密举报'),
      confidential: true,
      caller_phone: '13511112222',
    });
    const t = await ok(
      h.operator.post(`/api/v1/tickets/${created.id}/dispatch`, { version: created.version, department_id: h.dept.id }),
    );
    const { context, page, errors } = await openPage(STAFF);
    try {
      await inbox(page, h);
      await openOrder(page, t.id);
      await page.waitForSelector('.ticket [data-action=sign]');
      expect(await page.$('.ticket [data-action=reveal_phone]')).to.equal(null);
      const text = await page.textContent('.ticket');
      expect(text).to.include('（保密）').and.not.include('13511112222').and.not.include('135****2222');
      await screenshot(page, 'handler-inbox-confidential');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
