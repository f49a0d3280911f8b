import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { signedIn } from '../helpers/factories.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

const STAFF = { width: 1366, height: 768 };

// June 2037, on the 10th: a district passed one order down to its street, and the street had one of its own. The
// supervisor reads the district's received as its own (1) and, switched to 含下级, with its street (2: the order
// passed down counts once).
describe('the department report by level (browser)', function () {
  this.timeout(90_000);
  let h: Hotline;
  let district: { id: number; name: string };
  let street: { id: number; name: string };

  before(async function () {
    this.timeout(120_000);
    h = await hotline();
    const unit = async (name: string, kind: string, group: string, parent: number | null) =>
      ok(h.admin.post('/api/v1/departments', { name, kind, group, parent_id: parent }), 201);
    district = await unit('报表测试区', 'district', '区县', null);
    street = await unit('报表测试街道', 'street', '街道乡镇', district.id);
    await h.travel('2037-06-08T10:00:00+08:00');
    const districtApi = (await signedIn('handler', district.id)).api;
    const send = async (to: number) => {
      const t = await createTicket(h.operator, { type: 'inquiry' });
      return ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: to }));
    };
    let t = await send(district.id);
    t = await ok(districtApi.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
    await ok(districtApi.post(`/api/v1/tickets/${t.id}/pass-down`, { version: t.version, department_id: street.id }));
    await send(street.id);
  });
  beforeEach(() => h.travel('2037-06-10T09:00:00+08:00'));
  after(closeBrowser);

  it('shows the units as a tree and switches a district to its figures with its units below', async () => {
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/supervise#report');
      const received = async (name: string) => {
        const headers = (await page.locator('#report table').first().locator('thead th').allTextContents()).map((x) =>
          x.trim(),
        );
        const i = headers.indexOf('受理量');
        const row = page.locator(`#report table >> nth=0 >> tbody tr:has-text("${name}")`).first();
        return (await row.locator('td').nth(i).textContent())!.trim();
      };
      await page.locator(`#report tr:has-text("${district.name}")`).first().waitFor();
      // Own figures: the district received one order, the street two (the level and its own order).
      expect(await received(district.name)).to.match(/^1(?!\d)/);
      expect(await received(street.name)).to.match(/^2(?!\d)/);
      // The street is drawn under its district: indented one level, with its kind.
      const streetRow = page.locator(`#report tbody tr:has-text("${street.name}")`).first();
      expect(await streetRow.locator('.unit-name').getAttribute('data-depth')).to.equal('1');
      expect(await streetRow.textContent()).to.include('街道/乡镇');

      const tree = page.waitForResponse((r) => r.url().includes('/reports/departments') && r.url().includes('tree'));
      await page.selectOption('#report-form [name=scope]', 'tree');
      await tree;
      await page.waitForFunction(() => document.querySelector('#report-period')?.textContent?.includes('含下级'));
      // With its street: two orders, the one passed down counted once (its own 1 and the street's 2 would say 3).
      expect(await received(district.name)).to.match(/^2(?!\d)/);
      expect(await received(street.name)).to.match(/^2(?!\d)/);
      // The exports follow the scope switch.
      expect(await page.locator('a[href*="departments.csv"]').getAttribute('href')).to.include('scope=tree');
      await screenshot(page, 'report-levels-tree');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
