// An order passed down (转派) and back up, as the people do it: the district handler signs the hotline's order on
// its page and passes it down to a street; the street handler, on a phone, sees it in the inbox, signs, records the
// contact and replies; the district sees the reply arrive in 待审核 and sends it back with a reason; the street sees
// the order come back and replies again; the district approves and answers the hotline; the order's page shows the
// chain of levels.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { closeBrowser, DESKTOP, openPage, screenshot, signInAs } from './browser.ts';
import { makeDepartment, signedIn, uniq } from '../helpers/factories.ts';
import { districtWithStreet, dispatchedTo, openPhone, pageWidth } from '../helpers/levels.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

/** Clicks and waits for the server's answer to that very request. */
async function clickAndWait(page: Page, selector: string, path: RegExp, how: 'click' | 'tap' = 'click', status = 200) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && path.test(r.url()) && r.status() === status),
    how === 'tap' ? page.tap(selector) : page.click(selector),
  ]);
}

/** Fills a dialog's reason or note and sends it. */
async function answerDialog(page: Page, name: 'reason' | 'note', text: string, path: RegExp) {
  await page.waitForSelector(`dialog.modal textarea[name=${name}]`);
  await page.fill(`dialog.modal textarea[name=${name}]`, text);
  await clickAndWait(page, 'dialog.modal [data-submit]', path);
  await page.waitForSelector('dialog.modal', { state: 'detached' });
}

describe('passing an order down to a street and back (browser)', function () {
  // Two people's pages, step by step, on a machine the other suites share.
  this.timeout(90_000);
  after(closeBrowser);
  let h: Hotline;
  beforeEach(async () => {
    h = await hotline();
    await h.travel('2026-12-07T09:00:00+08:00'); // a Monday
  });

  it('district passes down, street replies from a phone, sent back, replies again, approved', async function () {
    this.timeout(120_000); // two people, eleven steps, on a machine shared with the other suites
    const u = await districtWithStreet();
    const t = await dispatchedTo(h, u.district.id, { title: uniq('小区门口路面塌陷') });
    const { services } = await testApp();
    const desk = await openPage(DESKTOP);
    const phone = await openPhone();
    const d = desk.page;
    const s = phone.page;
    d.setDefaultTimeout(20_000);
    const streetLevel = `li.level[data-department="${u.street.id}"]`;
    try {
      // The district signs on the order's page and passes it down to its street.
      await signInAs(d, u.districtHandler.user.username);
      await d.goto(`/tickets/${t.id}`);
      await d.waitForSelector(`.ticket[data-ticket="${t.id}"] [data-action=sign]`);
      await clickAndWait(d, '.ticket [data-action=sign]', /\/tickets\/\d+\/sign$/);
      await d.click('.ticket [data-action=pass_down]');
      const unit = await d.waitForSelector('dialog.modal select[name=department_id]');
      expect(await unit.textContent())
        .to.include(u.street.name)
        .and.not.include(u.district.name);
      await d.selectOption('dialog.modal select[name=department_id]', String(u.street.id));
      await d.fill('dialog.modal input[name=due_days]', '3');
      await d.fill('dialog.modal textarea[name=note]', '请街道现场核实并设置围挡');
      await clickAndWait(d, 'dialog.modal [data-submit]', /\/pass-down$/);
      await d.waitForSelector(`[data-chain] ${streetLevel} [data-level-status=dispatched]`);
      expect(await d.$$eval('[data-chain] li.level', (els) => els.length)).to.equal(2);
      expect(await d.textContent(`[data-chain] ${streetLevel}`))
        .to.include('下派')
        .and.include('办理时限');
      await screenshot(d, 'pass-down-district-chain');

      // The street, on its phone: the order waits under 下派给我的; sign, contact, reply.
      await signInAs(s, u.streetHandler.user.username);
      await s.waitForSelector('body[data-ready=true][data-live=live]');
      await s.tap(`#levels tr[data-key="${t.id}"]`);
      const mine = `#levels .ticket[data-ticket="${t.id}"] ${streetLevel}`;
      await s.waitForSelector(`${mine} [data-level-action=sign]`);
      await clickAndWait(s, `${mine} [data-level-action=sign]`, /\/levels\/\d+\/sign$/, 'tap');
      // The answer redraws the order: act on what it drew, not on the buttons it replaces (contact is offered
      // before signing too, and a reply typed into the old form is lost with it).
      await s.waitForSelector(`${mine} [data-level-status=accepted]`);
      // 先联系后办理: the contact's small form, sent as it opens (now, by phone, reached).
      await s.tap(`${mine} [data-level-action=contact]`);
      await s.waitForSelector('dialog[data-contact-form] [data-submit]');
      await clickAndWait(s, 'dialog[data-contact-form] [data-submit]', /\/contact$/, 'tap');
      await s.waitForSelector(`${mine} [data-level-action=contact]`, { state: 'detached' });
      await s.fill(`${mine} textarea[name=reply]`, '已设置围挡，待燃气公司抢修。');
      await clickAndWait(s, `${mine} form[data-level-action=reply] button[type=submit]`, /\/reply$/, 'tap');
      await s.waitForSelector(`${mine} [data-level-status=replied]`);
      expect(await pageWidth(s)).to.be.at.most(390);

      // The district's inbox: the reply is in 待审核; it sends it back with a reason.
      await d.goto('/inbox#review');
      await d.waitForSelector('body[data-ready=true][data-live=live]');
      const row = await d.waitForSelector(`#review tr[data-key="${t.id}"]`);
      expect(await row.textContent())
        .to.include(u.street.name)
        .and.include('已设置围挡');
      expect(await d.textContent('[data-count=review]')).to.equal('1');
      await d.click(`#review tr[data-key="${t.id}"]`);
      await d.waitForSelector(`#review ${streetLevel} [data-level-action=send_back]`);
      await screenshot(d, 'pass-down-district-review');
      await d.click(`#review ${streetLevel} [data-level-action=send_back]`);
      await answerDialog(d, 'reason', '围挡不足，请补充警示标志', /\/send-back$/);
      await d.waitForSelector(`#review tr[data-key="${t.id}"]`, { state: 'detached' });

      // The street's phone hears it without a reload: the order is back to reply, with the reason on its timeline.
      await s.waitForSelector(`${mine} form[data-level-action=reply]`);
      expect(await s.textContent(`#levels .ticket[data-ticket="${t.id}"] .timeline`)).to.include('请补充警示标志');
      await s.fill(`${mine} textarea[name=reply]`, '已补充警示标志和夜间警示灯。');
      await clickAndWait(s, `${mine} form[data-level-action=reply] button[type=submit]`, /\/reply$/, 'tap');
      await s.waitForSelector(`${mine} [data-level-status=replied]`);
      await screenshot(s, 'pass-down-street-replied-again');

      // The district: the second reply arrives in 待审核 while it looks; it approves and answers the hotline.
      await d.waitForSelector(`#review tr[data-key="${t.id}"]`);
      await d.click(`#review tr[data-key="${t.id}"]`);
      await d.waitForSelector(`#review ${streetLevel} [data-level-action=approve]`);
      expect(await d.textContent(`#review ${streetLevel}`)).to.include('夜间警示灯');
      await d.click(`#review ${streetLevel} [data-level-action=approve]`);
      await answerDialog(d, 'note', '同意', /\/approve$/);
      await d.waitForSelector(`#review ${streetLevel} [data-level-status=approved]`);
      const answer = `#review .ticket[data-ticket="${t.id}"] form[data-action=reply]`;
      await d.fill(`${answer} textarea[name=resolution]`, '经街道现场处置，已设置围挡和警示标志，燃气公司已抢修。');
      await clickAndWait(d, `${answer} button[type=submit]`, /\/tickets\/\d+\/reply$/);
      const stored = await services.db('tickets').where({ id: t.id }).first('status');
      expect(stored.status).to.equal('replied');

      // The order's page: the chain, the district leading and the street's level approved.
      await d.goto(`/tickets/${t.id}`);
      await d.waitForSelector(`[data-chain] ${streetLevel} [data-level-status=approved]`);
      const district = await d.textContent(`[data-chain] li.level[data-department="${u.district.id}"]`);
      expect(district).to.include(u.district.name).and.include('主办');
      const street = await d.textContent(`[data-chain] ${streetLevel}`);
      expect(street).to.include(u.street.name).and.include('下派').and.include('已通过').and.include('夜间警示灯');
      expect(await d.$(`[data-chain] ${streetLevel}.depth-1`)).to.not.equal(null);
      await screenshot(d, 'pass-down-ticket-chain');

      // A supervisor following the order reads the same chain, with nothing to do on its levels.
      await d.context().clearCookies();
      await signInAs(d, h.users.supervisor.user.username);
      await d.goto(`/tickets/${t.id}`);
      await d.waitForSelector(`[data-chain] ${streetLevel} [data-level-status=approved]`);
      expect(await d.$$eval('[data-chain] li.level', (els) => els.length)).to.equal(2);
      expect(await d.$('[data-chain] [data-level-action]')).to.equal(null);
      expect(desk.errors).to.deep.equal([]);
      expect(phone.errors).to.deep.equal([]);
    } finally {
      await desk.context.close();
      await phone.context.close();
    }
  });

  it('says in its words why a pass-down is refused, and takes an order back from the street', async () => {
    const u = await districtWithStreet();
    const dispatched = await dispatchedTo(h, u.district.id, { title: uniq('占道经营') }); // due 28 December
    await ok(u.districtHandler.api.post(`/api/v1/tickets/${dispatched.id}/sign`, { version: dispatched.version }));
    const { context, page, errors } = await openPage(DESKTOP);
    const streetLevel = `[data-chain] li.level[data-department="${u.street.id}"]`;
    try {
      await signInAs(page, u.districtHandler.user.username);
      await page.goto(`/tickets/${dispatched.id}`);
      await page.click('.ticket [data-action=pass_down]');
      await page.selectOption('dialog.modal select[name=department_id]', String(u.street.id));
      // Thirty working days would end after the district's own deadline: refused beside the field, dialog open.
      await page.fill('dialog.modal input[name=due_days]', '30');
      await clickAndWait(page, 'dialog.modal [data-submit]', /\/pass-down$/, 'click', 400);
      const why = await page.waitForSelector('dialog.modal .field-error');
      expect(await why.textContent()).to.equal('下级办理期限不能晚于本级期限');
      await screenshot(page, 'pass-down-dialog-refused');
      await page.fill('dialog.modal input[name=due_days]', '');
      await clickAndWait(page, 'dialog.modal [data-submit]', /\/pass-down$/);
      await page.waitForSelector(`${streetLevel} [data-level-action=take_back]`);
      expect(await page.$('.ticket [data-action=pass_down]')).to.equal(null); // one level below at a time

      await page.click(`${streetLevel} [data-level-action=take_back]`);
      await answerDialog(page, 'reason', '街道人手不足，由区里直接办理', /\/take-back$/);
      await page.waitForSelector(`${streetLevel} [data-level-status=taken_back]`);
      expect(await page.textContent(streetLevel)).to.include('已收回');
      await page.waitForSelector('.ticket [data-action=pass_down]');
      const todo = await ok(u.streetHandler.api.get('/api/v1/levels?view=todo'));
      expect(todo.total).to.equal(0);
      await screenshot(page, 'pass-down-taken-back');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('shows a co-handling unit its order under 下派给我的, answered to the lead', async () => {
    const co = await signedIn('handler', (await makeDepartment('市直部门')).id);
    const created = await createTicket(h.operator, { type: 'help', title: uniq('井盖缺失') });
    const t = await ok(
      h.operator.post(`/api/v1/tickets/${created.id}/dispatch`, {
        version: created.version,
        department_id: h.dept.id,
        co_department_ids: [co.user.department_id],
      }),
    );
    const { context, page, errors } = await openPage(DESKTOP);
    const mine = `#levels .ticket[data-ticket="${t.id}"] li.level[data-department="${co.user.department_id}"]`;
    page.setDefaultTimeout(20_000);
    try {
      await signInAs(page, co.user.username);
      await page.goto('/inbox#levels');
      const row = await page.waitForSelector(`#levels tr[data-key="${t.id}"]`);
      expect(await row.textContent())
        .to.include('协办')
        .and.include(`来自 ${h.dept.name}`);
      await page.click(`#levels tr[data-key="${t.id}"]`);
      await clickAndWait(page, `${mine} [data-level-action=sign]`, /\/levels\/\d+\/sign$/);
      const form = `${mine} form[data-level-action=reply]`;
      await page.waitForSelector(form);
      expect(await page.textContent(form)).to.include('答复主办单位');
      await page.fill(`${form} textarea[name=reply]`, '已补装井盖。');
      await clickAndWait(page, `${form} button[type=submit]`, /\/reply$/);
      // Its part done, the order leaves the co-unit's list; the co-unit still reads the order it worked, its own
      // step answered with nothing left to do on it, and the lead reads the reply on its level.
      await page.waitForSelector(`#levels tr[data-key="${t.id}"]`, { state: 'detached' });
      await page.waitForSelector(`${mine}:has-text("已补装井盖。")`);
      expect(await page.locator(`${mine} [data-level-action]`).count()).to.equal(0);
      await screenshot(page, 'pass-down-co-answered');
      const lead = await ok(h.handler.get(`/api/v1/tickets/${t.id}`));
      const level = lead.levels.find((l: { role: string }) => l.role === 'co');
      expect(level).to.include({ status: 'replied', reply: '已补装井盖。' });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
