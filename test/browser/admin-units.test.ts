// The tree of units on the administration page (docs/rules/units.md), as an administrator uses it in Chromium at
// 1366×768: a street made under a district and a community under the street, each drawn under its parent with its
// kind, and a nesting the tree does not allow refused in words next to the parent chooser; and a district handler's
// inbox listing its street's order, naming the street, with no action of the street's to take.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { signedIn, uniq } from '../helpers/factories.ts';
import { createTicket, ok } from '../helpers/tickets.ts';
import { testApp } from '../helpers/test-app.ts';

const STAFF = { width: 1366, height: 768 };

/** The names of the department rows in the order the page draws them. */
const drawnNames = (page: Page) => page.locator('#departments tbody .unit-name').allTextContents();

async function makeUnit(page: Page, o: { name: string; kind: string; parent?: string; group: string }) {
  await page.fill('#departments-form [name=name]', o.name);
  await page.selectOption('#departments-form [name=kind]', o.kind);
  // The parent chooser indents each unit by its level (full-width spaces); pick by the name.
  if (o.parent) {
    const option = page.locator('#departments-form [name=parent_id] option', { hasText: o.parent });
    await option.waitFor({ state: 'attached' });
    await page.selectOption('#departments-form [name=parent_id]', (await option.getAttribute('value'))!);
  }
  await page.selectOption('#departments-form [name=group]', o.group);
}

describe('the tree of units (browser)', function () {
  this.timeout(120_000);
  after(closeBrowser);

  it('makes a street under a district and a community under it, draws them so, refuses a wrong nesting', async () => {
    const { services } = await testApp();
    const district = await services.departments.create({ name: uniq('东城区'), group: '区县', kind: 'district' });
    const { user } = await signedIn('admin');
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, user.username);
      await page.waitForSelector('body[data-ready=true]');
      await page.click('#tab-departments');
      await page.locator('#departments tr', { hasText: district.name }).waitFor();

      const street = uniq('和平里街道');
      await makeUnit(page, { name: street, kind: 'street', parent: district.name, group: '街道乡镇' });
      await page.fill('#departments-form [name=liaison_mobile]', '139 1000 2001');
      await page.click('#departments-form button[type=submit]');
      const streetRow = page.locator('#departments tr', { hasText: street });
      await streetRow.waitFor();
      expect(await streetRow.textContent())
        .to.include('街道/乡镇')
        .and.include(district.name)
        .and.include('139****2001');

      const community = uniq('和平里七区社区');
      await makeUnit(page, { name: community, kind: 'community', parent: street, group: '社区村' });
      await page.click('#departments-form button[type=submit]');
      await page.locator('#departments tr', { hasText: community }).waitFor();

      // Drawn as a tree: the district, then its street one level in, then the community two levels in.
      const names = await drawnNames(page);
      const at = names.indexOf(district.name);
      expect(names.slice(at, at + 3)).to.deep.equal([district.name, street, community]);
      expect(await page.locator('.unit-name', { hasText: street }).getAttribute('class')).to.include('depth-1');
      expect(await page.locator('.unit-name', { hasText: community }).getAttribute('class')).to.include('depth-2');

      // A community straight under a district is refused, in words beside the parent chooser; nothing is stored.
      const stray = uniq('错挂社区');
      await makeUnit(page, { name: stray, kind: 'community', parent: district.name, group: '社区村' });
      await page.click('#departments-form button[type=submit]');
      await page.waitForSelector('#departments-form [name=parent_id][aria-invalid=true]');
      expect(await page.textContent('#departments-form .field-error')).to.equal(
        '社区/村的上级须为街道/乡镇，不能是区县',
      );
      await screenshot(page, 'admin-units-tree');
      expect((await services.departments.list()).some((d) => d.name === stray)).to.equal(false);
      const stored = (await services.departments.list()).find((d) => d.name === community)!;
      expect(stored).to.include({ kind: 'community', depth: 2, parent_name: street });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it("shows a district's handler its street's order in the inbox, naming the street, to read, not sign", async () => {
    const { services } = await testApp();
    const district = await services.departments.create({ name: uniq('朝阳区'), group: '区县', kind: 'district' });
    const street = await services.departments.create({
      name: uniq('望京街道'),
      group: '街道乡镇',
      kind: 'street',
      parent_id: district.id,
    });
    const operator = (await signedIn('operator')).api;
    const t = await createTicket(operator, { title: uniq('望京西园路灯不亮') });
    await ok(operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: street.id }));
    const { user } = await signedIn('handler', district.id);
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, user.username);
      await page.waitForURL(/\/inbox/);
      const row = page.locator(`#orders tr[data-key="${t.id}"]`);
      await row.waitFor();
      expect(await row.textContent()).to.include(street.name);
      await row.click();
      await page.waitForSelector('.ticket .timeline');
      // The street signs its own order; the district reads it.
      expect(await page.$('.ticket [data-action=sign]')).to.equal(null);
      await screenshot(page, 'inbox-district-street-order');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
