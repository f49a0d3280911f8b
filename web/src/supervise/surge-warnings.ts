// 热点预警 on the supervisors' page (docs/rules/hot-spots.md "Warnings' life"): the warnings with a status filter;
// one opened shows its figures, who did what, its orders (each a link to the order's page) and the actions its
// status allows: 确认, 交办 (a unit and a note) and 办结 (what was done). Each answer redraws the warning; a 409 (someone
// acted first, or the status no longer allows it) redraws it as it now is, with the server's words above.
import { ApiError, get, post } from '../api.ts';
import { say } from '../i18n.ts';
import { h, fill, type Child } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { fmtShort } from '../ui/format.ts';
import { loadDepartments, qs } from '../ui/data.ts';
import { onSubmit, toast } from '../ui/notice.ts';
import { ListView } from '../ui/table.ts';

interface Step {
  by: number | null;
  by_name: string | null;
  at: string;
}

export interface SurgeWarning {
  id: number;
  area: { id: number; name: string; path: string[] } | null;
  category: { id: number; name: string | null };
  first_day: string;
  last_day: string;
  count: number;
  peak: number;
  baseline: number;
  control_limit: number;
  status: 'open' | 'acknowledged' | 'assigned' | 'closed';
  assigned_unit: { id: number; name: string } | null;
  assign_note: string | null;
  resolution: string | null;
  raised_at: string;
  acknowledged: Step | null;
  assigned: Step | null;
  closed: Step | null;
  version: number;
  orders?: Array<{ id: number; number: string; title: string; status: string; created_at: string }>;
}

const w = (key: string, params?: Record<string, string | number>) => say(key, params) ?? key;
const areaOf = (s: SurgeWarning) => (s.area ? s.area.path.join(' / ') : '—');
const days = (s: SurgeWarning) => (s.first_day === s.last_day ? s.first_day : `${s.first_day} ~ ${s.last_day}`);
export const surgeBadge = (status: string) =>
  h('span', { class: `badge surge-${status}`, 'data-surge-status': status }, w(`surge.status.${status}`));

export class SurgeWarnings {
  readonly list: ListView<SurgeWarning>;
  readonly el: HTMLElement;
  private readonly pane = h('aside', { class: 'detail card', id: 'surge-detail' }, h('p', { class: 'placeholder' }));
  private readonly status: HTMLSelectElement;

  constructor(private readonly counted: (n: number) => void) {
    fill(this.pane, h('p', { class: 'placeholder' }, w('surge.pick')));
    this.status = h(
      'select',
      { name: 'surge-status', 'aria-label': w('surge.col.status'), onchange: () => void this.list.reload(true) },
      h('option', { value: 'active' }, w('surge.anyStatus')),
      (['open', 'acknowledged', 'assigned', 'closed'] as const).map((s) =>
        h('option', { value: s }, w(`surge.status.${s}`)),
      ),
    );
    this.list = new ListView<SurgeWarning>({
      columns: [
        { label: w('surge.col.area'), cell: areaOf },
        { label: w('surge.col.category'), cell: (s) => s.category.name ?? '—' },
        { label: w('surge.col.days'), cell: days, class: 'nowrap' },
        { label: w('surge.col.count'), cell: (s) => s.count, class: 'num' },
        { label: w('surge.col.baseline'), cell: (s) => s.baseline, class: 'num' },
        { label: w('surge.col.status'), cell: (s) => surgeBadge(s.status) },
        { label: w('surge.col.unit'), cell: (s) => s.assigned_unit?.name ?? '—' },
      ],
      load: async () => {
        const { items } = await get<{ items: SurgeWarning[] }>(
          `/hotspots/warnings${qs({ status: this.status.value })}`,
        );
        if (this.status.value === 'active') this.counted(items.length);
        return { items, total: items.length };
      },
      paged: false,
      rowKey: (s) => s.id,
      onRow: (s) => void this.open(s.id),
      empty: w('surge.none'),
    });
    this.el = h(
      'div',
      null,
      h('div', { class: 'toolbar' }, h('p', { class: 'muted grow' }, w('surge.hint')), this.status),
      h('div', { class: 'split' }, this.list.el, this.pane),
    );
  }

  /** Reads the warning and draws it; `said` is a refusal to show above it (a 409 redraws what is true now). */
  async open(id: number, said?: string): Promise<void> {
    const s = await get<SurgeWarning>(`/hotspots/warnings/${id}`);
    const units = s.status === 'closed' ? [] : (await loadDepartments()).filter((d) => d.active);
    fill(this.pane, this.card(s, units, said));
  }

  private card(s: SurgeWarning, units: Array<{ id: number; name: string }>, said?: string): Child {
    const step = (key: string, st: Step | null, extra?: Child) =>
      st
        ? h(
            'li',
            null,
            `${fmtShort(st.at)} `,
            w(key, { name: st.by_name ?? '—' }),
            extra ? h('div', null, extra) : null,
          )
        : null;
    return h(
      'div',
      { class: 'stack surge-card', 'data-surge-id': s.id, 'data-version': s.version },
      h('h3', null, areaOf(s), ' · ', s.category.name ?? '—', ' ', surgeBadge(s.status)),
      h(
        'p',
        { class: 'surge-figures' },
        w('surge.figures', {
          first_day: s.first_day,
          last_day: s.last_day,
          count: s.count,
          peak: s.peak,
          baseline: s.baseline,
          limit: s.control_limit,
        }),
      ),
      h('p', { class: 'error', role: 'alert' }, said ?? ''),
      h(
        'ol',
        { class: 'surge-steps' },
        h('li', null, `${fmtShort(s.raised_at)} `, w('surge.step.raised')),
        step('surge.step.acknowledged', s.acknowledged),
        step(
          'surge.step.assigned',
          s.assigned,
          s.assigned_unit ? [`→ ${s.assigned_unit.name}`, s.assign_note ? `：${s.assign_note}` : ''] : null,
        ),
        step('surge.step.closed', s.closed, s.resolution),
      ),
      s.status === 'closed' ? null : this.actions(s, units),
      this.orders(s),
    );
  }

  private actions(s: SurgeWarning, units: Array<{ id: number; name: string }>): Child {
    const act = (action: 'acknowledge' | 'assign' | 'close', fields: Child, label: string) => {
      const form = h(
        'form',
        { class: 'stack surge-action', 'data-action': action },
        fields,
        h('p', { class: 'error', role: 'alert' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, label)),
      );
      onSubmit(form, async (v) => {
        try {
          const done = await post<SurgeWarning>(`/hotspots/warnings/${s.id}/${action}`, { ...v, version: s.version });
          toast(w(`surge.done.${action}`, { unit: done.assigned_unit?.name ?? '' }));
          await this.open(s.id);
          void this.list.reload();
        } catch (err) {
          // Someone acted first, or the status moved on: show the warning as it is now, with the refusal's words.
          if (err instanceof ApiError && err.status === 409) {
            await this.open(s.id, err.message);
            void this.list.reload();
            return;
          }
          throw err;
        }
      });
      return form;
    };
    const unit = field({
      name: 'department_id',
      label: w('surge.unit'),
      type: 'select',
      required: true,
      options: [['', w('surge.pickUnit')], ...units.map((u): [number, string] => [u.id, u.name])],
    });
    return h(
      'div',
      { class: 'surge-actions' },
      s.status === 'open' ? act('acknowledge', null, w('surge.action.acknowledge')) : null,
      act(
        'assign',
        [unit, field({ name: 'note', label: w('surge.assignNote'), type: 'textarea', rows: 2 })],
        w('surge.action.assign'),
      ),
      act(
        'close',
        field({ name: 'resolution', label: w('surge.resolution'), type: 'textarea', rows: 3, required: true }),
        w('surge.action.close'),
      ),
    );
  }

  private orders(s: SurgeWarning): Child {
    const orders = s.orders ?? [];
    return h(
      'section',
      { class: 'surge-orders' },
      h('h4', null, w('surge.orders', { n: orders.length })),
      orders.length
        ? h(
            'ul',
            { class: 'plain' },
            orders.map((o) =>
              h(
                'li',
                null,
                h('a', { href: `/tickets/${o.id}` }, o.number),
                ' ',
                o.title,
                h('span', { class: 'muted small' }, ` ${fmtShort(o.created_at)}`),
              ),
            ),
          )
        : h('p', { class: 'muted' }, w('surge.noOrders')),
    );
  }
}
