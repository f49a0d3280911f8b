import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInThroughForm as signInAs } from './browser.ts';
import { signedIn } from '../helpers/factories.ts';

describe('sign-in page (browser)', () => {
  after(closeBrowser);

  it('signs a supervisor in and shows their page, in Chinese first', async () => {
    const { user } = await signedIn('supervisor');
    const { context, page, errors } = await openPage();
    try {
      await page.goto('/');
      expect(await page.textContent('h1')).to.include('12345');
      expect(await page.getAttribute('html', 'lang')).to.equal('zh-CN');
      await signInAs(page, user.username);
      await page.waitForURL(/\/supervise/);
      expect(await page.textContent('header.bar .who .badge')).to.equal('督办人员');
      await screenshot(page, 'sign-in-home');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('shows a wrong password in words a person understands', async () => {
    const { user } = await signedIn('operator');
    const { context, page } = await openPage();
    try {
      await page.goto('/?lang=zh');
      await page.fill('#username', user.username);
      await page.fill('#password', 'not-the-password');
      await page.click('#login button[type=submit]');
      await page.waitForFunction(() => document.getElementById('error')!.textContent!.length > 0);
      expect(await page.textContent('#error')).to.include('用户名或密码错误');
    } finally {
      await context.close();
    }
  });

  it('switches to English', async () => {
    const { context, page } = await openPage();
    try {
      await page.goto('/?lang=en');
      expect(await page.textContent('#login h2')).to.equal('Sign in');
      expect(await page.getAttribute('html', 'lang')).to.equal('en');
    } finally {
      await context.close();
    }
  });
});
