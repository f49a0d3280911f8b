// 热点预警 as a supervisor works it (docs/rules/hot-spots.md "Warnings' life"): the tab of 督办考核 lists the warnings,
// one opened shows its orders; 确认, 交办 to a unit with a note, 办结 with what was done, each answer drawn; a warning
// changed meanwhile by someone else is redrawn with the server's words. The dashboard's panel lists the warnings.
import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs, WALL } from './browser.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok } from '../helpers/tickets.ts';
import { insertWarning, makeAreas } from '../helpers/hotspots.ts';
import { makeDepartment } from '../helpers/factories.ts';
import { localDate } from '../../server/lib/calendar.ts';
import { clock } from '../../server/lib/clock.ts';

describe('surge warnings on the supervisors page and the dashboard (browser)', () => {
  after(closeBrowser);

  it('acknowledges, assigns to a unit and closes a warning, and reads each new state on the page', async () => {
    const { services } = await testApp();
    const h = await hotline();
    const areas = await makeAreas();
    const unit = await makeDepartment();
    const order = await createTicket(h.operator, {
      title: '暖气不热',
      area_unit_id: areas.community.id,
      category_id: areas.category.id,
    });
    const today = localDate(clock.now());
    const id = await insertWarning(services, {
      area_unit_id: areas.street.id,
      category_id: areas.category.id,
      first_day: today,
      last_day: today,
    });
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/supervise#surges');
      expect(await page.textContent('#tab-surges')).to.include('热点预警');
      const row = page.locator(`#surges-tab tr:has-text("${areas.street.name}")`);
      await row.waitFor();
      expect(await row.textContent())
        .to.include(areas.category.name)
        .and.include('待处置');
      await screenshot(page, 'surge-warnings-tab');
      await row.click();
      const card = page.locator(`#surge-detail .surge-card[data-surge-id="${id}"]`);
      await card.locator('[data-surge-status=open]').waitFor();
      expect(await card.locator('.surge-orders a').getAttribute('href')).to.equal(`/tickets/${order.id}`);
      expect(await card.locator('.surge-orders').textContent())
        .to.include(order.number)
        .and.include('暖气不热');

      await card.locator('form[data-action=acknowledge] button[type=submit]').click();
      await card.locator('h3 [data-surge-status=acknowledged]').waitFor();
      expect(await card.locator('.surge-steps').textContent()).to.include(
        `${h.users.supervisor.user.display_name} 确认`,
      );
      // Acknowledged: no 确认 any more.
      expect(await card.locator('form[data-action=acknowledge]').count()).to.equal(0);

      await card.locator('form[data-action=assign] [name=department_id]').selectOption(String(unit.id));
      await card.locator('form[data-action=assign] [name=note]').fill('请排查小区供热管网');
      await card.locator('form[data-action=assign] button[type=submit]').click();
      await card.locator('h3 [data-surge-status=assigned]').waitFor();
      expect(await card.locator('.surge-steps').textContent())
        .to.include(unit.name)
        .and.include('请排查小区供热管网');
      await screenshot(page, 'surge-warning-assigned');

      // Closing without saying what was done: the server's words under the field, nothing changed.
      await card.locator('form[data-action=close] button[type=submit]').click();
      await card.locator('form[data-action=close] .field-error').waitFor();
      expect((await services.db('surge_warnings').where({ id }).first()).status).to.equal('assigned');

      // Another supervisor re-assigns it meanwhile: this page's close is refused (409) and the warning redrawn.
      const now = await ok(h.supervisor.get(`/api/v1/hotspots/warnings/${id}`));
      await ok(
        h.admin.post(`/api/v1/hotspots/warnings/${id}/assign`, { version: now.version, department_id: unit.id }),
      );
      await card.locator('form[data-action=close] [name=resolution]').fill('已协调热力公司');
      await card.locator('form[data-action=close] button[type=submit]').click();
      await page.locator(`#surge-detail .surge-card[data-version="${now.version + 1}"]`).waitFor();
      expect(await page.textContent('#surge-detail .surge-card > .error')).to.equal('该预警已被他人处理，请刷新后重试');

      await card.locator('form[data-action=close] [name=resolution]').fill('已协调热力公司抢修管网，供热恢复正常');
      await card.locator('form[data-action=close] button[type=submit]').click();
      await card.locator('h3 [data-surge-status=closed]').waitFor();
      expect(await card.locator('.surge-steps').textContent()).to.include('已协调热力公司抢修管网，供热恢复正常');
      expect(await card.locator('form').count()).to.equal(0);
      // Closed: gone from the list of those not closed, found under 已办结.
      await row.waitFor({ state: 'detached' });
      await page.selectOption('#surges-tab [name=surge-status]', 'closed');
      await row.waitFor();
      const stored = await services.db('surge_warnings').where({ id }).first();
      expect(stored).to.deep.include({ status: 'closed', resolution: '已协调热力公司抢修管网，供热恢复正常' });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('shows the warnings not closed in the dashboard panel 热点预警', async () => {
    const { services } = await testApp();
    const h = await hotline();
    const areas = await makeAreas();
    // Days after other tests' warnings: this one is among the six shown.
    const id = await insertWarning(services, {
      area_unit_id: areas.community.id,
      category_id: areas.category.id,
      first_day: '2089-06-29',
      last_day: '2089-06-30',
      count: 23,
      baseline: 1.75,
    });
    const { context, page, errors } = await openPage(WALL);
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/dashboard');
      const item = page.locator(`#surges li[data-surge-id="${id}"]`);
      await item.waitFor();
      expect(await page.textContent('.panel.surges h2')).to.equal('热点预警');
      expect(await item.textContent())
        .to.include(`${areas.district.name} / ${areas.street.name} / ${areas.community.name}`)
        .and.include(areas.category.name)
        .and.include('23 件（日常 1.75）')
        .and.include('待处置');
      expect(await page.textContent('#surges-open')).to.match(/^未办结 \d+ 条$/);
      // Acknowledged through the API: the panel follows without a reload.
      await ok(h.supervisor.post(`/api/v1/hotspots/warnings/${id}/acknowledge`, { version: 1 }));
      await page.locator(`#surges li[data-surge-id="${id}"] .state.acknowledged`).waitFor();
      await screenshot(page, 'surge-warnings-dashboard');
      await ok(h.supervisor.post(`/api/v1/hotspots/warnings/${id}/close`, { version: 2, resolution: '已处置' }));
      await item.waitFor({ state: 'detached' });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
