import { expect } from 'chai';
import { closeBrowser, DESKTOP, openPage, screenshot, signInAs } from './browser.ts';
import { makeDepartment, signedIn, uniq } from '../helpers/factories.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import type { Client } from '../helpers/http.ts';

// 会办 and 指定 in the browser, as the operator and the supervisor do them: the operator adds a co-unit to a dispatch
// on the order's page and sees its progress there; the supervisor designates the unit of an order returned three
// times from the supervise page's queue, reading its history first.
describe('co-handling and designation (browser)', function () {
  this.timeout(90_000);
  let h: Hotline;
  let third: { id: number; name: string };
  let thirdHandler: Client;
  before(async () => {
    h = await hotline();
    await h.travel('2032-04-13T09:00:00+08:00');
    third = await makeDepartment();
    thirdHandler = (await signedIn('handler', third.id)).api;
  });
  after(closeBrowser);

  it('lets the operator add a co-unit to a dispatch and shows its progress on the order', async () => {
    const t = await createTicket(h.operator, { title: uniq('占道经营协办'), type: 'help' });
    const { context, page, errors } = await openPage(DESKTOP);
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.goto(`/tickets/${t.id}`);
      const form = page.locator('form[data-action=dispatch]');
      await form.locator('select[name=department_id]').selectOption(String(h.dept.id));
      await form.locator('details.co-units summary').click();
      // The lead is not offered as its own co-unit.
      expect(await form.locator(`.co-pick option[value="${h.dept.id}"]`).count()).to.equal(0);
      await form.locator('.co-pick').selectOption(String(h.other.id));
      await form.locator('.co-chips .chip', { hasText: h.other.name }).waitFor();
      const answered = page.waitForResponse((r) => r.url().endsWith(`/tickets/${t.id}/dispatch`));
      await form.locator('button[type=submit]').click();
      const res = await answered;
      expect(res.status()).to.equal(200);
      expect(res.request().postDataJSON())
        .to.include({ department_id: h.dept.id })
        .and.deep.include({
          co_department_ids: [h.other.id],
        });
      const row = page.locator('.co-progress tr[data-co-level]');
      await row.waitFor();
      expect(await row.textContent())
        .to.include(h.other.name)
        .and.include('待签收');
      expect(await page.locator('.timeline [data-co]').textContent()).to.include(h.other.name);
      await screenshot(page, 'co-handling-dispatched');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }

    // The lead signs; its reply form asks why it answers before the co-unit has replied, and the reason is kept.
    await ok(
      h.handler.post(`/api/v1/tickets/${t.id}/sign`, {
        version: (await ok(h.handler.get(`/api/v1/tickets/${t.id}`))).version,
      }),
    );
    const lead = await openPage(DESKTOP);
    try {
      await signInAs(lead.page, h.users.handler.user.username);
      await lead.page.goto(`/tickets/${t.id}`);
      const form = lead.page.locator('form[data-action=reply]');
      await form.locator('[name=co_pending_reason]').waitFor();
      expect(await form.locator('.co-pending').textContent()).to.include(h.other.name);
      await form.locator('[name=resolution]').fill('已协调清理占道摊点。');
      await form.locator('[name=co_pending_reason]').fill('协办单位尚在核查，主办先行答复。');
      const answered = lead.page.waitForResponse((r) => r.url().endsWith(`/tickets/${t.id}/reply`));
      await form.locator('button[type=submit]').click();
      expect((await answered).status()).to.equal(200);
      await lead.page.locator('.timeline [data-co-pending]', { hasText: '协办单位尚在核查' }).waitFor();
      expect(lead.errors).to.deep.equal([]);
    } finally {
      await lead.context.close();
    }
  });

  it('lets the supervisor designate the unit of an order returned three times, from its history', async () => {
    const t = await createTicket(h.operator, { title: uniq('三次退单'), type: 'complaint' });
    const reasons = ['不属于本单位职责', '应由属地街道处理', '属于市直部门职责'];
    for (const [i, [deptId, api]] of (
      [
        [h.dept.id, h.handler],
        [h.other.id, h.otherHandler],
        [third.id, thirdHandler],
      ] as const
    ).entries()) {
      const now = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      const d = await ok(
        h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: now.version, department_id: deptId }),
      );
      await ok(api.post(`/api/v1/tickets/${t.id}/return`, { version: d.version, reason: reasons[i] }));
      const pending = (await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`))).requests.find(
        (r: { status: string }) => r.status === 'pending',
      );
      await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/returns/${pending.id}/decision`, { approve: true }));
    }

    // The operator's page of the order offers no dispatch, and says why.
    const operator = await openPage(DESKTOP);
    try {
      await signInAs(operator.page, h.users.operator.user.username);
      await operator.page.goto(`/tickets/${t.id}`);
      await operator.page.locator('[data-awaiting-designation]').waitFor();
      expect(await operator.page.locator('form[data-action=dispatch]').count()).to.equal(0);
      expect(await operator.page.locator('.dispute-record').textContent()).to.include(reasons[2]);
    } finally {
      await operator.context.close();
    }

    const { context, page, errors } = await openPage(DESKTOP);
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/supervise#disputes');
      const card = page.locator(`article.dispute[data-ticket-id="${t.id}"]`);
      await card.waitFor();
      const history = await card.locator('ol.returns').textContent();
      for (const r of reasons) expect(history).to.include(r);
      expect(history).to.include(h.dept.name).and.include(third.name);
      await card.locator('select[name=department_id]').selectOption(String(h.dept.id));
      await card.locator('[name=note]').fill('依据职责清单由该单位承办');
      await screenshot(page, 'designation-queue');
      const answered = page.waitForResponse((r) => r.url().endsWith(`/tickets/${t.id}/designate`));
      await card.locator('button[type=submit]').click();
      expect((await answered).status()).to.equal(200);
      await page.locator(`#designations tr[data-ticket-id="${t.id}"]`, { hasText: h.dept.name }).waitFor();
      expect(await card.count()).to.equal(0);
      const after = await ok(h.supervisor.get(`/api/v1/tickets/${t.id}`));
      expect(after).to.include({ status: 'dispatched', department_id: h.dept.id });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
