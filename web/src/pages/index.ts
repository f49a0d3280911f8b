// Sign-in, then each role's home.
import { ApiError, api, get, post } from '../api.ts';
import { t, toggleLang, translatePage } from '../i18n.ts';
import { HOMES, MAIN_PAGE } from '../ui/nav.ts';
import { sameSiteNext } from '../ui/next.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Right after signing in, a role with one main page goes straight to it. */
async function showHome(signedInNow = false) {
  const me = await get('/auth/me').catch(() => null);
  if (!me) return;
  // Leave before showing the home, so nobody sees (or waits on) a page that is about to go.
  const next = sameSiteNext(new URLSearchParams(location.search).get('next'), location.origin);
  if (next) {
    location.href = next;
    return;
  }
  if (signedInNow && MAIN_PAGE[me.role]) {
    location.href = MAIN_PAGE[me.role]!;
    return;
  }
  $('login').hidden = true;
  $('home').hidden = false;
  $('who').textContent = me.display_name;
  $('role').textContent = t(`role.${me.role}`);
  const pages = HOMES[me.role] ?? [];
  const en = localStorage.getItem('lang') === 'en';
  $('links').replaceChildren(
    ...pages.map((l) => {
      const a = document.createElement('a');
      a.href = l.href;
      a.textContent = en ? l.en : l.zh;
      a.className = 'secondary';
      return a;
    }),
  );
  if (me.role === 'supervisor') void showWork();
}

/**
 * A supervisor's home names their work, each with its count, opening the tab where it is done: requests and appeals
 * to decide, held bursts of ratings to confirm or void, boards waiting to be published. What cannot be read is left
 * out rather than shown as 0.
 */
async function showWork() {
  const count = <T>(path: string, n: (body: T) => number) =>
    get<T>(path)
      .then(n)
      .catch(() => null);
  const work: [string, string, number | null][] = await Promise.all([
    count<{ total: number }>('/requests?status=pending&per_page=1', (p) => p.total).then(
      (n) => ['/supervise#requests', 'home.work.requests', n] as [string, string, number | null],
    ),
    count<{ total: number }>('/ratings?appeal_status=pending&per_page=1', (p) => p.total).then(
      (n) => ['/supervise#appeals', 'home.work.appeals', n] as [string, string, number | null],
    ),
    count<{ items: unknown[] }>('/ratings/bursts', (p) => p.items.length).then(
      (n) => ['/supervise#bursts', 'home.work.bursts', n] as [string, string, number | null],
    ),
    count<{ awaiting: unknown[] }>('/leaderboards', (p) => p.awaiting.length).then(
      (n) => ['/supervise#board', 'home.work.board', n] as [string, string, number | null],
    ),
  ]);
  const items = work
    .filter(([, , n]) => n !== null)
    .map(([href, key, n]) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = href;
      a.textContent = `${t(key)} `;
      const b = document.createElement('b');
      b.className = n ? 'count' : 'count none';
      b.textContent = String(n);
      a.append(b);
      li.append(a);
      return li;
    });
  if (!items.length) return;
  const heading = document.createElement('h3');
  heading.textContent = t('home.work');
  const list = document.createElement('ul');
  list.append(...items);
  $('work').replaceChildren(heading, list);
  $('work').hidden = false;
}

translatePage();
$('lang').addEventListener('click', toggleLang);
$<HTMLFormElement>('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = $<HTMLButtonElement>('login').querySelector('button')!;
  button.disabled = true;
  $('error').textContent = '';
  try {
    await post('/auth/login', {
      username: $<HTMLInputElement>('username').value,
      password: $<HTMLInputElement>('password').value,
    });
    await showHome(true);
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
