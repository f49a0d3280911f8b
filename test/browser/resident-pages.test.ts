// The resident pages (rating, progress look-up) in every state a resident meets, on a common phone (390 px) and a
// small one (320 px), in Chinese and in English: nothing wider than the screen, everything to tap at least 44 px,
// inputs large enough that the phone does not zoom, text large enough to read, and a clear word for each outcome.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { closeBrowser, openPage, PHONE, screenshot } from './browser.ts';
import { newPhone } from '../helpers/calls.ts';
import { accepted, hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { queryCodeOf } from '../helpers/texts.ts';

const SMALL = { width: 320, height: 640 };

/** Every layout problem of the page as it is now, in words (an empty list is a pass). */
async function problems(page: Page, width: number): Promise<string[]> {
  // The test runner compiles this file keeping function names, through a helper the page does not have.
  await page.evaluate('window.__name ??= (f) => f');
  return page.evaluate((w) => {
    const found: string[] = [];
    if (document.documentElement.scrollWidth > w)
      found.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${w}`);
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    };
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${(e.textContent ?? '').trim().slice(0, 20)}"`;
    for (const e of document.querySelectorAll(
      'button, a[href], input:not([type=radio]), textarea, select, label.level',
    )) {
      if (!visible(e)) continue;
      const r = e.getBoundingClientRect();
      if (r.height < 44 - 0.5 || r.width < 44 - 0.5)
        found.push(`small target ${name(e)} ${Math.round(r.width)}x${Math.round(r.height)}`);
      if (r.right > w + 0.5) found.push(`cut off ${name(e)}`);
    }
    for (const e of document.querySelectorAll('input, textarea')) {
      if (visible(e) && parseFloat(getComputedStyle(e).fontSize) < 16)
        found.push(`input text under 16 px (the phone zooms): ${name(e)}`);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement!;
      if (!n.textContent!.trim() || !visible(parent)) continue;
      if (parseFloat(getComputedStyle(parent).fontSize) < 14) found.push(`text under 14 px: ${name(parent)}`);
    }
    return found;
  }, width);
}

async function expectFits(page: Page, width: number, shot: string) {
  await screenshot(page, shot);
  expect(await problems(page, width), shot).to.deep.equal([]);
}

describe('resident pages at phone size (browser)', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  after(closeBrowser);

  for (const [viewport, lang] of [
    [PHONE, 'zh'],
    [SMALL, 'zh'],
    [SMALL, 'en'],
  ] as const) {
    const tag = `${viewport.width}-${lang}`;

    it(`rating page fits a ${viewport.width} px phone in every state (${lang})`, async () => {
      const t = await replied(h);
      const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
      const { context, page, errors } = await openPage(viewport, lang);
      try {
        await page.goto(`/rate/${token}?lang=${lang}`);
        await page.waitForSelector('#form:not([hidden])');
        await expectFits(page, viewport.width, `resident-rate-form-${tag}`);
        await page.click('.level[data-score="2"]');
        await page.click('#submit');
        expect(await page.textContent('#error')).to.not.equal('');
        await expectFits(page, viewport.width, `resident-rate-reason-${tag}`);
        await page.click('#reasons .chip >> nth=0');
        await page.click('#submit');
        await page.waitForSelector('#done:not([hidden])');
        await expectFits(page, viewport.width, `resident-rate-thanks-${tag}`);
        await page.goto(`/rate/not-a-real-link?lang=${lang}`);
        await page.waitForSelector('#notice:not([hidden])');
        await expectFits(page, viewport.width, `resident-rate-invalid-${tag}`);
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    });

    it(`progress page fits a ${viewport.width} px phone in every state (${lang})`, async () => {
      const phone = newPhone();
      const t = await accepted(h, { caller_phone: phone, title: '小区路灯不亮'.repeat(3) });
      await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/reply`, {
          version: t.version,
          resolution: '已安排维修人员于本周内上门检修路灯，'.repeat(4),
        }),
      );
      const { context, page, errors } = await openPage(viewport, lang);
      try {
        await page.goto(`/track?lang=${lang}`);
        await expectFits(page, viewport.width, `resident-track-form-${tag}`);
        await page.fill('#number', t.number);
        const code = await queryCodeOf(t.number);
        await page.fill('#code', code === '000000' ? '111111' : '000000');
        await page.click('#submit');
        await page.waitForFunction(() => document.getElementById('error')!.textContent !== '');
        await expectFits(page, viewport.width, `resident-track-not-found-${tag}`);
        await page.fill('#code', code);
        await page.click('#submit');
        await page.waitForSelector('#result:not([hidden])');
        await expectFits(page, viewport.width, `resident-track-result-${tag}`);
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    });
  }

  it('says plainly when the phone has no connection, and lets the resident try again', async () => {
    const t = await replied(h);
    const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
    const { context, page } = await openPage(PHONE);
    try {
      let offline = true;
      await page.route('**/api/v1/public/**', (route) =>
        offline ? route.abort('internetdisconnected') : route.continue(),
      );
      await page.goto(`/rate/${token}`);
      await page.waitForSelector('#notice:not([hidden])');
      expect(await page.textContent('#notice-title')).to.equal('网络连接失败');
      await expectFits(page, PHONE.width, 'resident-rate-offline');
      offline = false;
      await page.click('#retry');
      await page.waitForSelector('#form:not([hidden])');

      await page.goto('/track');
      offline = true;
      await page.fill('#number', t.number);
      await page.fill('#code', '123456');
      await page.click('#submit');
      await page.waitForFunction(() => document.getElementById('error')!.textContent !== '');
      expect(await page.textContent('#error')).to.include('网络');
    } finally {
      await context.close();
    }
  });

  it('takes a ticket number pasted with spaces', async () => {
    const phone = newPhone();
    const t = await accepted(h, { caller_phone: phone });
    const { context, page } = await openPage(PHONE);
    try {
      await page.goto('/track');
      await page.fill('#number', t.number.replace(/(\d{4})(\d{4})(\d{6})/, '$1 $2 $3'));
      await page.fill('#code', await queryCodeOf(t.number));
      await page.click('#submit');
      await page.waitForSelector('#result:not([hidden])');
      expect(await page.textContent('#facts')).to.include(t.number);
    } finally {
      await context.close();
    }
  });
});
