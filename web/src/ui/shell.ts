// The frame of every staff page: who is signed in, the role's pages, language switch and sign-out.
// Pages only hide what the server would refuse anyway; every permission is decided there.
import './staff.css';
import { api, get } from '../api.ts';
import { lang, t, toggleLang, translatePage } from '../i18n.ts';
import { h, fill } from './dom.ts';
import { HOMES } from './nav.ts';
import './names.ts';
import { changePasswordDialog } from './password.ts';

export interface Me {
  id: number;
  username: string;
  display_name: string;
  role: string;
  department_id: number | null;
}

/** Signs the page in (or sends the person to sign in), draws the header, and answers the user. */
export async function startPage(o: { page: string; roles: string[]; title: string }): Promise<Me> {
  translatePage();
  const me = await get<Me>('/auth/me').catch(() => null);
  if (!me) {
    location.href = '/?next=' + encodeURIComponent(location.pathname + location.search);
    return new Promise(() => {}); // leaving
  }
  document.title = `${o.title} · 12345`;
  const en = lang() === 'en';
  const links = (HOMES[me.role] ?? []).map((l) =>
    h('a', { href: l.href, 'aria-current': location.pathname === l.href ? 'page' : undefined }, en ? l.en : l.zh),
  );
  fill(
    document.querySelector('header.bar')!,
    h('h1', null, h('a', { href: '/', class: 'home' }, t('app.name'))),
    h('nav', { class: 'pages' }, links),
    h('span', { class: 'who' }, me.display_name, ' ', h('span', { class: 'badge' }, t(`role.${me.role}`))),
    h('button', { type: 'button', id: 'lang', onclick: toggleLang }, t('lang.switch')),
    h('button', { type: 'button', id: 'change-password', onclick: () => changePasswordDialog() }, t('pw.change')),
    h(
      'button',
      {
        type: 'button',
        id: 'logout',
        onclick: async () => {
          await api('POST', '/auth/logout');
          location.href = '/';
        },
      },
      t('ui.signout'),
    ),
  );
  if (!o.roles.includes(me.role)) {
    fill(
      document.getElementById('main')!,
      h('section', { class: 'card' }, h('p', null, t('ui.forbidden')), h('a', { href: '/' }, t('ui.home'))),
    );
    return new Promise(() => {});
  }
  return me;
}

/** Tabs over sections (several tabs may share one section): each shows its section and tells the page. */
export function tabs(
  bar: HTMLElement,
  sections: Record<string, HTMLElement>,
  shown: (name: string) => void,
): (name: string) => void {
  const buttons = Object.keys(sections).map((name) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${name}`,
        'data-tab': name,
        onclick: () => show(name),
      },
      t(`tab.${name}`),
      h('span', { class: 'count', 'data-count': name }),
    ),
  );
  fill(bar, buttons);
  bar.setAttribute('role', 'tablist');
  function show(name: string) {
    for (const el of Object.values(sections)) el.hidden = true;
    sections[name].hidden = false;
    for (const b of buttons) b.setAttribute('aria-selected', String(b.dataset.tab === name));
    history.replaceState(null, '', `#${name}`);
    shown(name);
  }
  const first = location.hash.slice(1);
  show(first in sections ? first : Object.keys(sections)[0]);
  // A link to another tab of the same page (#calendar) changes only the hash: follow it.
  window.addEventListener('hashchange', () => {
    const name = location.hash.slice(1);
    if (name in sections && sections[name].hidden) show(name);
  });
  return show;
}

/** A number on a tab (orders waiting), or nothing when 0. */
export function setCount(name: string, n: number | null): void {
  const el = document.querySelector(`[data-count="${name}"]`);
  if (el) el.textContent = n ? String(n) : '';
}
