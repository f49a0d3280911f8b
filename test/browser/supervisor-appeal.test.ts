import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { uniq } from '../helpers/factories.ts';
import { hotline, ok, replied } from '../helpers/tickets.ts';

describe('deciding an appeal (browser)', () => {
  after(closeBrowser);

  it('refuses a decision without a reason, saying so beside the field, and takes it with one', async function () {
    this.timeout(60_000);
    const h = await hotline();
    const t = await replied(h, { title: uniq('申诉理由') });
    await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: t.version, score: 1, reason: '问题没有解决' }),
    );
    const rating = (await ok(h.handler.get('/api/v1/ratings?bad=true'))).items[0];
    await ok(
      h.handler.post(`/api/v1/ratings/${rating.id}/appeal`, { reason: '回访时群众表示已解决，评价系误操作' }),
      201,
    );
    const { context, page, errors } = await openPage({ width: 1366, height: 768 });
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/supervise#appeals');
      await page.click(`#appeals tr[data-key="${rating.id}"]`);
      expect(await page.textContent('.rating label[for]:has-text("审核理由")')).to.include('必填');
      // No reason: the page shows the server's refusal beside the field, and nothing is decided.
      await page.click('.rating button[data-uphold=false]');
      const error = page.locator('.rating .field-error');
      await error.waitFor();
      expect(await error.textContent()).to.include('请填写审核理由');
      expect((await ok(h.supervisor.get(`/api/v1/ratings/${rating.id}`))).appeal.status).to.equal('pending');
      await screenshot(page, 'supervisor-appeal-no-reason');
      // With a reason it is decided.
      await page.fill('.rating [name=note]', '录音核实群众明确表示不满意，申诉不成立');
      await page.click('.rating button[data-uphold=false]');
      await page.waitForSelector('.toast.ok');
      const after = await ok(h.supervisor.get(`/api/v1/ratings/${rating.id}`));
      expect(after.appeal).to.include({ status: 'rejected', decision_note: '录音核实群众明确表示不满意，申诉不成立' });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
