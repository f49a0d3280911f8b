// 差评整改回访 in Chromium at 1366x768: the operator finds the replied rectification order of a named bad review in
// 待回访, reads whom to call (the rated order's caller), records the callback and reads what it decided.
import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { uniq } from '../helpers/factories.ts';
import { anonymous } from '../helpers/reviews.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, replied } from '../helpers/tickets.ts';
import { clock } from '../../server/lib/clock.ts';

const STAFF = { width: 1366, height: 768 };

describe('operator calls back the resident behind a rectification (browser)', () => {
  after(closeBrowser);

  it('lists the replied rectification, shows whom to call, and records the callback that puts it right', async () => {
    const h = await hotline();
    await h.travel('2026-02-02T09:30:00+08:00'); // Monday
    const rated = await replied(h, { title: uniq('整改回访'), caller_name: '李女士', caller_phone: '13911112222' });
    const { token } = await ok(h.operator.get(`/api/v1/tickets/${rated.id}/rating-link`));
    const bad = await ok(
      (await anonymous()).post('/api/v1/public/ratings', { token, score: 1, reason: '路灯仍然不亮' }),
      201,
    );
    const { services } = await testApp();
    const { rectification_ticket_id: rectId } = await services.db('ratings').where({ id: bad.id }).first();
    const rect = await ok(h.handler.get(`/api/v1/tickets/${rectId}`));
    const signed = await ok(h.handler.post(`/api/v1/tickets/${rectId}/sign`, { version: rect.version }));
    await ok(
      h.handler.post(`/api/v1/tickets/${rectId}/reply`, { version: signed.version, resolution: '已修复路灯。' }),
    );

    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.click('#tab-callback');
      await page.click(`#callback tr[data-key="${rectId}"]`);
      const banner = await page.waitForSelector('#callback .detail [data-rectification-callback]');
      expect(await banner.textContent())
        .to.include('差评整改回访')
        .and.include('13911112222')
        .and.include('李女士')
        .and.include(rated.number)
        .and.include('路灯仍然不亮');
      // Judged by the callback itself: no rating link to read out.
      expect(await page.locator('#callback .detail [data-rating-link]').count()).to.equal(0);
      const form = '#callback .detail form[data-action=callback]';
      await page.check(`${form} input[name=contacted][value=yes]`);
      await page.check(`${form} input[name=solved][value=yes]`);
      await page.check(`${form} input[name=score][value="4"]`);
      await page.fill(`${form} [name=note]`, '群众确认路灯已修好');
      await screenshot(page, 'operator-rectification-callback');
      await page.click(`${form} button[type=submit]`);
      await page.waitForSelector('.toast.ok:has-text("群众认可整改")');
      await page.waitForSelector('#callback .detail .badge.status-closed');
      const rows = await ok(
        h.supervisor.get(`/api/v1/stats/departments?from=2026-02-02&to=2026-02-02&department_id=${h.dept.id}`),
      );
      expect(rows.find((r: any) => r.department_id === h.dept.id)).to.include({ rectification_rate: 1 });
      expect(errors).to.deep.equal([]);
    } finally {
      clock.reset();
      await context.close();
    }
  });
});
