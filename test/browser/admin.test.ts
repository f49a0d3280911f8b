import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { signedIn, uniq } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';

describe('administration page (browser)', () => {
  after(closeBrowser);

  it('creates a department, with a bad email refused next to its field first', async () => {
    const { user } = await signedIn('admin');
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, user.username);
      await page.waitForURL(/\/admin/);
      await page.waitForSelector('#departments-form');
      const name = uniq('朝阳区城管执法局');
      await page.fill('#departments-form [name=name]', name);
      await page.selectOption('#departments-form [name=group]', '区县');
      await page.fill('#departments-form [name=email]', 'not-an-email');
      await page.click('#departments-form button[type=submit]');
      await page.waitForSelector('#departments-form [name=email][aria-invalid=true]');
      expect(await page.textContent('#departments-form .field-error')).to.equal('邮箱格式不正确');
      await screenshot(page, 'admin-department-refused');
      await page.fill('#departments-form [name=email]', 'cgzf@bj12345.example');
      await page.click('#departments-form button[type=submit]');
      expect(await (await page.waitForSelector('.toast.ok')).textContent()).to.include(name);
      await page.waitForSelector(`#departments tr:has-text("${name}")`);
      expect(await page.inputValue('#departments-form [name=name]')).to.equal('');
      const { services } = await testApp();
      const stored = (await services.departments.list()).find((d) => d.name === name);
      expect(stored).to.include({ group: '区县', email: 'cgzf@bj12345.example', active: true });
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('overrides a calendar day, shows it on the month, and puts it back', async () => {
    const { user } = await signedIn('admin');
    const { context, page, errors } = await openPage();
    const { services } = await testApp();
    // A Friday far from every other test's deadlines: made a day off, then restored.
    const day = '2037-06-05';
    try {
      await signInAs(page, user.username);
      await page.waitForSelector('#departments-form');
      await page.click('#tab-calendar');
      await page.fill('#calendar-form [name=date]', day);
      await page.selectOption('#calendar-form [name=workday]', 'false');
      await page.fill('#calendar-form [name=note]', '临时调休');
      await page.click('#calendar-form button[type=submit]');
      expect(await (await page.waitForSelector('.toast.ok')).textContent()).to.include(day);
      // The grid jumps to that month and marks the day as an overridden day off.
      const cell = await page.waitForSelector(`#cal-grid [data-date="${day}"]`);
      expect(await cell.getAttribute('class'))
        .to.include('rest')
        .and.include('override');
      expect(await page.textContent('#cal-overrides')).to.include('临时调休');
      expect((await services.calendar.current()).isWorkday(day)).to.equal(false);
      await screenshot(page, 'admin-calendar-override');
      await page.click(`#cal-overrides [data-override="${day}"] button`);
      await page.waitForSelector(`#cal-grid [data-date="${day}"]:not(.override)`);
      expect((await services.calendar.current()).isWorkday(day)).to.equal(true);
      expect(errors).to.deep.equal([]);
    } finally {
      await services.calendar.removeOverride(day).catch(() => {});
      await context.close();
    }
  });

  it('adds a review device and shows its key once', async () => {
    const { user } = await signedIn('admin');
    const { services } = await testApp();
    const dept = await services.departments.create({ name: uniq('政务服务中心'), group: '区县' });
    const win = await services.windows.createWindow({ department_id: dept.id, name: uniq('综合窗口') });
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, user.username);
      await page.waitForSelector('#departments-form');
      await page.click('#tab-devices');
      await page.waitForSelector(`#device-window option[value="${win.id}"]`, { state: 'attached' });
      await page.selectOption('#device-window', String(win.id));
      await page.fill('#devices-form [name=name]', '1 号窗口评价器');
      await page.click('#devices-form button[type=submit]');
      const key = await (await page.waitForSelector('dialog #device-key')).textContent();
      expect(key).to.match(/^[A-Za-z0-9_-]{40,}$/);
      await screenshot(page, 'admin-device-key');
      await page.click('dialog [data-submit]');
      const row = await page.waitForSelector(`#devices tr:has-text("${win.name}")`);
      // Only the prefix stays on screen.
      expect(await row.textContent())
        .to.include(key!.slice(0, 8))
        .and.not.include(key!);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
