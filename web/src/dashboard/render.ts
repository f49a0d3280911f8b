// Puts a dashboard picture on screen: the headline figures, the department ranking and the red/blue lists.
// Text only through textContent (names come from the database). A figure that changed flashes once, so a change
// is noticed from across the room.
import { lang, t } from '../i18n.ts';
import type { BoardEntry, Dashboard, Rate } from './types.ts';

const $ = (id: string) => document.getElementById(id)!;

export const count = (n: number) => n.toLocaleString(lang() === 'en' ? 'en-US' : 'zh-CN');
/** A rate as a percentage with one decimal; a rate without denominator is "—", never 0% or 100%. */
export const percent = (r: Rate) => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

let painted = false;

/** A headline number shrinks to fit its tile rather than overflow it (a city's open orders run to 5 digits). */
export function fitText(e: HTMLElement): void {
  e.style.fontSize = '';
  if (e.scrollWidth <= e.clientWidth) return;
  e.style.fontSize = `${((parseFloat(getComputedStyle(e).fontSize) * e.clientWidth) / e.scrollWidth) * 0.98}px`;
}

function set(id: string, text: string) {
  const e = $(id);
  if (e.textContent === text) return;
  e.textContent = text;
  if (e.classList.contains('num')) fitText(e);
  if (!painted) return;
  e.classList.remove('flash');
  void e.offsetWidth; // restart the animation
  e.classList.add('flash');
}

export function renderFigures(d: Dashboard): void {
  const { calls, tickets, ratings } = d.overview;
  set('calls-inbound', count(calls.inbound));
  set('calls-rate', percent(calls.connection_rate));
  set('calls-rate15', percent(calls.connection_rate_15s));
  // 转接: the day's calls put through to 110/119/120/122 (docs/rules/figures.md "Calls").
  set('calls-transferred', count(calls.transferred ?? 0));
  set('tickets-created', count(tickets.created));
  set('tickets-open', count(tickets.open));
  set('tickets-yellow', count(tickets.yellow));
  set('tickets-red', count(tickets.red));
  set('ratings-count', count(ratings.count));
  set('ratings-bad', count(ratings.bad));
  set('ratings-rate', percent(ratings.satisfaction_rate));
  const m = d.month_rates;
  if (m) {
    set('month-response', percent(m.response_rate));
    set('month-resolution', percent(m.resolution_rate));
    set('month-satisfaction', percent(m.satisfaction_rate));
    set('month-callback', percent(m.callback_rate));
  }
  painted = true;
  const at = new Date(d.at);
  $('updated').textContent =
    `${t('dash.updated')} ` +
    `${at.toLocaleTimeString(lang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}`;
}

export function renderRanking(d: Dashboard): void {
  const top = d.ranking[0]?.score || 100;
  const items = d.ranking.map((r) => {
    const li = el('li', '');
    const bar = el('span', 'bar');
    bar.style.width = `${Math.max(0, (r.score / top) * 100)}%`;
    li.append(
      el('span', 'rank', String(r.rank)),
      el('span', 'name', r.name),
      el('span', 'group', r.group),
      el('span', 'meter'),
      el('span', 'score', r.score.toFixed(1)),
    );
    li.querySelector('.meter')!.append(bar);
    return li;
  });
  $('ranking').replaceChildren(...(items.length ? items : [el('li', 'empty', t('dash.empty'))]));
  fitRanking();
}

/** Shows as many ranking rows as the panel holds and says how many are left out. */
export function fitRanking(): void {
  const list = $('ranking');
  const rows = [...list.children] as HTMLElement[];
  rows.forEach((r) => {
    r.hidden = false;
  });
  const more = $('ranking-more');
  more.textContent = '';
  const bottom = list.getBoundingClientRect().bottom;
  const hidden = rows.filter((r) => r.getBoundingClientRect().bottom > bottom + 1);
  hidden.forEach((r) => {
    r.hidden = true;
  });
  if (hidden.length) more.textContent = t('dash.ranking.more').replace('{n}', String(hidden.length));
}

function boardList(kind: 'red' | 'blue', entries: BoardEntry[]) {
  const box = el('div', `list ${kind}`);
  box.append(el('h4', '', t(kind === 'red' ? 'dash.red_list' : 'dash.blue_list')));
  const ol = el('ol', '');
  for (const e of entries) {
    const li = el('li', '');
    li.append(el('span', 'rank', String(e.rank)), el('span', 'name', e.name), el('span', 'score', e.score.toFixed(1)));
    ol.append(li);
  }
  if (!entries.length) ol.append(el('li', 'empty', t('dash.empty')));
  box.append(ol);
  return box;
}

export function renderBoard(d: Dashboard): void {
  const b = d.leaderboard;
  const [y, m] = b.month.split('-');
  $('board-month').textContent =
    (lang() === 'en' ? b.month : `${y}年${Number(m)}月`) + (b.published_at ? '' : t('dash.board.preview'));
  const groups = b.groups.map((g) => {
    const box = el('div', 'board-group');
    const lists = el('div', 'lists');
    lists.append(boardList('red', g.red), boardList('blue', g.blue));
    box.append(el('h3', '', g.group), lists);
    return box;
  });
  $('board').replaceChildren(...(groups.length ? groups : [el('p', 'empty', t('dash.empty'))]));
}
