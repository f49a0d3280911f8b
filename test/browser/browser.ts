// Headless Debian Chromium driven by playwright-core, against the shared test service on a real port.
// Screenshots go to test-results/ (ignored by git) for a person to look at.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { testApp } from '../helpers/test-app.ts';
import { TEST_PASSWORD } from '../helpers/factories.ts';

let browser: Browser | null = null;

export async function launch(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };
export const WALL = { width: 1920, height: 1080 };

/** A fresh browser context (own cookies) at a viewport, with the page's console errors collected. */
export async function openPage(
  viewport = DESKTOP,
  lang: 'zh' | 'en' = 'zh',
): Promise<{ context: BrowserContext; page: Page; errors: string[]; baseUrl: string }> {
  const { baseUrl } = await testApp();
  const context = await (
    await launch()
  ).newContext({ viewport, locale: lang === 'en' ? 'en-US' : 'zh-CN', baseURL: baseUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Failed requests the page expects (401 before sign-in) are not script errors.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  return { context, page, errors, baseUrl };
}

// Signed in means the page has drawn its header with the person's name (startPage), not only that it loaded: tests
// read the header's links right after.
const SIGNED_IN = '#home:not([hidden]), body[data-page]:not([data-page=index]) header.bar .who';

/** Signs in through the sign-in page, as a person would. */
export async function signInThroughForm(page: Page, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login button[type=submit]');
  await page.waitForSelector(SIGNED_IN, { timeout: 10_000 });
}

/** Per file's service and role: the page the form led to. */
const formLanding = new Map<string, string>();

/**
 * Signs in as the user and opens the page the sign-in page leads their role to. A file's first sign-in of each role
 * goes through the form; the later ones (each test makes its own users) ask the sign-in endpoint from the page's
 * context, which keeps the session cookie as the form would, and open that page: the form was shown to work once,
 * and sign-in.test.ts and sign-in-lockout.test.ts test it with signInThroughForm. A refused sign-in goes through
 * the form, which shows why.
 */
export async function signInAs(page: Page, username: string, password = TEST_PASSWORD): Promise<void> {
  const { baseUrl, services } = await testApp();
  const user = await services.db('users').where({ username }).first('role');
  const key = `${baseUrl} ${user?.role}`;
  const landing = formLanding.get(key);
  if (user && landing) {
    const answer = await page.context().request.post('/api/v1/auth/login', {
      data: { username, password },
      headers: { origin: baseUrl },
    });
    if (answer.ok()) {
      await page.goto(landing);
      await page.waitForSelector(SIGNED_IN, { timeout: 10_000 });
      return;
    }
  }
  await signInThroughForm(page, username, password);
  if (user) formLanding.set(key, new URL(page.url()).pathname);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.resolve('test-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
