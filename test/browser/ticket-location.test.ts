// Location on every order (docs/rules/intake.md "Location"), as an operator works it: picks the street in the intake
// form's 所属区域 (indented under its district), registers the order, opens it and reads the area on its page.
import { expect } from 'chai';
import { closeBrowser, openPage, signInAs } from './browser.ts';
import { uniq } from '../helpers/factories.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';

const STAFF = { width: 1366, height: 768 };

describe('location in the intake form (browser)', function () {
  this.timeout(90_000);
  let h: Hotline;
  const district = uniq('浏览区');
  const street = uniq('浏览街道');
  let streetId: number;
  before(async () => {
    h = await hotline();
    const d = await ok(h.admin.post('/api/v1/departments', { name: district, kind: 'district', group: '区县' }), 201);
    const s = await ok(
      h.admin.post('/api/v1/departments', { name: street, kind: 'street', group: '街道乡镇', parent_id: d.id }),
      201,
    );
    streetId = s.id;
  });
  after(closeBrowser);

  it('picks an area, creates the order, and shows the area on its page', async () => {
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.waitForSelector('#intake-form');
      const title = uniq('井盖缺失');
      await page.fill('[name=caller_phone]', '13900003333');
      await page.fill('[name=title]', title);
      await page.fill('[name=description]', '小区门口井盖缺失，夜间危险。');
      await page.fill('[name=address]', '某路 8 号');
      // The street is listed under its district, indented one level.
      const option = page.locator(`#area_unit_id option[value="${streetId}"]`);
      expect(await option.textContent()).to.equal(`\u3000${street}`);
      await page.selectOption('#area_unit_id', String(streetId));
      const created = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/tickets') && r.request().method() === 'POST',
      );
      await page.click('[data-mode=save]');
      const res = await created;
      expect(res.status()).to.equal(201);
      const id = (await res.json()).id;
      await page.locator('.toast.ok', { hasText: '已登记' }).waitFor();
      await page.goto(`/tickets/${id}`);
      const area = page.locator('#ticket-area');
      await area.waitFor();
      expect(await area.textContent()).to.equal(`${district} / ${street}`);
      await page.screenshot({ path: '/tmp/ticket-location.png' });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
