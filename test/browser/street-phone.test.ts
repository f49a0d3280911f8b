// A street handler's inbox on a 390x844 phone (touch): the order the district passed down waits under 下派给我的,
// and the handler signs, records the contact with the resident (先联系后办理) and replies to the district from the
// phone, with nothing wider than the screen and every button within a thumb's reach.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { closeBrowser, screenshot, signInAs } from './browser.ts';
import { uniq } from '../helpers/factories.ts';
import {
  communityUnder,
  dispatchedTo,
  districtWithStreet,
  openPhone,
  pageWidth,
  passedDown,
  reachable,
} from '../helpers/levels.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';

const PHONE_WIDTH = 390;

/** Taps a level's button and waits for the server's answer to that very action. */
async function tapAndWait(page: Page, selector: string, path: RegExp, status = 200): Promise<void> {
  expect(await reachable(page, selector), `${selector} within reach`).to.equal(true);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && path.test(r.url()) && r.status() === status),
    page.tap(selector),
  ]);
}

describe('a street handler on a phone (browser)', function () {
  // Two people's pages, step by step, on a machine the other suites share.
  this.timeout(90_000);
  after(closeBrowser);
  let h: Hotline;
  beforeEach(async () => {
    h = await hotline();
    await h.travel('2026-12-07T09:00:00+08:00'); // a Monday
  });

  it('signs, records the contact and replies to the district without scrolling sideways', async () => {
    const u = await districtWithStreet();
    const t = await passedDown(h, u, { title: uniq('楼道堆物占用消防通道') });
    const street = u.street.id;
    const { services } = await testApp();
    const { context, page, errors } = await openPhone();
    try {
      await signInAs(page, u.streetHandler.user.username);
      await page.waitForURL(/\/inbox/);
      await page.waitForSelector('body[data-ready=true][data-live=live]');
      // A street's inbox opens on the orders passed down to it, counted on the tab.
      expect(await page.getAttribute('#tab-levels', 'aria-selected')).to.equal('true');
      const row = await page.waitForSelector(`#levels tr[data-key="${t.id}"]`);
      await page.waitForFunction(() => document.querySelector('[data-count=levels]')?.textContent === '1');
      const text = await row.textContent();
      expect(text).to.include(t.number).and.include(t.title).and.include(`来自 ${u.district.name}`);
      expect(text).to.include('待签收').and.include('办理时限');
      expect(await pageWidth(page)).to.be.at.most(PHONE_WIDTH);
      await screenshot(page, 'street-phone-inbox');

      await page.tap(`#levels tr[data-key="${t.id}"]`);
      const mine = `#levels .ticket[data-ticket="${t.id}"] li.level[data-department="${street}"]`;
      await page.waitForSelector(`${mine} [data-level-action=sign]`);
      expect(await pageWidth(page)).to.be.at.most(PHONE_WIDTH);
      await screenshot(page, 'street-phone-order');
      await tapAndWait(page, `${mine} [data-level-action=sign]`, /\/levels\/\d+\/sign$/);
      await page.waitForSelector(`${mine} [data-level-status=accepted]`);

      // 先联系后办理: the number on request (audited), a tap away from calling, then the contact on the street's level.
      await tapAndWait(page, `${mine} [data-level-action=reveal_phone]`, /\/reveal-phone$/);
      const phone = await page.waitForSelector(`${mine} a.phone`);
      expect(await phone.getAttribute('href')).to.equal('tel:13812341234');
      const audit = await services.db('audit_log').where({ action: 'reveal_phone', target_id: t.id });
      expect(audit.map((a) => a.actor_id)).to.deep.equal([u.streetHandler.user.id]);
      const contact = `#levels .ticket [data-level-action=contact], #levels .ticket .contact [data-action=contact]`;
      await page.waitForSelector(contact);
      // 先联系后办理: the contact's small form on the phone, sent as it opens (now, by phone, reached).
      await page.tap(contact);
      await page.waitForSelector('dialog[data-contact-form] [data-submit]');
      await tapAndWait(page, 'dialog[data-contact-form] [data-submit]', /\/tickets\/\d+\/contact$/);
      // The answer redraws the order: the reply form to use is the one drawn after the contact.
      await page.waitForSelector(`${mine} [data-level-action=contact]`, { state: 'detached' });
      const level = await services.db('assignments').where({ ticket_id: t.id, department_id: street }).first();
      expect(level.contacted_at).to.not.equal(null);

      const form = `${mine} form[data-level-action=reply]`;
      await page.waitForSelector(form);
      // 办结佐证: a photo from the phone's camera, or its photos and files (attachments.test.ts uploads one).
      expect(await page.getAttribute(`${form} input[data-attach=photo]`, 'capture')).to.equal('environment');
      // An empty reply is refused in the page's words, under the field.
      await page.locator(`${form} textarea[name=reply]`).scrollIntoViewIfNeeded();
      await tapAndWait(page, `${form} button[type=submit]`, /\/levels\/\d+\/reply$/, 400);
      expect(await (await page.waitForSelector(`${form} .field-error`)).textContent()).to.equal('不能为空');
      await page.fill(`${form} textarea[name=reply]`, '已清理楼道堆物，消防通道恢复畅通。');
      expect(await pageWidth(page)).to.be.at.most(PHONE_WIDTH);
      await screenshot(page, 'street-phone-reply');
      await tapAndWait(page, `${form} button[type=submit]`, /\/levels\/\d+\/reply$/);
      // Replied: waiting for the district's review, no more reply form.
      await page.waitForSelector(`${mine} [data-level-status=replied]`);
      expect(await page.$(form)).to.equal(null);
      expect(await page.textContent(mine)).to.include('已清理楼道堆物');
      expect(await pageWidth(page)).to.be.at.most(PHONE_WIDTH);
      await screenshot(page, 'street-phone-replied');

      // The order's own page (the address a reminder links to) fits the phone as well, with its chain.
      await page.goto(`/tickets/${t.id}`);
      await page.waitForSelector(`[data-chain] li.level[data-department="${street}"] [data-level-status=replied]`);
      expect(await pageWidth(page)).to.be.at.most(PHONE_WIDTH);
      await screenshot(page, 'street-phone-ticket-page');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('passes the order on down to its community from the phone; the chain shows three levels', async () => {
    const u = await districtWithStreet();
    const { community } = await communityUnder(u.street.id);
    const passed = await passedDown(h, u, { title: uniq('小区绿地毁损') });
    const { context, page, errors } = await openPhone();
    const order = `#levels .ticket[data-ticket="${passed.id}"]`;
    try {
      await signInAs(page, u.streetHandler.user.username);
      await page.tap(`#levels tr[data-key="${passed.id}"]`);
      await tapAndWait(page, `${order} [data-level-action=sign]`, /\/levels\/\d+\/sign$/);
      expect(await reachable(page, `${order} [data-action=pass_down]`)).to.equal(true);
      await page.tap(`${order} [data-action=pass_down]`);
      const unit = await page.waitForSelector('dialog.modal select[name=department_id]');
      expect(await unit.textContent())
        .to.include(community.name)
        .and.not.include(u.street.name);
      await page.selectOption('dialog.modal select[name=department_id]', String(community.id));
      expect(await pageWidth(page)).to.be.at.most(PHONE_WIDTH);
      await screenshot(page, 'street-phone-pass-down');
      await tapAndWait(page, 'dialog.modal [data-submit]', /\/pass-down$/);
      // District 主办 → street 下派 → community 下派, each a step deeper; the street may take it back.
      await page.waitForSelector(`${order} li.level.depth-2[data-department="${community.id}"]`);
      const depths = await page.$$eval(`${order} li.level`, (els) =>
        els.map((e) => [e.getAttribute('data-role'), e.className.match(/depth-(\d)/)?.[1]]),
      );
      expect(depths).to.deep.equal([
        ['main', '0'],
        ['down', '1'],
        ['down', '2'],
      ]);
      expect(await page.$(`${order} li.level[data-department="${community.id}"] [data-level-action=take_back]`)).to.not
        .be.null;
      expect(await page.$(`${order} form[data-level-action=reply]`)).to.equal(null); // its own reply waits for it
      expect(await pageWidth(page)).to.be.at.most(PHONE_WIDTH);
      await screenshot(page, 'street-phone-three-levels');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it("colours a level's row and step by its own card: yellow on its last day, red past it", async () => {
    const u = await districtWithStreet();
    const passed = await passedDown(h, u, { title: uniq('违规停车') }); // the street's reply due Thursday 10 December
    const seen = await ok(u.streetHandler.api.get(`/api/v1/tickets/${passed.id}`));
    const level = seen.levels.find((l: { role: string }) => l.role === 'down');
    const t = await ok(
      u.streetHandler.api.post(`/api/v1/tickets/${passed.id}/levels/${level.id}/sign`, { version: seen.version }),
    );
    const { context, page, errors } = await openPhone();
    const step = `#levels .ticket[data-ticket="${t.id}"] li.level[data-department="${u.street.id}"]`;
    try {
      await h.travel('2026-12-10T09:00:00+08:00');
      await signInAs(page, u.streetHandler.user.username);
      const row = await page.waitForSelector(`#levels tr.card-yellow[data-key="${t.id}"]`);
      expect(await row.textContent()).to.include('临期');
      await h.travel('2026-12-11T09:00:00+08:00');
      await signInAs(page, u.streetHandler.user.username); // a day later the idle session has ended
      await page.waitForSelector(`#levels tr.card-red[data-key="${t.id}"] [data-card=red]`);
      await page.tap(`#levels tr[data-key="${t.id}"]`);
      await page.waitForSelector(`${step}.card-red [data-card=red]`);
      expect(await pageWidth(page)).to.be.at.most(PHONE_WIDTH);
      await screenshot(page, 'street-phone-red-card');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('keeps the other tabs and the header within the phone, in English too', async () => {
    const u = await districtWithStreet();
    await passedDown(h, u, { title: uniq('路灯不亮') });
    const own = await dispatchedTo(h, u.street.id, { title: uniq('Street lamp out') }); // the hotline's, direct
    const { context, page, errors } = await openPhone();
    try {
      await signInAs(page, u.streetHandler.user.username);
      await page.goto('/inbox?lang=en');
      await page.waitForSelector('body[data-ready=true]');
      await page.waitForSelector('#levels tr[data-key]');
      expect(await page.textContent('#tab-levels')).to.include('Passed to us');
      for (const tab of ['review', 'sign', 'all', 'levels']) {
        await page.tap(`#tab-${tab}`);
        await page.waitForSelector(`#tab-${tab}[aria-selected=true]`);
        expect(await pageWidth(page), tab).to.be.at.most(PHONE_WIDTH);
      }
      await page.tap('#tab-sign');
      await page.waitForSelector(`#orders tr[data-key="${own.id}"]`);
      expect(await pageWidth(page)).to.be.at.most(PHONE_WIDTH);
      await screenshot(page, 'street-phone-sign-tab-en');
      await page.tap('#tab-levels');
      await screenshot(page, 'street-phone-inbox-en');
      await page.tap('#levels tr[data-key]');
      const chain = await page.waitForSelector('#levels [data-chain]');
      expect(await chain.textContent())
        .to.include('Chain')
        .and.include('Lead')
        .and.include('Passed down')
        .and.include('To sign');
      expect(await page.textContent('#levels [data-level-action=sign]')).to.equal('Sign');
      expect(await pageWidth(page)).to.be.at.most(PHONE_WIDTH);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
