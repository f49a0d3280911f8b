// Message catalogue: Chinese first, English available (?lang=en or the switch, remembered per browser).
const zh: Record<string, string> = {
  'app.name': '12345 政务服务便民热线',
  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.failed': '登录失败',
  'home.welcome': '欢迎，',
  'home.logout': '退出登录',
  'role.operator': '话务员',
  'role.handler': '承办人员',
  'role.supervisor': '督办人员',
  'role.admin': '系统管理员',
  'error.network': '网络连接失败，请检查网络后重试',
  'error.generic': '操作失败，请稍后重试',
  'lang.switch': 'English',
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
  'role.operator': 'Operator',
  'role.handler': 'Department handler',
  'role.supervisor': 'Supervisor',
  'role.admin': 'Administrator',
  'error.network': 'Network error, please retry',
  'error.generic': 'Something went wrong, please retry',
  'lang.switch': '中文',
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
  return catalogues[lang()][key] ?? zh[key] ?? key;
}

/** Fills every element with data-i18n="key" and sets <html lang>. */
export function translatePage(root: ParentNode = document): void {
  document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n!); });
  root.querySelectorAll<HTMLElement>('[data-i18n-placeholder]').forEach((el) => {
    (el as HTMLInputElement).placeholder = t(el.dataset.i18nPlaceholder!);
  });
}

export function toggleLang(): void {
  localStorage.setItem('lang', lang() === 'en' ? 'zh' : 'en');
  const url = new URL(location.href);
  url.searchParams.delete('lang');
  location.href = url.toString();
}
