// Attachments as people add them (docs/rules/attachments.md "On the pages"): a handler replies with a photo of the
// site (办结佐证) and the order's page shows its thumbnail; an operator attaches a document while logging a call; a
// text file named .jpg is refused in Chinese and nothing is listed; a street handler does it all on a phone.
import { expect } from 'chai';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { makeCategory, makeDepartment, signedIn, uniq } from '../helpers/factories.ts';
import { districtWithStreet, openPhone, pageWidth, passedDown, reachable } from '../helpers/levels.ts';
import { testApp } from '../helpers/test-app.ts';
import { accepted, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { anonymous, makeWindow } from '../helpers/reviews.ts';

const STAFF = { width: 1366, height: 768 };

/** A real small JPEG of a street scene's colours, made here: what a phone's camera hands the page. */
const photo = async (name = '现场照片.jpg') => ({
  name,
  mimeType: 'image/jpeg',
  buffer: await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 140, b: 200 } } })
    .jpeg()
    .toBuffer(),
});
/** A document in a type the hotline takes (PDF), and a text file that only claims to be a photo. */
const pdf = {
  name: '居民来信.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
};
const fakeJpeg = { name: '伪装照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这不是照片，只是一段文字。\n') };

/** Waits for the upload of a file and answers the server's status for it. */
const uploaded = (page: Page) =>
  page.waitForResponse((r) => r.request().method() === 'POST' && /\/attachments$/.test(r.url()));

/** 先联系后办理: the contact, straight away or through its small form (reached, now), as the page offers it. */
async function recordContact(page: Page, button: string): Promise<void> {
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && /\/contact$/.test(r.url()));
  await page.click(button);
  const form = page.waitForSelector('dialog.modal [data-submit]').then(
    () => 'form',
    () => 'none',
  );
  if ((await Promise.race([response.then(() => 'sent'), form])) === 'form')
    await page.click('dialog.modal [data-submit]');
  const answer = await response;
  expect(answer.status(), await answer.text()).to.equal(200);
}

async function openInInbox(page: Page, h: Hotline, id: number): Promise<void> {
  await signInAs(page, h.users.handler.user.username);
  await page.waitForSelector('body[data-ready=true]');
  await page.click('#tab-handle');
  await page.click(`#orders tr[data-key="${id}"]`);
  await page.waitForSelector(`.ticket[data-ticket="${id}"] form[data-action=reply]`);
}

describe('attachments on the pages (browser)', function () {
  this.timeout(90_000);
  after(closeBrowser);
  let h: Hotline;
  beforeEach(async () => {
    h = await hotline();
    await h.travel('2026-12-07T09:00:00+08:00'); // a Monday
  });

  it('a handler replies with a photo of the site; the order shows its thumbnail as 办结佐证', async () => {
    const t = await accepted(h, { title: uniq('人行道破损'), caller_phone: '13812345678' });
    const { services } = await testApp();
    const { context, page, errors } = await openPage(STAFF);
    try {
      await openInInbox(page, h, t.id);
      const order = `.ticket[data-ticket="${t.id}"]`;
      // 先联系后办理, where the order still asks for it.
      if (await page.$(`${order} [data-action=contact]`)) {
        await recordContact(page, `${order} [data-action=contact]`);
        await page.waitForSelector(`${order} [data-contacted]`);
      }
      const form = `${order} form[data-action=reply]`;
      expect(await page.textContent(`${form} [data-picker=reply] legend`)).to.include('办结佐证');
      const [answer] = await Promise.all([
        uploaded(page),
        page.setInputFiles(`${form} input[data-attach=files]`, await photo()),
      ]);
      expect(answer.status()).to.equal(201);
      const item = await page.waitForSelector(`${form} li.att-file[data-state=uploaded]`);
      expect(await item.textContent())
        .to.include('现场照片.jpg')
        .and.include('已上传');
      await page.fill(`${form} textarea[name=resolution]`, '已修复破损人行道，现场照片见附件。');
      await Promise.all([
        page.waitForResponse((r) => /\/reply$/.test(r.url()) && r.status() === 200),
        page.click(`${form} button[type=submit]`),
      ]);
      const stored = await services.db('attachments').where({ ticket_id: t.id });
      expect(stored.map((a) => [a.purpose, a.name])).to.deep.equal([['reply', '现场照片.jpg']]);

      // The order's own page: the photo's thumbnail, named 办结佐证, with who added it; a click opens the file.
      await page.goto(`/tickets/${t.id}`);
      const att = `[data-attachments] li.att[data-attachment="${stored[0].id}"]`;
      await page.waitForSelector(att);
      await page.waitForFunction(
        (sel) => ((document.querySelector(`${sel} img.att-thumb`) as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
        att,
      );
      const text = await page.textContent(att);
      expect(text).to.include('办结佐证').and.include('现场照片.jpg').and.include('JPEG');
      expect(text).to.include(h.users.handler.user.display_name);
      expect(await page.getAttribute(`${att} img`, 'src')).to.equal(`/api/v1/attachments/${stored[0].id}/thumbnail`);
      const file = await page.context().request.get(`/api/v1/attachments/${stored[0].id}`);
      expect(file.status()).to.equal(200);
      expect(file.headers()['content-type']).to.include('image/jpeg');
      await screenshot(page, 'attachments-ticket-photo');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('refuses a text file named .jpg in Chinese, and lists nothing', async () => {
    const t = await accepted(h, { title: uniq('井盖缺失') });
    const { services } = await testApp();
    const { context, page, errors } = await openPage(STAFF);
    try {
      await openInInbox(page, h, t.id);
      const form = `.ticket[data-ticket="${t.id}"] form[data-action=reply]`;
      const [answer] = await Promise.all([
        uploaded(page),
        page.setInputFiles(`${form} input[data-attach=files]`, fakeJpeg),
      ]);
      expect(answer.status()).to.be.within(400, 499);
      const failed = await page.waitForSelector(`${form} li.att-file[data-state=failed] .att-failed`);
      const words = await failed.textContent();
      // The server's own reason, in Chinese: the type is read from the content, not from the name.
      expect(words).to.include('不是允许的类型').and.include('不看文件名').and.not.include('allowed');
      expect(await page.textContent(`${form} li.att-file[data-state=failed]`)).to.include('伪装照片.jpg');
      expect(await services.db('attachments').where({ ticket_id: t.id })).to.have.length(0);
      expect(await page.$(`.ticket[data-ticket="${t.id}"] [data-attachments] li.att`)).to.equal(null);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('an operator attaches a document while logging a call; it is on the order as 受理材料', async () => {
    const dept = await makeDepartment();
    const category = await makeCategory(dept.id);
    const { user } = await signedIn('operator');
    const { services } = await testApp();
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, user.username);
      await page.waitForSelector('#intake-form');
      const title = uniq('楼上漏水');
      await page.fill('[name=caller_phone]', '13900001234');
      await page.selectOption('[name=category_id]', String(category.id));
      await page.fill('[name=title]', title);
      await page.fill('[name=description]', '楼上住户漏水，来电人通过微信发来居民来信。');
      await page.setInputFiles('#intake-form input[data-attach=files]', pdf);
      expect(await page.textContent('#intake-form li.att-file'))
        .to.include('居民来信.pdf')
        .and.include('待上传');
      const [answer] = await Promise.all([uploaded(page), page.click('[data-mode=dispatch]')]);
      expect(answer.status()).to.equal(201);
      await page.waitForSelector('.toast.ok');
      // The next call's form starts without the file.
      expect(await page.$('#intake-form li.att-file')).to.equal(null);
      const ticket = await services.db('tickets').where({ title }).first();
      const stored = await services.db('attachments').where({ ticket_id: ticket.id });
      expect(stored.map((a) => [a.purpose, a.name, a.type])).to.deep.equal([
        ['intake', '居民来信.pdf', 'application/pdf'],
      ]);
      await page.goto(`/tickets/${ticket.id}`);
      const att = await page.waitForSelector(`[data-attachments] li.att[data-attachment="${stored[0].id}"]`);
      expect(await att.textContent())
        .to.include('受理材料')
        .and.include('居民来信.pdf')
        .and.include('PDF');
      // More material later, from the order's page: listed as soon as it is stored.
      const [later] = await Promise.all([
        uploaded(page),
        page.setInputFiles('[data-attachments] input[data-attach=files]', await photo('补充照片.jpg')),
      ]);
      const added = (await later.json()) as { id: number };
      await page.waitForSelector(`[data-attachments] .att-list li.att[data-attachment="${added.id}"] img.att-thumb`);
      expect(await page.textContent(`[data-attachments] li.att[data-attachment="${added.id}"]`)).to.include('受理材料');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('keeps the intake form when a file is refused after the order is made; sent again, no second order', async () => {
    const dept = await makeDepartment();
    const category = await makeCategory(dept.id);
    const { user } = await signedIn('operator');
    const { services } = await testApp();
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, user.username);
      await page.waitForSelector('#intake-form');
      const title = uniq('占道经营');
      await page.fill('[name=caller_phone]', '13900005678');
      await page.selectOption('[name=category_id]', String(category.id));
      await page.fill('[name=title]', title);
      await page.fill('[name=description]', '早市摊贩占用人行道，来电人发来照片。');
      await page.setInputFiles('#intake-form input[data-attach=files]', [await photo('摊位.jpg'), fakeJpeg]);
      await page.click('[data-mode=dispatch]');
      const refused = await page.waitForSelector('#intake-form li.att-file[data-state=failed] .att-failed');
      expect(await refused.textContent()).to.include('不是允许的类型');
      const ticket = await services.db('tickets').where({ title }).first();
      // The file is marked refused before the form's error line is written: wait for the line as the operator would.
      const error = await page.waitForSelector(`#intake-form > .error:has-text("${ticket.number}")`);
      expect(await error.textContent())
        .to.include(ticket.number)
        .and.include('伪装照片.jpg');
      expect(await page.inputValue('[name=title]')).to.equal(title); // the form stays for the file to be dealt with
      await screenshot(page, 'attachments-intake-refused');
      await page.click('#intake-form li.att-file[data-state=failed] .att-remove');
      await page.click('[data-mode=dispatch]');
      await page.waitForSelector('.toast.ok');
      expect(await services.db('tickets').where({ title })).to.have.length(1);
      const stored = await services.db('attachments').where({ ticket_id: ticket.id });
      expect(stored.map((a) => [a.purpose, a.name])).to.deep.equal([['intake', '摊位.jpg']]);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('a street handler takes the photo on a phone and replies to the district, within the screen', async () => {
    const u = await districtWithStreet();
    const t = await passedDown(h, u, { title: uniq('绿化带垃圾堆积') });
    const { services } = await testApp();
    const { context, page, errors } = await openPhone();
    const mine = `#levels .ticket[data-ticket="${t.id}"] li.level[data-department="${u.street.id}"]`;
    try {
      await signInAs(page, u.streetHandler.user.username);
      await page.waitForSelector('body[data-ready=true]');
      await page.tap(`#levels tr[data-key="${t.id}"]`);
      await Promise.all([
        page.waitForResponse((r) => /\/levels\/\d+\/sign$/.test(r.url()) && r.status() === 200),
        page.tap(`${mine} [data-level-action=sign]`),
      ]);
      const contact = `#levels .ticket [data-level-action=contact], #levels .ticket .contact [data-action=contact]`;
      await page.waitForSelector(contact);
      await recordContact(page, contact);
      await page.waitForSelector(`${mine} [data-level-action=contact]`, { state: 'detached' });
      const form = `${mine} form[data-level-action=reply]`;
      await page.waitForSelector(form);
      // The camera straight away, or the phone's photos: both within a thumb's reach.
      expect(await page.getAttribute(`${form} input[data-attach=photo]`, 'accept')).to.equal('image/*');
      expect(await page.getAttribute(`${form} input[data-attach=photo]`, 'capture')).to.equal('environment');
      expect(await reachable(page, `${form} label[for$="-photo"]`)).to.equal(true);
      const [answer] = await Promise.all([
        uploaded(page),
        page.setInputFiles(`${form} input[data-attach=photo]`, await photo('IMG_0001.jpg')),
      ]);
      expect(answer.status()).to.equal(201);
      await page.waitForSelector(`${form} li.att-file[data-state=uploaded] img.att-thumb`);
      await page.fill(`${form} textarea[name=reply]`, '已清理绿化带垃圾，照片为证。');
      expect(await pageWidth(page)).to.be.at.most(390);
      await screenshot(page, 'attachments-street-phone-reply');
      expect(await reachable(page, `${form} button[type=submit]`)).to.equal(true);
      await Promise.all([
        page.waitForResponse((r) => /\/levels\/\d+\/reply$/.test(r.url()) && r.status() === 200),
        page.tap(`${form} button[type=submit]`),
      ]);
      await page.waitForSelector(`${mine} [data-level-status=replied]`);
      const stored = await services.db('attachments').where({ ticket_id: t.id });
      expect(stored.map((a) => [a.purpose, a.name])).to.deep.equal([['reply', 'IMG_0001.jpg']]);
      await page.goto(`/tickets/${t.id}`);
      await page.waitForSelector(`[data-attachments] li.att[data-attachment="${stored[0].id}"] img.att-thumb`);
      expect(await page.textContent('[data-attachments]')).to.include('办结佐证');
      expect(await pageWidth(page)).to.be.at.most(390);
      await screenshot(page, 'attachments-street-phone-ticket');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it("a rectification order's reply takes 整改材料; its review's appeal takes 申诉材料, shown to the supervisor", async () => {
    const w = await makeWindow(h);
    const token = w.rating_url.split('/rate/')[1];
    await ok((await anonymous()).post('/api/v1/public/ratings', { token, score: 1, reason: '窗口人员态度生硬' }), 201);
    const { services } = await testApp();
    const rating = await services.db('ratings').where({ window_id: w.id }).first();
    const rect = await ok(h.handler.get(`/api/v1/tickets/${rating.rectification_ticket_id}`));
    await ok(h.handler.post(`/api/v1/tickets/${rect.id}/sign`, { version: rect.version }));
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, h.users.handler.user.username);
      await page.waitForSelector('body[data-ready=true]');
      await page.click('#tab-reviews');
      await page.click(`#reviews tr[data-key="${rating.id}"]`);
      const order = `#reviews .ticket[data-ticket="${rect.id}"]`;
      await page.waitForSelector(`${order} form[data-action=reply]`);
      if (await page.$(`${order} [data-action=contact]`)) {
        await recordContact(page, `${order} [data-action=contact]`);
        // The contact's answer redraws the order: a file chosen in the form it replaces would be lost with it.
        await page.waitForSelector(`${order} [data-action=contact]`, { state: 'detached' });
      }
      const form = `${order} form[data-action=reply]`;
      expect(await page.textContent(`${form} [data-picker=rectification] legend`)).to.include('整改材料');
      const [sent] = await Promise.all([uploaded(page), page.setInputFiles(`${form} input[data-attach=files]`, pdf)]);
      expect(sent.status()).to.equal(201);
      await page.waitForSelector(`${form} li.att-file[data-state=uploaded]`);
      await page.fill(`${form} textarea[name=resolution]`, '已对窗口人员批评教育，整改记录见附件。');
      await Promise.all([
        page.waitForResponse((r) => /\/reply$/.test(r.url()) && r.status() === 200),
        page.click(`${form} button[type=submit]`),
      ]);

      // The appeal of the review, with a photo of the counter's notice as its material.
      await page.click('#reviews [data-action=appeal]');
      const dialog = 'dialog.modal';
      await page.waitForSelector(`${dialog} [data-picker=appeal]`);
      const [appealed] = await Promise.all([
        uploaded(page),
        page.setInputFiles(`${dialog} input[data-attach=files]`, await photo('窗口公示.jpg')),
      ]);
      expect(appealed.status(), await appealed.text()).to.equal(201);
      await page.waitForSelector(`${dialog} li.att-file[data-state=uploaded]`);
      await page.fill(`${dialog} textarea[name=reason]`, '评价人当日并未到窗口办事，公示照片为证。');
      await Promise.all([
        page.waitForResponse((r) => /\/appeal$/.test(r.url()) && r.status() === 201),
        page.click(`${dialog} [data-submit]`),
      ]);
      const stored = await services.db('attachments').where({ ticket_id: rect.id }).orderBy('id');
      expect(stored.map((a) => [a.purpose, a.name, a.rating_id])).to.deep.equal([
        ['rectification', '居民来信.pdf', null],
        ['appeal', '窗口公示.jpg', rating.id],
      ]);

      // The supervisor deciding the appeal sees the material beside the decision.
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
    const supervisor = await openPage(STAFF);
    try {
      const page = supervisor.page;
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/supervise#appeals');
      await page.click(`#appeals tr[data-key="${rating.id}"]`);
      const material = await page.waitForSelector(`[data-appeal-material="${rating.id}"] li.att img.att-thumb`);
      expect(await material.getAttribute('alt')).to.equal('窗口公示.jpg');
      expect(await page.textContent(`[data-appeal-material="${rating.id}"]`)).to.include('申诉材料');
      expect(supervisor.errors).to.deep.equal([]);
    } finally {
      await supervisor.context.close();
    }
  });
});
