// Lists: a table with sortable headers, a pager, and a loading state; rows open a detail when clicked.
import { t } from '../i18n.ts';
import { h, fill, type Child } from './dom.ts';
import { showError } from './notice.ts';

export interface Column<T> {
  label: string;
  cell: (row: T) => Child;
  /** The API's sort key (created_at, due_at, updated_at): the header then sorts. */
  sort?: string;
  class?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ListOptions<T> {
  columns: Column<T>[];
  load: (q: { page: number; per_page: number; sort?: string }) => Promise<Page<T>>;
  onRow?: (row: T) => void;
  rowClass?: (row: T) => string;
  rowKey?: (row: T) => string | number;
  empty?: string;
  sort?: string;
  perPage?: number;
  /** Lists that are short by nature (a month's departments) show no pager. */
  paged?: boolean;
}

export class ListView<T> {
  readonly el = h('div', { class: 'list' });
  page = 1;
  sort: string | undefined;
  selected: string | number | null = null;
  rows: T[] = [];
  /** What an empty list says (a page may change it with its filter). */
  empty: string | undefined;
  private seq = 0;

  constructor(private readonly o: ListOptions<T>) {
    this.sort = o.sort;
    this.empty = o.empty;
  }

  /** Loads (again); a later call wins over a slower earlier one. */
  async reload(firstPage = false): Promise<void> {
    if (firstPage) this.page = 1;
    const mine = ++this.seq;
    this.el.setAttribute('aria-busy', 'true');
    this.el.classList.add('loading');
    try {
      const perPage = this.o.perPage ?? 20;
      const data = await this.o.load({ page: this.page, per_page: perPage, sort: this.sort });
      if (mine !== this.seq) return;
      // Past the end after rows went away (signed, decided): step back a page.
      if (data.items.length === 0 && this.page > 1 && data.total > 0) {
        this.page = Math.ceil(data.total / perPage);
        return this.reload();
      }
      this.rows = data.items;
      fill(
        this.el,
        this.table(data.items),
        this.o.paged === false
          ? null
          : pager(this.page, perPage, data.total, (p) => {
              this.page = p;
              void this.reload();
            }),
      );
    } catch (err) {
      if (mine !== this.seq) return;
      fill(this.el, h('p', { class: 'error' }));
      showError(err, this.el);
    } finally {
      if (mine === this.seq) {
        this.el.removeAttribute('aria-busy');
        this.el.classList.remove('loading');
      }
    }
  }

  private table(rows: T[]): HTMLElement {
    const o = this.o;
    const head = o.columns.map((c) => {
      if (!c.sort) return h('th', { class: c.class }, c.label);
      const dir = this.sort === c.sort ? 'asc' : this.sort === `-${c.sort}` ? 'desc' : null;
      return h(
        'th',
        { class: c.class, 'aria-sort': dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none' },
        h(
          'button',
          {
            type: 'button',
            class: 'sort',
            'data-sort': c.sort,
            onclick: () => {
              this.sort = dir === 'asc' ? `-${c.sort}` : c.sort;
              void this.reload(true);
            },
          },
          c.label,
          h('span', { 'aria-hidden': 'true' }, dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ' ↕'),
        ),
      );
    });
    const body =
      rows.length === 0
        ? [h('tr', null, h('td', { colspan: o.columns.length, class: 'empty' }, this.empty ?? t('ui.empty')))]
        : rows.map((row) => {
            const key = o.rowKey?.(row);
            const tr = h(
              'tr',
              {
                class:
                  [
                    o.rowClass?.(row),
                    o.onRow ? 'clickable' : '',
                    key !== undefined && key === this.selected ? 'selected' : '',
                  ]
                    .filter(Boolean)
                    .join(' ') || undefined,
                tabindex: o.onRow ? 0 : undefined,
                'data-key': key,
              },
              o.columns.map((c) => h('td', { class: c.class }, c.cell(row))),
            );
            if (o.onRow) {
              const open = () => {
                this.selected = key ?? null;
                this.el.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
                tr.classList.add('selected');
                o.onRow!(row);
              };
              tr.addEventListener('click', (e) => {
                if (!(e.target as HTMLElement).closest('button, a, input, select')) open();
              });
              tr.addEventListener('keydown', (e) => {
                if (e.key === 'Enter') open();
              });
            }
            return tr;
          });
    return h(
      'div',
      { class: 'table-wrap' },
      h('table', null, h('thead', null, h('tr', null, head)), h('tbody', null, body)),
    );
  }
}

export function pager(page: number, perPage: number, total: number, go: (page: number) => void): HTMLElement {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return h(
    'nav',
    { class: 'pager', 'aria-label': t('ui.pages') },
    h(
      'span',
      { class: 'muted' },
      t('ui.pageOf')
        .replace('{page}', String(page))
        .replace('{pages}', String(pages))
        .replace('{total}', String(total)),
    ),
    h(
      'button',
      { type: 'button', class: 'secondary small', disabled: page <= 1, onclick: () => go(page - 1) },
      t('ui.prev'),
    ),
    h(
      'button',
      { type: 'button', class: 'secondary small', disabled: page >= pages, onclick: () => go(page + 1) },
      t('ui.next'),
    ),
  );
}
