import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { uniq } from '../helpers/factories.ts';
import { hotline, type Hotline } from '../helpers/tickets.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTestPeer, signedPost } from '../helpers/peers.ts';

const STAFF = { width: 1366, height: 768 };

// An order the provincial platform (上级平台) sent down, as the operator meets it: in 待派单 marked as the
// platform's, its page naming the platform, its id and its deadline, and once dispatched due by that deadline
// (sooner than the 15 working days of a complaint). 2018: before any other order of this file's database.
describe('orders from an upstream platform (browser)', function () {
  this.timeout(90_000);
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  after(closeBrowser);

  it("finds the order in 待派单 marked as the upstream's, opens it and dispatches it by its deadline", async () => {
    const { services, baseUrl } = await testApp();
    await h.travel('2018-03-05T09:00:00+08:00');
    const up = await createTestPeer(services, { kind: 'upstream', name: '省12345平台' });
    const title = uniq('省平台转办：占道经营');
    const upstreamId = uniq('SJ20180305-');
    const posted = await signedPost(
      baseUrl,
      '/api/v1/upstream/orders',
      {
        upstream_id: upstreamId,
        received_at: '2018-03-05T08:30:00+08:00',
        type: 'complaint',
        title,
        description: '来电人反映小区门口每天早上有流动摊贩占道经营，影响通行。',
        address: '东城区和平里七区',
        due_at: '2018-03-07T17:00:00+08:00',
      },
      up,
    );
    expect(posted.status, JSON.stringify(posted.body)).to.equal(201);
    const id = posted.body.id;

    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.waitForSelector('#intake-form');
      await page.click('#tab-queue');
      const row = page.locator(`#queue tr[data-key="${id}"]`);
      await row.waitFor();
      expect(await row.locator('.badge.upstream').textContent()).to.equal('上级平台：省12345平台');
      expect(await row.locator('.upstream-mark').textContent())
        .to.include(upstreamId)
        .and.include('03-07 17:00');
      expect(await row.textContent()).to.include('上级转办');
      await screenshot(page, 'upstream-orders-queue');

      await row.click();
      const origin = page.locator('#queue #upstream-origin');
      await origin.waitFor();
      expect(await origin.locator('[data-upstream-fact=peer]').textContent()).to.equal('省12345平台');
      expect(await origin.locator('[data-upstream-fact=id]').textContent()).to.equal(upstreamId);
      expect(await origin.locator('[data-upstream-fact=due]').textContent()).to.equal('2018-03-07 17:00');

      const form = page.locator('#queue form[data-action=dispatch]');
      await form.locator('select[name=department_id]').selectOption(String(h.dept.id));
      const answered = page.waitForResponse(
        (r) => r.url().endsWith(`/tickets/${id}/dispatch`) && r.request().method() === 'POST',
      );
      await form.locator('button[type=submit]').click();
      expect((await answered).status()).to.equal(200);
      await page.locator('.toast.ok', { hasText: '已派单' }).waitFor();
      await row.waitFor({ state: 'detached' });
      // The order stays open beside the queue, dispatched: its reply deadline is the platform's, not 2018-03-26.
      await page.locator('#queue .ticket .badge.status-dispatched').waitFor();
      const facts = await page.locator('#queue .ticket > dl.facts').textContent();
      expect(facts).to.include(h.dept.name).and.include('2018-03-07 17:00').and.not.include('2018-03-26');
      await screenshot(page, 'upstream-orders-dispatched');
      expect(await services.db('tickets').where({ id }).first()).to.include({ status: 'dispatched' });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
