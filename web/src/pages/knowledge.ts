// 知识库: the articles operators answer callers from. Supervisors and administrators maintain every article; a
// department's handlers see and maintain their own department's (the server enforces it either way).
import '../knowledge/messages.ts';
import '../knowledge/knowledge.css';
import { get } from '../api.ts';
import { t } from '../i18n.ts';
import { debounce, fill, h } from '../ui/dom.ts';
import { loadCategories, names, qs } from '../ui/data.ts';
import { fmtTime } from '../ui/format.ts';
import { startPage } from '../ui/shell.ts';
import { ListView } from '../ui/table.ts';
import { ArticleEditor } from '../knowledge/editor.ts';

interface Row {
  id: number;
  title: string;
  snippet: string;
  category_id: number | null;
  department_id: number | null;
  keywords: string[];
  active: boolean;
  use_count: number;
  updated_at: string;
}

async function main() {
  const me = await startPage({ page: 'knowledge', roles: ['supervisor', 'admin', 'handler'], title: t('k.title') });
  const [departments, categories] = await Promise.all([names('departments'), loadCategories()]);
  const categoryNames = new Map(categories.map((c) => [c.id, c.name]));
  const own = me.role === 'handler' ? (me.department_id ?? undefined) : undefined;

  const search = h('input', {
    type: 'search',
    id: 'kb-search',
    placeholder: t('k.search'),
    'aria-label': t('k.search'),
  });
  const show = h(
    'select',
    { id: 'kb-show', 'aria-label': t('k.show') },
    h('option', { value: 'all' }, t('k.showAll')),
    h('option', { value: 'active' }, t('k.showActive')),
  );
  const list: ListView<Row> = new ListView<Row>({
    columns: [
      {
        label: t('k.articleTitle'),
        cell: (a) => [h('strong', null, a.title), h('div', { class: 'snippet' }, a.snippet)],
      },
      { label: t('k.category'), cell: (a) => (a.category_id ? (categoryNames.get(a.category_id) ?? '') : '—') },
      { label: t('k.department'), cell: (a) => (a.department_id ? (departments.get(a.department_id) ?? '') : '—') },
      {
        label: t('k.state'),
        cell: (a) =>
          h('span', { class: `badge ${a.active ? 'r-approved' : ''}` }, a.active ? t('k.active') : t('k.inactive')),
        class: 'nowrap',
      },
      { label: t('k.uses'), cell: (a) => a.use_count, class: 'num' },
      { label: t('k.updated'), cell: (a) => fmtTime(a.updated_at), class: 'nowrap' },
    ],
    load: ({ page, per_page }) =>
      get(
        `/knowledge${qs({
          q: search.value.trim().slice(0, 50),
          department_id: own,
          include_inactive: show.value === 'all',
          page,
          per_page,
        })}`,
      ),
    onRow: (a) => void editor.open(a.id),
    rowKey: (a) => a.id,
    rowClass: (a) => (a.active ? '' : 'withdrawn'),
    empty: t('k.empty'),
  });
  const editor = new ArticleEditor(
    me,
    categories.filter((c) => c.active).map((c) => [c.id, c.name]),
    departments,
    async (id) => {
      list.selected = id;
      await list.reload();
    },
  );
  const refresh = debounce(() => void list.reload(true), 300);
  search.addEventListener('input', refresh);
  show.addEventListener('change', () => void list.reload(true));

  fill(
    document.getElementById('main')!,
    h(
      'div',
      { id: 'kb-page' },
      h('p', { class: 'muted small' }, own ? t('k.scope') : t('k.scopeAll')),
      h(
        'div',
        { class: 'split' },
        h(
          'section',
          null,
          h(
            'div',
            { class: 'toolbar' },
            search,
            show,
            h(
              'button',
              {
                type: 'button',
                class: 'primary',
                id: 'kb-new',
                onclick: () => {
                  list.selected = null;
                  editor.blank();
                },
              },
              t('k.new'),
            ),
          ),
          list.el,
        ),
        editor.el,
      ),
    ),
  );
  await list.reload();
  document.body.dataset.ready = 'true';
}

void main();
