// The department report: every figure of docs/rules/figures.md per department over a period, with the change from the
// period before (month-on-month), drill-down into the orders behind a number, and the month's exports.
import { get } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { delta, fmtShort, monthRange, pct } from '../ui/format.ts';
import { FIGURES, named } from '../ui/names.ts';
import { loadDepartments, qs } from '../ui/data.ts';
import { onSubmit } from '../ui/notice.ts';
import { field } from '../ui/form.ts';
import { ListView, type Column } from '../ui/table.ts';
import { statusBadge } from '../ui/ticket.ts';
import { UnreasonableSection } from './unreasonable-report.ts';

type Rates = Record<(typeof FIGURES)[number], number | null>;
interface Row extends Rates {
  department_id: number;
  name: string;
  group: string;
  /** Where the unit stands in the tree: drawn indented under the unit above it. */
  kind?: string;
  depth?: number;
  supervised?: number;
  previous: (Rates & { supervised?: number }) | null;
}
interface CategoryRow extends Rates {
  category_id: number | null;
  name: string | null;
  previous: Rates | null;
}
interface Drilled {
  ticket_id: number;
  number: string;
  title: string;
  type: string;
  status: string;
  is_redo: boolean;
  dispatched_at: string;
  sign_deadline_at: string;
  signed_at: string | null;
  due_at: string;
  replied_at: string | null;
}

/** The orders behind a figure: what pulled it down (or, for received, all of them). */
const DRILLS: Partial<Record<(typeof FIGURES)[number], string>> = {
  received: 'received',
  sign_timely_rate: 'signed_late',
  completion_rate: 'unreplied',
  on_time_rate: 'replied_late',
  return_rate: 'returned',
  redo_rate: 'redo',
  response_rate: 'not_contacted',
  callback_rate: 'not_followed',
  satisfaction_rate: 'unsatisfied',
  rectification_rate: 'bad_unfixed',
};
/** Figures whose drill-down lists ratings rather than orders. */
const RATING_DRILLS = ['unsatisfied', 'bad_unfixed'];
interface DrilledRating {
  rating_id: number;
  score: number;
  channel: string;
  reason: string | null;
  rated_at: string;
  ticket_id: number | null;
  remedy_ticket_id: number | null;
  number: string | null;
  title: string | null;
  remedy_number: string | null;
  remedy_status: string | null;
  remedy_due_at: string | null;
  remedy_replied_at: string | null;
}

/** A drilled row opens its order on the order's own page, in a tab of its own so the report stays as it is. */
const openOrder = (id: number) => {
  window.open(`/tickets/${id}`, '_blank', 'noopener');
};
const orderLink = (id: number, number: string) =>
  h('a', { class: 'number', href: `/tickets/${id}`, target: '_blank', rel: 'noopener' }, number);

const signed = (n: number) => `${n > 0 ? '+' : ''}${n}`;

/**
 * The change from the period compared with under a figure, saying its unit: a rate moves in percentage points
 * (个百分点), a count in orders (件), so no change can read as an impossible percentage.
 */
function changeLine(r: Rates & { previous: Rates | null }, f: (typeof FIGURES)[number]): HTMLElement | null {
  if (!r.previous) return null;
  if (f === 'received') {
    return h(
      'div',
      { class: 'muted small mom', title: t('s.momCountTitle') },
      t('s.momCount').replace('{d}', signed((r.received ?? 0) - (r.previous.received ?? 0))),
    );
  }
  const change = delta(r[f], r.previous[f]);
  return h(
    'div',
    { class: 'muted small mom', title: t('s.mom') },
    change === '—' ? '—' : t('s.momPoints').replace('{d}', change),
  );
}

const days = (p: { from: string; to: string }) => Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000) + 1;

/**
 * What the report compares with, in words: the whole month before, the same days of the month before, or the days
 * just before.
 */
export function comparedWith(p: { from: string; to: string }, prev: { from: string; to: string }): string {
  const inMonth = p.from.endsWith('-01') && p.from.slice(0, 7) === p.to.slice(0, 7);
  const monthEnd = new Date(Date.parse(`${p.to}T00:00:00Z`) + 86_400_000).getUTCDate() === 1;
  const key = !inMonth ? 's.cmpBefore' : monthEnd ? 's.cmpMonth' : 's.cmpSameDays';
  return t(key)
    .replace('{from}', p.from)
    .replace('{to}', p.to)
    .replace('{n}', String(days(p)))
    .replace('{pfrom}', prev.from)
    .replace('{pto}', prev.to)
    .replace('{pn}', String(days(prev)));
}

export class Report {
  readonly el: HTMLElement;
  /** scope: own (本单位) or tree (含下级: with the units below, each order once; docs/rules/figures.md). */
  private period = { from: '', to: '', group: '', scope: 'own' };
  private table: ListView<Row>;
  private drill = h('section', { class: 'card drill', id: 'drill', hidden: true });
  private exports = h('div', { class: 'actions no-print' });
  private categories: ListView<CategoryRow>;
  private categoryRows: CategoryRow[] = [];
  /** 不合理诉求: the month's approved ones, listed apart from the figures they left. */
  private unreasonable = new UnreasonableSection();
  /** The department whose categories are shown; empty: the group (or the whole city). */
  private scope = h(
    'select',
    { id: 'category-scope', 'aria-label': t('t.department') },
    h('option', { value: '' }, t('s.allDepartments')),
  );

  /** `today`: the server's date; the report opens on the month to date. */
  constructor(today: string) {
    const month = today.slice(0, 7);
    const [from] = monthRange(month);
    this.period = { from, to: today, group: '', scope: 'own' };
    const form = h(
      'form',
      { class: 'toolbar', id: 'report-form' },
      field({ name: 'from', label: t('s.from'), type: 'date', value: from }),
      field({ name: 'to', label: t('s.to'), type: 'date', value: this.period.to }),
      field({ name: 'group', label: t('s.group'), type: 'select', options: [['', t('ui.all')]] }),
      field({
        name: 'scope',
        label: t('s.scope'),
        type: 'select',
        options: [
          ['own', t('s.scopeOwn')],
          ['tree', t('s.scopeTree')],
        ],
      }),
      h('button', { type: 'submit', class: 'primary' }, t('s.query')),
      h('p', { class: 'error', role: 'alert' }),
    );
    void loadDepartments().then((ds) => {
      const select = form.querySelector<HTMLSelectElement>('[name=group]')!;
      for (const g of [...new Set(ds.map((d) => d.group))].sort()) select.append(h('option', { value: g }, g));
      for (const d of ds) this.scope.append(h('option', { value: String(d.id) }, d.name));
    });
    this.scope.addEventListener('change', () => void this.categories.reload());
    // Switching the scope reads the report again at once.
    form.querySelector('[name=scope]')?.addEventListener('change', () => form.requestSubmit());
    onSubmit(form, async (v) => {
      this.period = { from: v.from ?? '', to: v.to ?? '', group: v.group ?? '', scope: v.scope || 'own' };
      this.drill.hidden = true;
      await this.load(form);
    });
    this.table = new ListView<Row>({
      columns: this.columns(),
      load: async () => ({ items: this.rows, total: this.rows.length }),
      paged: false,
    });
    this.categories = new ListView<CategoryRow>({
      columns: this.categoryColumns(),
      load: () => this.loadCategories(),
      paged: false,
    });
    const byCategory = h(
      'section',
      { class: 'card', id: 'by-category' },
      h('div', { class: 'toolbar' }, h('h2', { class: 'grow' }, t('s.byCategory')), this.scope),
      h('p', { class: 'muted small' }, t('s.byCategoryHint')),
      this.categories.el,
    );
    this.el = h(
      'div',
      null,
      form,
      h('p', { class: 'muted small', id: 'report-period' }),
      this.table.el,
      this.exports,
      this.drill,
      byCategory,
      this.unreasonable.el,
    );
  }

  private rows: Row[] = [];

  async load(scope?: HTMLElement): Promise<void> {
    const data = await get<{
      period: { from: string; to: string };
      previous_period: { from: string; to: string };
      departments: Row[];
      total: Rates & { supervised: number };
    }>(`/reports/departments${qs(this.period)}`).catch((err) => {
      if (scope) throw err;
      return null;
    });
    if (!data) return;
    this.rows = [
      ...data.departments,
      { ...data.total, department_id: 0, name: t('s.total'), group: this.period.group || t('ui.all'), previous: null },
    ];
    fill(
      document.getElementById('report-period') ?? h('p'),
      comparedWith(data.period, data.previous_period),
      ' ',
      t('s.periodHint'),
      this.period.scope === 'tree' ? ` ${t('s.scopeTreeHint')}` : '',
    );
    await this.table.reload();
    this.showExports();
    await this.categories.reload();
    await this.unreasonable.load(this.period.from.slice(0, 7));
  }

  private async loadCategories(): Promise<{ items: CategoryRow[]; total: number }> {
    const department = this.scope.value;
    const data = await get<{ categories: CategoryRow[] }>(
      `/reports/categories${qs({
        from: this.period.from,
        to: this.period.to,
        ...(department ? { department_id: department } : { group: this.period.group }),
      })}`,
    );
    this.categoryRows = data.categories;
    return { items: this.categoryRows, total: this.categoryRows.length };
  }

  /** A department's own categories, from its row of the report. */
  private showCategoriesOf(r: Row): void {
    this.scope.value = String(r.department_id);
    void this.categories
      .reload()
      .then(() => document.getElementById('by-category')?.scrollIntoView({ block: 'nearest' }));
  }

  private categoryColumns(): Column<CategoryRow>[] {
    return [
      { label: t('s.category'), cell: (r) => r.name ?? h('span', { class: 'muted' }, t('s.noCategory')) },
      ...FIGURES.map((f) => ({
        label: named('figure', f),
        class: 'num',
        cell: (r: CategoryRow) => {
          return [f === 'received' ? String(r[f]) : pct(r[f]), changeLine(r, f)];
        },
      })),
    ];
  }

  /** Exports are by month: the month the period starts in. */
  private showExports(): void {
    const month = this.period.from.slice(0, 7);
    const q = qs({ month, group: this.period.group, scope: this.period.scope });
    fill(
      this.exports,
      h('span', { class: 'muted' }, t('s.exportMonth').replace('{month}', month)),
      h(
        'a',
        { class: 'button secondary small', href: `/api/v1/reports/departments.xlsx${q}`, download: '' },
        t('s.xlsx'),
      ),
      h(
        'a',
        { class: 'button secondary small', href: `/api/v1/reports/departments.csv${q}`, download: '' },
        t('s.csv'),
      ),
      h(
        'a',
        { class: 'button secondary small', id: 'bulletin-link', href: `/bulletin?month=${month}`, target: '_blank' },
        t('s.bulletin'),
      ),
    );
  }

  private columns(): Column<Row>[] {
    return [
      {
        label: t('t.department'),
        cell: (r) =>
          r.department_id
            ? [
                // Indented by level (a street under its district, a community under its street), with its kind.
                h('span', { class: 'unit-name', 'data-depth': String(r.depth ?? 0) }, '\u3000'.repeat(r.depth ?? 0)),
                r.name,
                r.kind && r.kind !== 'municipal'
                  ? h('span', { class: 'muted small' }, ` ${named('unitKind', r.kind)}`)
                  : null,
                ' ',
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'link small no-print',
                    'data-categories': String(r.department_id),
                    onclick: () => this.showCategoriesOf(r),
                  },
                  t('s.categoriesOf'),
                ),
              ]
            : h('strong', null, r.name),
      },
      { label: t('s.group'), cell: (r) => r.group, class: 'nowrap' },
      ...FIGURES.map((f) => ({
        label: named('figure', f),
        class: 'num',
        cell: (r: Row) => {
          const value = f === 'received' ? String(r[f]) : pct(r[f]);
          // A link only where there are orders behind the number.
          const behind = f === 'return_rate' ? r.return_rate !== null : (r.received ?? 0) > 0;
          const shown =
            // The orders behind a number are a unit's own: with its units below there is no one list to open.
            DRILLS[f] && r.department_id && behind && this.period.scope !== 'tree'
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'link',
                    'data-drill': `${r.department_id}:${DRILLS[f]}`,
                    onclick: () => void this.drillInto(r, f),
                  },
                  value,
                )
              : value;
          return [shown, changeLine(r, f)];
        },
      })),
      // Supervision orders issued to the department in the period: a count beside the rates (督办记录 lists them).
      {
        label: t('s.supervisedCount'),
        class: 'num',
        cell: (r) => [
          String(r.supervised ?? 0),
          r.previous
            ? h(
                'div',
                { class: 'muted small mom', title: t('s.momCountTitle') },
                t('s.momCount').replace('{d}', signed((r.supervised ?? 0) - (r.previous.supervised ?? 0))),
              )
            : null,
        ],
      },
    ];
  }

  private async drillInto(r: Row, f: (typeof FIGURES)[number]): Promise<void> {
    const figure = DRILLS[f]!;
    const load = (q: { page: number; per_page: number }) => {
      const query = qs({ from: this.period.from, to: this.period.to, figure, page: q.page, per_page: q.per_page });
      return get<{ items: never[]; total: number }>(`/stats/departments/${r.department_id}/tickets${query}`);
    };
    const list = RATING_DRILLS.includes(figure)
      ? new ListView<DrilledRating>({
          columns: [
            { label: t('r.ratedAt'), cell: (x) => fmtShort(x.rated_at), class: 'nowrap' },
            { label: t('r.score'), cell: (x) => named('score', x.score), class: 'nowrap' },
            { label: t('r.channel'), cell: (x) => named('rchannel', x.channel), class: 'nowrap' },
            { label: t('s.reason'), cell: (x) => x.reason ?? '—' },
            {
              label: t('s.ratedTicket'),
              cell: (x) => (x.number && x.ticket_id ? orderLink(x.ticket_id, x.number) : '—'),
              class: 'nowrap',
            },
            {
              label: t('s.remedy'),
              cell: (x) =>
                x.remedy_number && x.remedy_ticket_id
                  ? [orderLink(x.remedy_ticket_id, x.remedy_number), ' ', statusBadge(x.remedy_status!)]
                  : '—',
              class: 'nowrap',
            },
            { label: t('s.remedyDue'), cell: (x) => fmtShort(x.remedy_due_at), class: 'nowrap' },
            { label: t('s.remedyReplied'), cell: (x) => fmtShort(x.remedy_replied_at), class: 'nowrap' },
          ],
          load,
          rowKey: (x) => x.rating_id,
          // The order put right for the review, else the order rated (a window's rating has neither).
          onRow: (x) => {
            const id = x.remedy_ticket_id ?? x.ticket_id;
            if (id) openOrder(id);
          },
        })
      : new ListView<Drilled>({
          columns: [
            { label: t('t.number'), cell: (x) => orderLink(x.ticket_id, x.number), class: 'nowrap' },
            {
              label: t('t.title'),
              cell: (x) => [x.title, x.is_redo ? h('span', { class: 'badge' }, t('s.redo')) : null],
            },
            { label: t('t.status'), cell: (x) => statusBadge(x.status) },
            { label: t('s.dispatchedAt'), cell: (x) => fmtShort(x.dispatched_at), class: 'nowrap' },
            { label: t('t.sign_deadline'), cell: (x) => fmtShort(x.sign_deadline_at), class: 'nowrap' },
            { label: t('s.signedAt'), cell: (x) => fmtShort(x.signed_at), class: 'nowrap' },
            { label: t('t.due'), cell: (x) => fmtShort(x.due_at), class: 'nowrap' },
            { label: t('t.replied'), cell: (x) => fmtShort(x.replied_at), class: 'nowrap' },
          ],
          load,
          rowKey: (x) => x.ticket_id,
          onRow: (x) => openOrder(x.ticket_id),
        });
    this.drill.hidden = false;
    fill(
      this.drill,
      h(
        'div',
        { class: 'toolbar' },
        h('h2', { class: 'grow' }, `${r.name} · ${t(`s.drill.${figure}`)}`),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary small',
            onclick: () => {
              this.drill.hidden = true;
            },
          },
          t('ui.close'),
        ),
      ),
      list.el,
    );
    await list.reload();
    this.drill.scrollIntoView({ block: 'nearest' });
  }
}
