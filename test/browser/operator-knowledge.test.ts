import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { makeCategory } from '../helpers/factories.ts';
import { dispatched, hotline, ok } from '../helpers/tickets.ts';
import { newPhone } from '../helpers/calls.ts';

const STAFF = { width: 1366, height: 768 };
/** A word of this run only, in Chinese characters, so searches see this file's articles first. */
const word = () =>
  Array.from({ length: 8 }, () => String.fromCharCode(0x5000 + Math.floor(Math.random() * 0x3000))).join('');

/** Types a search as a person would and waits for its answer to be drawn (not the list shown before it). */
async function typeSearch(page: Page, input: string, q: string, drawn: string): Promise<void> {
  const answered = page.waitForResponse(
    (r) => r.url().includes('/api/v1/knowledge?') && new URL(r.url()).searchParams.get('q') === q,
  );
  await page.fill(input, q);
  await answered;
  await page.waitForSelector(`${drawn}:not([aria-busy])`);
}

const titles = (page: Page, sel: string) => page.$$eval(sel, (els) => els.map((e) => e.textContent ?? ''));

describe('operators and the knowledge base (browser)', () => {
  after(closeBrowser);

  it('an operator searching 提取公积金 sees 公积金提取 first', async () => {
    const h = await hotline();
    const tag = word();
    for (const [title, body] of [
      ['公积金贷款额度', '申请贷款前可先提取公积金用于首付。'],
      [`公积金提取`, '租房、购房、退休均可申请提取。'],
      ['住房公积金提取条件与办理流程', '职工租房可按季度提取。'],
    ])
      await ok(h.supervisor.post('/api/v1/knowledge', { title, body: `${body}${tag}`, keywords: [tag] }), 201);
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.waitForSelector('#kb-q');
      await typeSearch(page, '#kb-q', `提取公积金 ${tag}`, '#kb-results');
      expect(await titles(page, '#kb-results .kb-title')).to.deep.equal([
        '公积金提取',
        '住房公积金提取条件与办理流程',
        '公积金贷款额度',
      ]);
      // 公积金贷款 finds it too (a word in common), after the loan article itself.
      await typeSearch(page, '#kb-q', `公积金贷款 ${tag}`, '#kb-results');
      const loan = await titles(page, '#kb-results .kb-title');
      expect(loan[0]).to.equal('公积金贷款额度');
      expect(loan).to.include('公积金提取');
      await typeSearch(page, '#kb-q', `提取公积金 ${tag}`, '#kb-results');
      expect((await titles(page, '#kb-results .kb-title'))[0]).to.equal('公积金提取');
      await screenshot(page, 'operator-knowledge-search');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('a supervisor creates an article on the knowledge base page, then edits it', async () => {
    const h = await hotline();
    const tag = word();
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/knowledge');
      await page.waitForSelector('body[data-ready=true]');
      await page.click('#kb-new');
      await page.fill('#kb-form [name=title]', `居住证签注${tag}`);
      await page.fill('#kb-form [name=keywords]', '居住证，签注');
      await page.selectOption('#kb-form [name=department_id]', String(h.dept.id));
      await page.fill('#kb-form [name=body]', '居住证每年签注一次，可在派出所或网上办理。');
      await page.click('#kb-form [data-action=save]');
      expect(await (await page.waitForSelector('.toast.ok')).textContent()).to.include(`已新建：居住证签注${tag}`);
      await typeSearch(page, '#kb-search', tag, '#kb-page .list');
      expect(await titles(page, '#kb-page tbody strong')).to.deep.equal([`居住证签注${tag}`]);
      expect(await page.textContent('#kb-page tbody tr')).to.include(h.dept.name);

      // Edit it: open from the list, change the text, save.
      await page.click('#kb-page tbody tr');
      await page.waitForSelector('#kb-form h2:has-text("编辑条目")');
      await page.fill('#kb-form [name=title]', `居住证签注办理${tag}`);
      await page.fill('#kb-form [name=body]', '居住证每年签注一次，可通过政务服务网办理，无需到派出所。');
      await page.click('#kb-form [data-action=save]');
      await page.waitForSelector(`.toast.ok:has-text("已保存：居住证签注办理${tag}")`);
      await page.waitForSelector(`#kb-page tbody strong:has-text("居住证签注办理${tag}")`);
      expect(await titles(page, '#kb-page tbody strong')).to.deep.equal([`居住证签注办理${tag}`]);
      expect(await page.textContent('#kb-editor')).to.include('第 2 版');
      const [saved] = (await ok(h.operator.get(`/api/v1/knowledge?q=${encodeURIComponent(tag)}`))).items;
      expect(saved).to.include({ title: `居住证签注办理${tag}`, department_id: h.dept.id, version: 2 });
      expect(saved.keywords).to.deep.equal(['居住证', '签注']);
      await screenshot(page, 'supervisor-knowledge-edit');

      // Withdraw it: operators no longer find it; the page still lists it, marked, to put back in use.
      await page.click('#kb-form [data-action=withdraw]');
      await page.waitForSelector(`.toast.ok:has-text("已停用：居住证签注办理${tag}")`);
      await page.waitForSelector('#kb-page tbody tr.withdrawn:has-text("已停用")');
      expect((await ok(h.operator.get(`/api/v1/knowledge?q=${encodeURIComponent(tag)}`))).items).to.deep.equal([]);
      await page.click('#kb-form [data-action=restore]');
      await page.waitForSelector('#kb-page tbody tr:not(.withdrawn):has-text("使用中")');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it("a handler edits their department's article and is not offered other departments'", async () => {
    const h = await hotline();
    const tag = word();
    const ours = await ok(
      h.supervisor.post('/api/v1/knowledge', {
        title: `本单位办事指南${tag}`,
        body: '本单位窗口办理。',
        department_id: h.dept.id,
      }),
      201,
    );
    const theirs = await ok(
      h.supervisor.post('/api/v1/knowledge', {
        title: `他单位办事指南${tag}`,
        body: '他单位窗口办理。',
        department_id: h.other.id,
      }),
      201,
    );
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.handler.user.username);
      // The knowledge base is in the handler's navigation.
      await page.click('header nav a[href="/knowledge"]');
      await page.waitForSelector('body[data-ready=true]');
      await typeSearch(page, '#kb-search', tag, '#kb-page .list');
      expect(await titles(page, '#kb-page tbody strong')).to.deep.equal([ours.title]);
      expect(await page.textContent('#kb-page')).to.not.include(theirs.title);
      await page.click('#kb-page tbody tr');
      await page.waitForSelector('#kb-form h2:has-text("编辑条目")');
      // A handler is not offered another department: the article stays their own.
      expect(await page.$('#kb-form [name=department_id]')).to.equal(null);
      expect(await page.textContent('#kb-own-department')).to.include(h.dept.name);
      await page.fill('#kb-form [name=body]', '本单位窗口办理，周六上午也可办理。');
      await page.click('#kb-form [data-action=save]');
      await page.waitForSelector(`.toast.ok:has-text("已保存：${ours.title}")`);
      expect((await ok(h.operator.get(`/api/v1/knowledge/${ours.id}`))).body).to.equal(
        '本单位窗口办理，周六上午也可办理。',
      );
      expect((await ok(h.operator.get(`/api/v1/knowledge/${theirs.id}`))).version).to.equal(1);
      await screenshot(page, 'handler-knowledge-edit');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('an operator typing an address written differently is shown the open order at that place', async () => {
    const h = await hotline();
    const category = await makeCategory(h.dept.id);
    // A street of this run only.
    const street = `南竹${word().slice(-3)}胡同`;
    const open = await dispatched(h, {
      caller_phone: newPhone(),
      category_id: category.id,
      address: `东城区朝阳门街道${street}22号`,
      title: `${street}垃圾满溢`,
    });
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.waitForSelector('#intake-form');
      // The caller says the house next door, without the district; no category chosen yet.
      await page.fill('[name=address]', `${street}23号`);
      const item = await page.waitForSelector(`#dupes li[data-ticket="${open.id}"]`);
      expect(await page.isVisible('#dupes')).to.equal(true);
      const text = await item.textContent();
      expect(text).to.include(open.number);
      expect(text).to.include('同一地点');
      expect(text).to.include(`东城区朝阳门街道${street}22号`);
      // A door far along the street is another place: the panel goes away.
      await page.fill('[name=address]', `${street}60号`);
      await page.waitForSelector('#dupes', { state: 'hidden' });
      await page.fill('[name=address]', `东城区${street}22号`);
      await page.waitForSelector(`#dupes li[data-ticket="${open.id}"]`);
      await screenshot(page, 'operator-duplicate-place');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
