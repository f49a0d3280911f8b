// The bulletin's section 热点分析 as a supervisor reads and prints it: the month's hot issues by area and
// category, its repeat demands and its surges with what was done; on paper the tables stay and no button shows.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { newPhone } from '../helpers/calls.ts';
import { insertWarning, makeAreas, writeDayCounts } from '../helpers/hotspots.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, replied, type Hotline } from '../helpers/tickets.ts';

// October 2039, read on 5 November: no other suite works in it.
describe('the bulletin: monthly analysis (browser)', function () {
  this.timeout(60_000);
  let h: Hotline;
  let a: Awaited<ReturnType<typeof makeAreas>>;

  before(async function () {
    this.timeout(90_000);
    const { services: s } = await testApp();
    h = await hotline();
    a = await makeAreas();
    const phone = newPhone();
    const days = ['2039-10-08', '2039-10-09', '2039-10-10'];
    // One caller three times about the community's lift: the third a repeat demand, answered.
    for (const [i, day] of days.entries()) {
      await h.travel(`${day}T09:00:00+08:00`);
      const input = {
        area_unit_id: a.community.id,
        category_id: a.category.id,
        caller_phone: phone,
        address: ['东四北大街12号', '朝阳门内大街200号', '建国门外大街1号'][i],
      };
      await (i === 2 ? replied(h, input) : createTicket(h.operator, input));
    }
    // The surge job's daily counts of those orders (the community, its street and district; category and all).
    const rows = days.flatMap((day) =>
      [a.community.id, a.street.id, a.district.id].flatMap((area) =>
        [0, a.category.id].map((category_id) => ({ area_unit_id: area, category_id, day, count: 1 })),
      ),
    );
    await writeDayCounts(s.db, rows);
    // The job counted all of October, none of September (it was not running yet).
    await s.db('hotspot_days').insert(
      Array.from({ length: 31 }, (_, i) => ({
        day: `2039-10-${String(i + 1).padStart(2, '0')}`,
        finalized: true,
        scanned_at: '2039-11-01 02:00:00.000',
      })),
    );
    await insertWarning(s, {
      area_unit_id: a.community.id,
      category_id: a.category.id,
      first_day: '2039-10-09',
      last_day: '2039-10-10',
      status: 'closed',
      assigned_unit_id: a.street.id,
      resolution: '已协调物业更换电梯主板，恢复运行',
    });
    await insertWarning(s, {
      area_unit_id: a.otherStreet.id,
      category_id: a.category.id,
      first_day: '2039-10-20',
      last_day: '2039-10-20',
    });
  });
  beforeEach(() => h.travel('2039-11-05T09:00:00+08:00'));
  after(closeBrowser);

  it('reads the hot issues, repeats and surges with what was done, and prints them without buttons', async () => {
    const { context, page, errors } = await openPage({ width: 1280, height: 900 });
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/bulletin?month=2039-10');
      await page.waitForSelector('#hot-issues');
      const street = `${a.district.name} / ${a.street.name}`;
      expect(await page.textContent('#hot-issues h2')).to.equal('五、热点分析');
      expect(await page.textContent(`#hot-pairs-street tr:has-text("${street}")`))
        .to.include(a.category.name)
        .and.include('3');
      expect(await page.textContent(`#hot-areas-district tr:has-text("${a.district.name}")`)).to.include('+3');
      expect(await page.textContent('#hot-coverage')).to.include('覆盖本期 31/31 天、对照期 0/30 天');
      expect(await page.textContent('#hot-repeats-text')).to.include(
        '重复诉求的工单 1 件（同一来电号码 1 件，同一地点同一类别 0 件），已答复或办结 1 件',
      );
      expect(await page.textContent('#hot-repeat-places')).to.include(a.community.name);
      expect(await page.textContent('#hot-surges-text')).to.include('突增预警 2 条，其中尚未办结 1 条');
      const closed = (await page.textContent(`#hot-surges tr:has-text("${a.community.name}")`))!;
      expect(closed).to.include('已办结').and.include(a.street.name).and.include('已协调物业更换电梯主板');
      expect(await page.textContent(`#hot-surges tr:has-text("${a.otherStreet.name}")`)).to.include('尚未办结');
      // No number of a caller anywhere in the section.
      expect(await page.textContent('#hot-issues'))
        .to.not.include(h.users.supervisor.user.username)
        .and.not.match(/1[3-9]\d{9}/);
      await screenshot(page, 'bulletin-hot-issues');

      await page.emulateMedia({ media: 'print' });
      expect(await page.isVisible('#hot-issues')).to.equal(true);
      expect(await page.isVisible('#hot-surges')).to.equal(true);
      expect(await page.locator('button:visible').count()).to.equal(0);
      expect(await page.isVisible('#bulletin-form')).to.equal(false);
      const keep = await page.$eval('#hot-surges', (el) => getComputedStyle(el).breakInside);
      expect(keep).to.equal('avoid');
      await screenshot(page, 'bulletin-hot-issues-print');
      const pdf = await page.pdf({ format: 'A4' });
      const dir = path.resolve('test-results');
      fs.writeFileSync(path.join(dir, 'bulletin-hot-issues.pdf'), pdf);
      expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
      // In English too.
      await page.emulateMedia({ media: 'screen' });
      await page.goto('/bulletin?month=2039-10&lang=en');
      await page.waitForSelector('#hot-surges');
      expect(await page.textContent('#hot-issues h2')).to.equal('5. Hot issues');
      expect(await page.textContent('#hot-surges thead')).to.include('What was done');
      expect(await page.textContent('#hot-surges-text')).to.include('2 surge warnings concern the period; 1 of them');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
