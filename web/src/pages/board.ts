// /board?month=YYYY-MM: a published red/blue board, read without signing in (the publication mail links here);
// without a month, the latest published one. A month not yet published says so instead of showing a preview.
import '../board/board.css';
import '../board/messages.ts';
import { ApiError, get } from '../api.ts';
import { t, toggleLang, translatePage } from '../i18n.ts';
import { boardList, rankingTable, unrankedNames, type BoardGroup } from '../ui/board-table.ts';
import { h, fill } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';
import { boardValues, publicSettings, withValues, type PublicSettings } from '../ui/settings.ts';

interface Board {
  month: string;
  published_at: string | null;
  groups: BoardGroup[];
}

const fillIn = (text: string, v: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k) => v[k] ?? '');

function group(g: BoardGroup, s: PublicSettings): HTMLElement {
  const ranked = g.ranked ?? [];
  return h(
    'section',
    { class: 'card group', 'data-group': g.group },
    h('h2', null, g.group),
    ranked.length < s.leaderboard.min_ranked
      ? h('p', { class: 'muted small' }, withValues(t('pb.none'), boardValues(s)))
      : h(
          'div',
          { class: 'lists' },
          boardList('list red', t('pb.red'), g.red),
          boardList('list blue', t('pb.blue'), g.blue),
        ),
    ranked.length
      ? h(
          'details',
          null,
          h('summary', null, t('pb.ranking')),
          rankingTable(ranked, {
            rank: t('pb.rank'),
            department: t('pb.department'),
            score: t('pb.score'),
            received: t('pb.received'),
          }),
        )
      : null,
    g.unranked.length ? h('p', { class: 'muted small' }, t('pb.unranked'), unrankedNames(g.unranked)) : null,
  );
}

function monthForm(month: string): HTMLElement {
  return h(
    'form',
    { class: 'month-form', method: 'get', action: '/board' },
    h('label', null, t('pb.month'), ' ', h('input', { type: 'month', name: 'month', value: month, required: true })),
    h('button', { type: 'submit', class: 'primary' }, t('pb.show')),
  );
}

async function main() {
  translatePage();
  document.getElementById('lang')?.addEventListener('click', toggleLang);
  const main = document.getElementById('main')!;
  const month = new URLSearchParams(location.search).get('month') ?? '';
  try {
    const [b, s] = await Promise.all([
      get<Board>(month ? `/public/leaderboards/${encodeURIComponent(month)}` : '/public/leaderboards/latest'),
      publicSettings(),
    ]);
    fill(
      main,
      monthForm(b.month),
      h('h2', { id: 'board-title' }, fillIn(t('pb.heading'), { month: b.month })),
      h('p', { class: 'muted', id: 'board-published' }, fillIn(t('pb.published'), { at: fmtTime(b.published_at) })),
      b.groups.map((g) => group(g, s)),
      h('p', { class: 'muted small' }, withValues(t('pb.rule'), boardValues(s))),
    );
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    fill(
      main,
      monthForm(month),
      h('p', { class: 'card', id: 'board-missing' }, month ? fillIn(t('pb.notFound'), { month }) : t('pb.noneYet')),
    );
  }
  document.body.dataset.ready = 'true';
}

void main();
