// An administrator's 数据上报 tab (docs/integration.md "Daily data reporting"), as they would use it in Chromium: the
// days reported with their counts, and a day sent again without a second post to the data platform.
import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTestPeer } from '../helpers/peers.ts';
import { signedIn } from '../helpers/factories.ts';
import { createTicket } from '../helpers/tickets.ts';
import { closeBrowser, DESKTOP, openPage, screenshot, signInAs } from './browser.ts';

describe('administrator: daily data reports (browser)', function () {
  this.timeout(120_000);
  after(async () => {
    await closeBrowser();
    clock.reset();
  });

  it('lists the days reported with their counts, and sends one again (重新上报) adding no post', async () => {
    const s = (await testApp()).services;
    const peer = await createTestPeer(s, { kind: 'data_report' });
    clock.set('2031-09-03T10:00:00+08:00');
    await createTicket((await signedIn('operator')).api);
    clock.set('2031-09-04T03:00:00+08:00');
    expect(await s.dataReports.reportDue('2031-09-03')).to.deep.equal({ reported: ['2031-09-03'] });
    const posts = () => s.db('outbox').where({ peer_id: peer.peer.id }).count({ n: '*' });
    const [{ n: queued }] = await posts();

    const { user } = await signedIn('admin');
    const { context, page, errors } = await openPage(DESKTOP);
    try {
      await signInAs(page, user.username);
      await page.waitForSelector('body[data-ready=true]');
      await page.click('#tab-dataReports');
      const row = page.locator('#data-reports tr', { hasText: '2031-09-03' });
      await row.waitFor();
      const cells = await row.locator('td').allTextContents();
      // One order, no rating, no department yet; four posts (each part's one chunk and the manifest); the tests
      // write no files (DATA_REPORT_DIR off).
      expect(cells.slice(0, 6)).to.deep.equal(['2031-09-03', '1', '0', '0', '4', '未写入']);
      await screenshot(page, 'admin-data-reports');
      await row.getByRole('button', { name: '重新上报' }).click();
      await page.getByText('已重新上报 2031-09-03').waitFor();
      expect((await posts())[0].n, 'nothing posted twice').to.equal(queued);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
