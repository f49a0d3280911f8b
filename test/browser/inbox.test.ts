import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { uniq } from '../helpers/factories.ts';
import { accepted, dispatched, hotline, ok } from '../helpers/tickets.ts';
import { testApp } from '../helpers/test-app.ts';

describe('department inbox (browser)', () => {
  after(closeBrowser);

  it('lets a handler sign an order and reply to it, with the timeline growing', async () => {
    const h = await hotline();
    const t = await dispatched(h, { title: uniq('楼道灯损坏') });
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.handler.user.username);
      await page.waitForURL(/\/inbox/);
      // 待签收 is the first tab; the order is there with its deadlines.
      const row = await page.waitForSelector(`#orders tr[data-key="${t.id}"]`);
      expect(await row.textContent()).to.include(t.number);
      expect(await page.textContent('[data-count=sign]')).to.equal('1');
      await row.click();
      await page.click('.ticket [data-action=sign]');
      expect(await (await page.waitForSelector('.toast.ok')).textContent()).to.equal('已签收');
      // Signed: it left 待签收, and the pane now offers the reply.
      await page.waitForSelector(`#orders tr[data-key="${t.id}"]`, { state: 'detached' });
      await page.fill('form[data-action=reply] [name=resolution]', '已联系物业更换楼道灯，群众确认已恢复照明。');
      await page.click('form[data-action=reply] button[type=submit]');
      await page.waitForSelector('.ticket .badge.status-replied');
      expect(await page.textContent('.ticket .timeline')).to.include('答复');
      const { services } = await testApp();
      const after = await services.db('tickets').where({ id: t.id }).first();
      expect(after).to.include({ status: 'replied', resolution: '已联系物业更换楼道灯，群众确认已恢复照明。' });
      await screenshot(page, 'inbox-replied');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it(
    "asks for an extension: the server's limit shows on " + 'the field, then the request waits for a supervisor',
    async () => {
      const h = await hotline();
      const t = await accepted(h, { title: uniq('需现场勘查') });
      const { context, page, errors } = await openPage();
      try {
        await signInAs(page, h.users.handler.user.username);
        await page.click('#tab-handle');
        await page.click(`#orders tr[data-key="${t.id}"]`);
        await page.click('.ticket [data-action=extension]');
        await page.fill('dialog [name=days]', '12');
        await page.fill('dialog [name=reason]', '需协调多个部门现场勘查');
        await page.click('dialog [data-submit]');
        await page.waitForSelector('dialog [name=days][aria-invalid=true]');
        expect(await page.textContent('dialog .field-error')).to.include('延期最多 10 个工作日');
        await screenshot(page, 'inbox-extension-refused');
        await page.fill('dialog [name=days]', '5');
        await page.click('dialog [data-submit]');
        await page.waitForSelector('dialog', { state: 'detached' });
        await page.waitForSelector('.ticket .requests .badge.r-pending');
        // One extension per order: the button is gone while this one waits.
        expect(await page.$('.ticket [data-action=extension]')).to.equal(null);
        const detail = await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`));
        expect(detail.requests.map((r: any) => [r.kind, r.status, r.days])).to.deep.equal([
          ['extension', 'pending', 5],
        ]);
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    },
  );

  it("opens the order a supervision mail links to, after signing in, with the handler's actions", async () => {
    const h = await hotline();
    const t = await dispatched(h, { title: uniq('督办邮件') });
    await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/supervise`, { version: t.version, note: '请今日内签收' }));
    const { context, page, errors } = await openPage();
    try {
      await page.goto(`/tickets/${t.id}`);
      await page.waitForURL(/\/\?next=/);
      await page.fill('#username', h.users.handler.user.username);
      await page.fill('#password', 'Passw0rd!test');
      await page.click('#login button[type=submit]');
      await page.waitForURL(new RegExp(`/tickets/${t.id}$`));
      await page.waitForSelector('.ticket .timeline .ev-supervise');
      expect(await page.textContent('.ticket .timeline')).to.include('请今日内签收');
      await page.click('.ticket [data-action=sign]');
      await page.waitForSelector('.ticket .badge.status-accepted');
      await screenshot(page, 'ticket-page');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('says so when someone else changed the order first, and shows it as it is now', async () => {
    const h = await hotline();
    const t = await dispatched(h, { title: uniq('并发签收') });
    const { context, page, errors } = await openPage();
    try {
      // The colleague's change below is made on another instance, whose changes the live feed does not bring: this
      // screen's feed is kept silent, so it still shows the old version when the handler clicks.
      await page.routeWebSocket(/\/api\/v1\/live/, () => {});
      await signInAs(page, h.users.handler.user.username);
      await page.click(`#orders tr[data-key="${t.id}"]`);
      await page.waitForSelector('.ticket [data-action=sign]');
      // A colleague signs it from another screen while this one still shows the old version.
      await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
      await page.click('.ticket [data-action=sign]');
      expect(await (await page.waitForSelector('.toast.error')).textContent()).to.include('工单已被他人修改');
      await page.waitForSelector('.ticket .badge.status-accepted');
      await page.waitForSelector('form[data-action=reply]');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('sorts by deadline and colours overdue orders red', async () => {
    const h = await hotline();
    const { services } = await testApp();
    const late = await dispatched(h, { title: uniq('早单') });
    const soon = await dispatched(h, { title: uniq('晚单') });
    // The earlier order's deadline already passed (as if dispatched long ago).
    const past = '2026-01-05 15:59:59.000';
    await services
      .db('tickets')
      .where({ id: late.id })
      .update({ due_at: past, due_yellow_at: past, sign_deadline_at: past, sign_yellow_at: past });
    const { context, page } = await openPage();
    try {
      await signInAs(page, h.users.handler.user.username);
      await page.waitForSelector(`#orders tr[data-key="${soon.id}"]`);
      const keys = () =>
        page.$$eval('#orders tbody tr', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.key)));
      expect(await keys()).to.deep.equal([late.id, soon.id]); // due_at ascending
      expect(await page.getAttribute(`#orders tr[data-key="${late.id}"]`, 'class')).to.include('card-red');
      await page.click('#orders th [data-sort=due_at]');
      await page.waitForFunction(() => document.querySelector('#orders th[aria-sort=descending]'));
      expect(await keys()).to.deep.equal([soon.id, late.id]);
      await page.click('#tab-red');
      // The list of the tab before stays on screen until the overdue list arrives: wait for the on-time order to go.
      await page.waitForSelector(`#orders tr[data-key="${soon.id}"]`, { state: 'detached' });
      await page.waitForSelector(`#orders tr[data-key="${late.id}"]`);
      expect(await keys()).to.deep.equal([late.id]);
      await screenshot(page, 'inbox-overdue');
    } finally {
      await context.close();
    }
  });
});
