// Sign-in against a stranger's guessing (issue 11): the stranger's failures come from another real address
// (127.0.0.2, helpers/from-address.ts), the owner uses the page from the browser's own (127.0.0.1).
import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInThroughForm as signInAs } from './browser.ts';
import { signedIn, uniq } from '../helpers/factories.ts';
import { postFrom } from '../helpers/from-address.ts';
import { testApp } from '../helpers/test-app.ts';

const STAFF = { width: 1366, height: 768 };

describe('sign-in under attack (browser)', () => {
  after(closeBrowser);

  it('the administrator signs in from the page after a stranger locked the account from another address', async () => {
    const { user } = await signedIn('admin');
    const { baseUrl } = await testApp();
    const answers: number[] = [];
    for (let i = 1; i <= 6; i++) {
      answers.push(
        (
          await postFrom('127.0.0.2', baseUrl, '/api/v1/auth/login', {
            username: user.username,
            password: `guess-${i}`,
          })
        ).status,
      );
    }
    expect(answers).to.deep.equal([401, 401, 401, 401, 423, 423]);
    const { context, page, errors } = await openPage(STAFF);
    try {
      await signInAs(page, user.username);
      await page.waitForURL(/\/admin/);
      await page.waitForSelector('#departments-form');
      expect(await page.textContent('header.bar .who')).to.include(user.display_name);
      await screenshot(page, 'sign-in-after-stranger-lock');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('the owner who mistypes five times is told until when the account is locked, in Beijing time', async () => {
    const { user } = await signedIn('operator');
    const { context, page, errors } = await openPage(STAFF);
    try {
      await page.goto('/');
      await page.fill('#username', user.username);
      for (let i = 1; i <= 5; i++) {
        await page.fill('#password', `mistyped-${i}`);
        const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
        await page.click('#login button[type=submit]');
        expect((await answered).status(), `attempt ${i}`).to.equal(i < 5 ? 401 : 423);
      }
      await page.waitForFunction(() => document.getElementById('error')!.textContent!.includes('账号已锁定'));
      const said = await page.textContent('#error');
      expect(said).to.include('账号已锁定').and.include('北京时间').and.not.include('/ account');
      await screenshot(page, 'sign-in-locked-message');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it(
    'the administrator reads the password rule under the ' + 'field before typing, and a weak one is refused beside it',
    async () => {
      const { user } = await signedIn('admin');
      const { context, page, errors } = await openPage(STAFF);
      try {
        await signInAs(page, user.username);
        await page.waitForSelector('#departments-form');
        await page.click('#tab-users');
        const hint = page.locator('#users-form .field:has([name=password]) small.hint');
        expect(await hint.textContent())
          .to.include('至少 8 位')
          .and.include('不含用户名')
          .and.include('常见密码');
        const username = uniq('zhao');
        await page.fill('#users-form [name=username]', username);
        await page.fill('#users-form [name=display_name]', '赵敏');
        await page.fill('#users-form [name=password]', '12345678');
        await page.click('#users-form button[type=submit]');
        await page.waitForSelector('#users-form [name=password][aria-invalid=true]');
        expect(await page.textContent('#users-form .field-error')).to.match(/密码太弱|常见密码/);
        await screenshot(page, 'admin-weak-password-refused');
        const { services } = await testApp();
        expect(await services.db('users').where({ username })).to.have.length(0);
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    },
  );
});
