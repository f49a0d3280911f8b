// Sign-in, then each role's home.
import { ApiError, api, get, post } from '../api.ts';
import { t, toggleLang, translatePage } from '../i18n.ts';

/** Each role's pages; later pages add themselves here. */
const HOMES: Record<string, { href: string; zh: string; en: string }[]> = {
  operator: [], handler: [], supervisor: [{ href: '/dashboard', zh: '实时大屏', en: 'Live dashboard' }], admin: [],
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function showHome() {
  const me = await get('/auth/me').catch(() => null);
  if (!me) return;
  $('login').hidden = true;
  $('home').hidden = false;
  $('who').textContent = me.display_name;
  $('role').textContent = t(`role.${me.role}`);
  const next = new URLSearchParams(location.search).get('next');
  if (next && next.startsWith('/')) { location.href = next; return; }
  const en = localStorage.getItem('lang') === 'en';
  $('links').replaceChildren(...(HOMES[me.role] ?? []).map((l) => {
    const a = document.createElement('a');
    a.href = l.href;
    a.textContent = en ? l.en : l.zh;
    a.className = 'secondary';
    return a;
  }));
}

translatePage();
$('lang').addEventListener('click', toggleLang);
$<HTMLFormElement>('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = $<HTMLButtonElement>('login').querySelector('button')!;
  button.disabled = true;
  $('error').textContent = '';
  try {
    await post('/auth/login', { username: $<HTMLInputElement>('username').value, password: $<HTMLInputElement>('password').value });
    await showHome();
  } catch (err) {
    $('error').textContent = err instanceof ApiError ? err.message : t('login.failed');
  } finally {
    button.disabled = false;
  }
});
$('logout').addEventListener('click', async () => {
  await api('POST', '/auth/logout');
  location.href = '/';
});
void showHome();
