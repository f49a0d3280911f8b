import path from 'node:path';
import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { signedIn, ticketInput } from '../helpers/factories.ts';
import { ok } from '../helpers/tickets.ts';
import { testApp } from '../helpers/test-app.ts';
import { clock } from '../../server/lib/clock.ts';

// The catalogue's administration (docs/rules/catalogue.md) as the administrator uses it: a CSV with mistakes is
// refused with each line's problem shown, the right one imported and seen as a tree, a changed version imported
// effective later, and the history with what it changed.
const fixture = (name: string) => path.resolve('test/fixtures/catalogue', name);

describe('dispatch catalogue administration (browser)', () => {
  after(closeBrowser);
  before(async () => {
    const { services } = await testApp();
    for (const name of ['江城市住房和城乡建设委员会', '江城市城市管理委员会', '江城市燃气集团']) {
      await services.departments.create({ name, group: '市直部门' });
    }
    // A district of the city: 属地 matters at an address in it go there.
    await services.departments.create({ name: '江城市江北区', group: '区县', kind: 'district', parent_id: null });
  });

  it('imports a catalogue, shows it as a tree, imports a later version and shows the history', async function () {
    this.timeout(120_000);
    clock.set('2027-09-01T09:00:00+08:00');
    const { user } = await signedIn('admin');
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, user.username);
      await page.waitForSelector('#departments-form');
      await page.click('#tab-catalogue');
      await page.waitForSelector('#catalogue-version:has-text("尚未导入")');

      // A file with mistakes: each problem on its own line, nothing imported.
      await page.setInputFiles('#catalogue-file', fixture('bad.csv'));
      await page.click('#catalogue-import button[type=submit]');
      await page.waitForSelector('#catalogue-errors li');
      const problems = await page.locator('#catalogue-errors li.small').allTextContents();
      expect(problems).to.deep.equal([
        '第 3 行上级编码 0101 不在文件中',
        '第 4 行责任单位“不存在的委员会”不存在或已停用',
        '第 5 行末级分类须有紧急程度',
      ]);

      await page.setInputFiles('#catalogue-file', fixture('v1.csv'));
      await page.fill('#catalogue-label', '2027版');
      await page.click('#catalogue-import button[type=submit]');
      expect(await (await page.waitForSelector('.toast.ok')).textContent()).to.include('2027版');
      await page.waitForSelector('#catalogue-entries tr[data-code="020101"]');
      const gas = await page.locator('#catalogue-entries tr[data-code="020101"] td').allTextContents();
      expect(gas.slice(0, 4)).to.deep.equal(['020101', '燃气异味', '江城市燃气集团', '危及生命财产']);
      expect(gas[4]).to.include('《城镇燃气管理条例》');
      expect(await page.locator('#catalogue-entries tbody tr').count()).to.equal(9);
      expect(await page.textContent('#catalogue-errors')).to.equal('');
      await screenshot(page, 'admin-catalogue-tree');

      // Version 2 from 1 October: 暖气不热 moves to the gas group, 电梯故障 becomes utility, 小区停车 goes, 井盖缺失 comes.
      await page.setInputFiles('#catalogue-file', fixture('v2.csv'));
      await page.fill('#catalogue-label', '2027年10月修订');
      await page.fill('#catalogue-effective', '2027-10-01');
      await page.click('#catalogue-import button[type=submit]');
      await page.waitForSelector('#catalogue-versions tr:has-text("2027年10月修订")');
      const history = await page.locator('#catalogue-versions tbody tr').allTextContents();
      expect(history).to.have.length(2);
      expect(history[0]).to.include('2027-10-01');
      expect(history[1]).to.include('2027-09-01').and.include('现行');
      // The tree still shows the version in force today; on 1 October it shows the new one.
      expect(await page.locator('#catalogue-entries tr[data-code="010102"]').count()).to.equal(1);
      await page.fill('#catalogue-date', '2027-10-01');
      await page.waitForSelector('#catalogue-entries tr[data-code="020103"]');
      expect(await page.locator('#catalogue-entries tr[data-code="010102"]').count()).to.equal(0);
      // 垃圾清运 became 属地 in October: the unit of the place answers for it.
      const rubbish = await page.locator('#catalogue-entries tr[data-code="010103"] td').allTextContents();
      expect(rubbish[2]).to.equal('属地');

      await page.click('#catalogue-versions tbody tr:first-child button');
      await page.waitForSelector('#catalogue-diff:not([hidden])');
      expect(await page.textContent('#diff-added')).to.include('020103 井盖缺失');
      expect(await page.textContent('#diff-removed')).to.include('010102 小区停车');
      const changed = await page.textContent('#diff-changed');
      expect(changed).to.include('020102 暖气不热：江城市城市管理委员会 → 江城市燃气集团');
      expect(changed).to.include('010101 电梯故障：一般 → 水电气热');
      expect(changed).to.include('010103 垃圾清运：江城市城市管理委员会 → 属地');
      await screenshot(page, 'admin-catalogue-history');
      expect(errors, errors.join('\n')).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('offers the operator the leaves in force by code and path, choosing the unit named', async function () {
    this.timeout(120_000);
    // 2 October 2027: the October version is in force (imported by the test above).
    clock.set('2027-10-02T09:00:00+08:00');
    const { user } = await signedIn('operator');
    const { services } = await testApp();
    const gas = (await services.departments.list()).find((d) => d.name === '江城市燃气集团')!;
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, user.username);
      await page.waitForSelector('#intake-form');
      const labels = await page.locator('[name=category_id] option').allTextContents();
      expect(labels).to.include.members([
        '020103 井盖缺失（公用事业 / 燃气供热）',
        '010101 电梯故障（城乡建设 / 住房管理）',
      ]);
      // Headings are not filed under, and 小区停车 left the catalogue in October.
      expect(labels.filter((l) => /^(01|0101|02|0201|010102) /.test(l))).to.deep.equal([]);
      const heating = page.locator('[name=category_id] option', { hasText: '暖气不热' });
      await page.selectOption('[name=category_id]', (await heating.getAttribute('value'))!);
      expect(await page.inputValue('[name=department_id]')).to.equal(String(gas.id));
      // A 属地 leaf names no unit: the district the address names is proposed.
      const district = (await services.departments.list()).find((d) => d.name === '江城市江北区')!;
      await page.fill('[name=address]', '江城市江北区滨江路12号');
      const rubbish = page.locator('[name=category_id] option', { hasText: '垃圾清运' });
      await page.selectOption('[name=category_id]', (await rubbish.getAttribute('value'))!);
      expect(await page.inputValue('[name=department_id]')).to.equal(String(district.id));
      await screenshot(page, 'console-catalogue-picker');
      expect(errors, errors.join('\n')).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('shows a supervisor on the order page whether its dispatch matched the catalogue of its day', async function () {
    this.timeout(120_000);
    clock.set('2027-10-02T10:00:00+08:00');
    const { services } = await testApp();
    const city = (await services.departments.list()).find((d) => d.name === '江城市城市管理委员会')!;
    const heating = (await services.categories.list()).find((c) => c.code === '020102')!;
    const operator = await signedIn('operator');
    const t = await ok(operator.api.post('/api/v1/tickets', ticketInput({ category_id: heating.id })), 201);
    await ok(operator.api.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: city.id }));
    const district = (await services.departments.list()).find((d) => d.name === '江城市江北区')!;
    const rubbish = (await services.categories.list()).find((c) => c.code === '010103')!;
    const local = await ok(operator.api.post('/api/v1/tickets', ticketInput({ category_id: rubbish.id })), 201);
    await ok(
      operator.api.post(`/api/v1/tickets/${local.id}/dispatch`, { version: local.version, department_id: district.id }),
    );
    const { user } = await signedIn('supervisor');
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, user.username);
      await page.goto(`/tickets/${t.id}`);
      const line = await (await page.waitForSelector('#catalogue-check li')).textContent();
      expect(line).to.include('江城市城市管理委员会').and.include('2027年10月修订').and.include('应派 江城市燃气集团');
      expect(line).to.include('不符');
      await screenshot(page, 'ticket-catalogue-check');
      // A 属地 order dispatched to the district of its place matches.
      await page.goto(`/tickets/${local.id}`);
      const localLine = await (await page.waitForSelector('#catalogue-check li')).textContent();
      expect(localLine).to.include('江城市江北区').and.include('属地办理').and.include('相符');
      expect(errors, errors.join('\n')).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
