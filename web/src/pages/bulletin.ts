// The printable monthly bulletin (运行情况通报): /bulletin?month=YYYY-MM, the month just ended by default. An A4
// document on screen; the browser's print leaves out everything but the document.
import '../bulletin/bulletin.css';
import '../bulletin/messages.ts';
import { get } from '../api.ts';
import { say, t } from '../i18n.ts';
import { rankingTable } from '../ui/board-table.ts';
import { h, fill } from '../ui/dom.ts';
import { delta, fmtTime, pct, previousMonth, today } from '../ui/format.ts';
import { FIGURES, named } from '../ui/names.ts';
import { startPage } from '../ui/shell.ts';
import { hotIssuesSection, type HotIssues } from '../bulletin/hot-issues.ts';

type Rates = Record<(typeof FIGURES)[number], number | null> & { received: number };
interface Entry {
  department_id: number;
  name: string;
  score: number;
  rank: number;
}
interface Bulletin {
  month: string;
  period: { from: string; to: string };
  previous_period: { from: string; to: string };
  to_date: boolean;
  city: Rates & { previous: Rates; ratings: number; bad: number };
  calls: {
    inbound: number;
    answered: number;
    connection_rate: number | null;
    connection_rate_15s: number | null;
    previous: { connection_rate: number | null };
    /** 转接: calls put through to 110/119/120/122, in all and per partner. */
    transferred?: number;
    transferred_to?: Record<string, number>;
  };
  groups: Array<{ group: string; total: Rates; departments: Array<Rates & { department_id: number; name: string }> }>;
  categories: Array<Rates & { category_id: number | null; name: string | null }>;
  leaderboard: {
    published_at: string | null;
    groups: Array<{ group: string; red: Entry[]; blue: Entry[]; unranked: Array<{ name: string }> }>;
  };
  /** 每月热点分析 (bulletin/hot-issues.ts). */
  hot_issues?: HotIssues;
}

const fill$ = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));
const cell = (f: (typeof FIGURES)[number], r: Rates) =>
  h('td', { class: 'num' }, f === 'received' ? String(r[f]) : pct(r[f]));
const signed = (n: number) => `${n > 0 ? '+' : ''}${n}`;

/** A count's change from the period compared with: in orders and as a percentage of what it was (none from 0). */
function countChange(now: number, before: number): string {
  const orders = fill$(t('b.momOrders'), { d: signed(now - before) });
  if (before <= 0) return orders;
  const p = ((now - before) / before) * 100;
  return `${orders}，${fill$(t('b.momPercent'), { d: `${p > 0 ? '+' : ''}${p.toFixed(1)}` })}`;
}

/** "3月5日" / "Mar 5" style day of a date, for "to date" wording. */
const dayOf = (date: string) =>
  fill$(t('b.day'), { m: String(Number(date.slice(5, 7))), d: String(Number(date.slice(8, 10))) });

function figureTable(first: string, rows: Array<{ label: string; rates: Rates; total?: boolean }>): HTMLElement {
  return h(
    'table',
    null,
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, first),
        FIGURES.map((f) => h('th', { class: 'num' }, named('figure', f))),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          { class: r.total ? 'total' : undefined },
          h('td', null, r.label),
          FIGURES.map((f) => cell(f, r.rates)),
        ),
      ),
    ),
  );
}

function list(kind: 'red' | 'blue', entries: Entry[]): HTMLElement {
  return h(
    'div',
    { class: kind },
    h('h4', null, t(`b.${kind}`)),
    entries.length === 0
      ? h('p', null, t('b.none'))
      : rankingTable(entries, { rank: t('b.rank'), department: t('t.department'), score: t('b.score') }),
  );
}

function render(b: Bulletin): HTMLElement {
  const [y, m] = b.month.split('-');
  const c = b.city;
  return h(
    'article',
    { class: 'bulletin', id: 'bulletin' },
    h('h1', null, fill$(t('b.heading'), { y, m: String(Number(m)) })),
    // A month under way is reported to date and compared with the same days of the month before.
    b.to_date ? h('p', { class: 'meta', id: 'to-date' }, fill$(t('b.toDate'), { day: dayOf(b.period.to) })) : null,
    h(
      'p',
      { class: 'meta', id: 'bulletin-meta' },
      fill$(t(b.to_date ? 'b.metaToDate' : 'b.meta'), {
        from: b.period.from,
        to: b.period.to,
        pfrom: b.previous_period.from,
        pto: b.previous_period.to,
      }),
    ),
    h('h2', null, t('b.s1')),
    h(
      'p',
      { class: 'text', id: 'calls-text' },
      fill$(t(b.to_date ? 'b.callsToDate' : 'b.calls'), {
        day: dayOf(b.period.to),
        inbound: b.calls.inbound,
        answered: b.calls.answered,
        rate: pct(b.calls.connection_rate),
        rate15: pct(b.calls.connection_rate_15s),
        mom: delta(b.calls.connection_rate, b.calls.previous.connection_rate),
      }),
      // 转接 (12345与110联动): the month's calls put through to 110/119/120/122, per partner.
      ' ',
      say('linkage.bulletin', {
        n: b.calls.transferred ?? 0,
        p110: b.calls.transferred_to?.['110'] ?? 0,
        p119: b.calls.transferred_to?.['119'] ?? 0,
        p120: b.calls.transferred_to?.['120'] ?? 0,
        p122: b.calls.transferred_to?.['122'] ?? 0,
      }),
    ),
    h(
      'p',
      { class: 'text', id: 'orders-text' },
      fill$(t('b.orders'), {
        received: c.received,
        mom: countChange(c.received, c.previous.received),
        sign: pct(c.sign_timely_rate),
        done: pct(c.completion_rate),
        ontime: pct(c.on_time_rate),
        ratings: c.ratings,
        sat: pct(c.satisfaction_rate),
        bad: c.bad,
        rect: pct(c.rectification_rate),
      }),
    ),
    h('h2', null, t('b.s2')),
    b.groups.length === 0
      ? h('p', null, t('b.empty'))
      : b.groups.map((g) => [
          h('h3', null, g.group),
          figureTable(t('t.department'), [
            ...g.departments.map((d) => ({ label: d.name, rates: d })),
            { label: t('b.total'), rates: g.total, total: true },
          ]),
        ]),
    h('h2', null, t('b.s3')),
    h(
      'p',
      { class: 'text' },
      b.leaderboard.published_at
        ? fill$(t('b.published'), { at: fmtTime(b.leaderboard.published_at) })
        : t(b.to_date ? 'b.previewToDate' : 'b.preview'),
    ),
    b.leaderboard.groups.map((g) => [
      h('h3', null, g.group),
      h('div', { class: 'lists' }, list('red', g.red), list('blue', g.blue)),
      g.unranked.length
        ? h('p', { class: 'muted small' }, fill$(t('b.unranked'), { names: g.unranked.map((u) => u.name).join('、') }))
        : null,
    ]),
    h('h2', null, t('b.s4')),
    b.categories.length === 0
      ? h('p', null, t('b.empty'))
      : figureTable(
          t('b.category'),
          b.categories.map((x) => ({ label: x.name ?? t('b.noCategory'), rates: x })),
        ),
    b.hot_issues ? hotIssuesSection(b.hot_issues) : null,
  );
}

async function main() {
  await startPage({ page: 'bulletin', roles: ['supervisor', 'admin'], title: t('b.title') });
  const params = new URLSearchParams(location.search);
  // The month just ended by the server's clock (the browser's may differ), unless the address names one.
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '')
    ? params.get('month')!
    : await get<{ month: string }>('/leaderboards').then(
        (i) => i.month,
        () => previousMonth(today().slice(0, 7)),
      );
  const picker = h('input', { type: 'month', name: 'month', value: month, 'aria-label': t('b.month') });
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, h('span', { class: 'spinner' })));
  const toolbar = h(
    'form',
    {
      class: 'toolbar no-print',
      id: 'bulletin-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        location.search = `?month=${picker.value}`;
      },
    },
    h('label', null, t('b.month'), ' ', picker),
    h('button', { type: 'submit', class: 'secondary' }, t('b.show')),
    h('button', { type: 'button', class: 'primary', id: 'print', onclick: () => window.print() }, t('b.print')),
    h('a', { href: '/supervise#report', class: 'grow' }, t('b.back')),
  );
  fill(document.getElementById('main')!, toolbar, body);
  try {
    const b = await get<Bulletin>(`/reports/bulletin?month=${month}`);
    fill(body, render(b));
  } catch (err) {
    fill(body, h('p', { class: 'error', role: 'alert' }, (err as Error).message));
  }
  body.removeAttribute('aria-busy');
}

void main();
