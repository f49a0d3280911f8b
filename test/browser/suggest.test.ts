// The suggested dispatch at the console, as an operator meets it: typing a complaint brings the category and unit
// the city's past orders point to, one click takes them, and a category the operator chose by hand stays.
import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { makeCategory } from '../helpers/factories.ts';
import { hotline, replied, type Hotline } from '../helpers/tickets.ts';
import { testApp } from '../helpers/test-app.ts';

const RUBBISH = ['小区垃圾桶满溢没人清运', '楼下垃圾堆放多日无人清理', '垃圾站臭味很大', '装修垃圾堆在绿地上'];
const WAGES = ['公司拖欠工资两个月', '老板拖欠工资联系不上', '工地拖欠农民工工资', '离职后公司扣发工资'];

describe('suggested dispatch at the console (browser)', function () {
  this.timeout(120_000);
  let h: Hotline;
  let rubbish: { id: number; name: string };
  let wages: { id: number; name: string };
  before(async () => {
    h = await hotline();
    // The catalogue names the other unit for rubbish; the city's rubbish orders were answered by h.dept.
    rubbish = await makeCategory(h.other.id);
    wages = await makeCategory(h.dept.id);
    for (let i = 0; i < 12; i++) {
      const r = RUBBISH[i % RUBBISH.length];
      const w = WAGES[i % WAGES.length];
      await replied(h, { category_id: rubbish.id, title: r, description: `来电人反映${r}，希望尽快处理。` });
      await replied(h, { category_id: wages.id, title: w, description: `来电人反映${w}，希望协调解决。` });
    }
    await (await testApp()).services.suggest.train();
  });
  after(closeBrowser);

  it('suggests the category and unit while the operator types, and 采用 fills them', async () => {
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.waitForSelector('#intake-form');
      await page.fill('[name=title]', '垃圾桶满了没人清运');
      await page.fill('[name=description]', '来电人反映小区楼下的垃圾好几天没人清运，臭味很大。');
      await page.locator('#suggestion-adopt').waitFor();
      const line = (await page.textContent('#suggestion'))!;
      expect(line).to.match(new RegExp(`建议分类：${rubbish.name}（置信度 \\d+%）`));
      expect(line).to.include(`建议承办单位：${h.dept.name}`);
      expect(await page.inputValue('[name=category_id]')).to.equal('');
      await screenshot(page, 'console-suggestion');

      await page.click('#suggestion-adopt');
      expect(await page.inputValue('[name=category_id]')).to.equal(String(rubbish.id));
      expect(await page.inputValue('[name=department_id]')).to.equal(String(h.dept.id));
      expect(await page.textContent('#suggestion-state')).to.equal('已采用');
      await screenshot(page, 'console-suggestion-adopted');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('never replaces a category the operator chose by hand', async () => {
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.waitForSelector('#intake-form');
      await page.selectOption('[name=category_id]', String(wages.id));
      await page.fill('[name=title]', '垃圾桶满了没人清运');
      await page.locator('#suggestion-state').waitFor();
      expect(await page.textContent('#suggestion')).to.include(`建议分类：${rubbish.name}`);
      expect(await page.textContent('#suggestion-state')).to.equal('已按您选择的分类');
      expect(await page.locator('#suggestion-adopt').count()).to.equal(0);
      expect(await page.inputValue('[name=category_id]')).to.equal(String(wages.id));
      expect(await page.inputValue('[name=department_id]')).to.equal(String(h.dept.id));
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
