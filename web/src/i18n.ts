// Message catalogue: Chinese first, English available (?lang=en or the switch, remembered per browser). The names
// of the trade, the timeline's events and the server's messages come from the catalogue the server shares
// (server/i18n); the pages' own words are here and in each page's messages.ts.
import { catalogue, isMessageKey, render, type Params } from '../../server/i18n/index.ts';
const zh: Record<string, string> = {
  'app.name': '12345 政务服务便民热线',
  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.failed': '登录失败',
  'home.welcome': '欢迎，',
  'home.logout': '退出登录',
  'error.network': '网络连接失败，请检查网络后重试',
  'error.generic': '操作失败，请稍后重试',
  'lang.switch': 'English',
  'home.work': '待办',
  'home.work.requests': '待审批的退单、延期、挂起申请',
  'home.work.appeals': '待审核的差评申诉',
  'home.work.bursts': '待核实的异常集中评价',
  'home.work.board': '待发布的红蓝榜',
};

const en: Record<string, string> = {
  'app.name': '12345 Government Service Hotline',
  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.failed': 'Sign-in failed',
  'home.welcome': 'Welcome, ',
  'home.logout': 'Sign out',
  'error.network': 'Network error, please retry',
  'error.generic': 'Something went wrong, please retry',
  'lang.switch': '中文',
  'home.work': 'Your work',
  'home.work.requests': 'Return, extension and suspension requests to decide',
  'home.work.appeals': 'Appeals against bad reviews to decide',
  'home.work.bursts': 'Held bursts of ratings to confirm or void',
  'home.work.board': 'Red/blue boards to publish',
};

const catalogues: Record<string, Record<string, string>> = { zh, en };

export function lang(): 'zh' | 'en' {
  const q = new URLSearchParams(location.search).get('lang');
  if (q === 'en' || q === 'zh') localStorage.setItem('lang', q);
  return localStorage.getItem('lang') === 'en' ? 'en' : 'zh';
}

/** Adds page-specific messages to the catalogues. */
export function extend(more: { zh: Record<string, string>; en: Record<string, string> }): void {
  Object.assign(zh, more.zh);
  Object.assign(en, more.en);
}

export function t(key: string): string {
  const l = lang();
  return catalogues[l][key] ?? (isMessageKey(key) ? catalogue[key][l] : undefined) ?? zh[key] ?? key;
}

/**
 * A message of the server's catalogue in the page's language: what an error answer names by `key` and `params`.
 * The server's English is lower case, worded to follow the Chinese half; on its own it reads as a sentence.
 */
export function say(key: string, params?: Params): string | null {
  if (!isMessageKey(key)) return null;
  const text = render(key, params, lang());
  return lang() === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** Fills every element with data-i18n="key" and sets <html lang>. */
export function translatePage(root: ParentNode = document): void {
  document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n!);
  });
  root.querySelectorAll<HTMLElement>('[data-i18n-placeholder]').forEach((el) => {
    (el as HTMLInputElement).placeholder = t(el.dataset.i18nPlaceholder!);
  });
}

/**
 * The server writes its messages as "中文 / English": the half in the page's language. For the words that carry no
 * key (a system note on the timeline, an answer from an older server); an error's key is worded by say(). The split
 * is at the first " / " with Chinese before it and a Latin letter or digit after it, so a name holding " / "
 * (城建 / 道路) stays whole, the English half may hold " / " itself, and text in one language passes unchanged
 * (splitting twice is harmless).
 */
export function oneLanguage(text: string): string {
  const cjk = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;
  for (let i = text.indexOf(' / '); i >= 0; i = text.indexOf(' / ', i + 1)) {
    const before = text.slice(0, i);
    const after = text.slice(i + 3);
    // The server's English halves start in lower case ("invalid input"); on their own they read as sentences.
    if (cjk.test(before) && /^[A-Za-z0-9"'(]/.test(after))
      return lang() === 'en' ? after.charAt(0).toUpperCase() + after.slice(1) : before;
  }
  return text;
}

/**
 * Switches the language and shows the page again in it. A reload, not `location.href = same URL`: on a page
 * with a tab in its address (/console#missed) that would only move to the fragment, and nothing would change.
 */
export function toggleLang(): void {
  localStorage.setItem('lang', lang() === 'en' ? 'zh' : 'en');
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.delete('lang');
    location.replace(url.toString());
  } else {
    location.reload();
  }
}
