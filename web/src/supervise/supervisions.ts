// 督办记录: the supervision orders issued, by a supervisor or automatically with a red card, newest first, by
// department, kind and period; a row opens its order. The department report counts the same orders (supervised).
import { get } from '../api.ts';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { fmtShort } from '../ui/format.ts';
import { loadDepartments, qs } from '../ui/data.ts';
import { ListView } from '../ui/table.ts';

export interface SupervisionOrder {
  id: number;
  ticket_id: number;
  ticket_number: string;
  ticket_title: string;
  department_id: number | null;
  department_name: string | null;
  note: string;
  automatic: boolean;
  created_at: string;
  created_by_name: string | null;
}

export class SupervisionLog {
  readonly el: HTMLElement;
  readonly list: ListView<SupervisionOrder>;
  private department = h(
    'select',
    { name: 'department_id', 'aria-label': t('t.department') },
    h('option', { value: '' }, t('s.allDepartments')),
  );
  private how = h(
    'select',
    { name: 'automatic', 'aria-label': t('s.how') },
    h('option', { value: '' }, t('s.anyHow')),
    h('option', { value: 'false' }, t('s.manual')),
    h('option', { value: 'true' }, t('s.automatic')),
  );
  private from = h('input', { type: 'date', name: 'from', 'aria-label': t('s.from') });
  private to = h('input', { type: 'date', name: 'to', 'aria-label': t('s.to') });

  constructor(open: (ticketId: number) => void) {
    void loadDepartments().then((ds) => {
      for (const d of ds) this.department.append(h('option', { value: String(d.id) }, d.name));
    });
    this.list = new ListView<SupervisionOrder>({
      columns: [
        { label: t('s.logAt'), cell: (s) => fmtShort(s.created_at), class: 'nowrap' },
        {
          label: t('ui.order'),
          cell: (s) =>
            h(
              'div',
              { class: 'order' },
              h('span', { class: 'number small' }, s.ticket_number),
              h('div', null, s.ticket_title),
            ),
        },
        { label: t('t.department'), cell: (s) => s.department_name ?? '—' },
        {
          label: t('s.how'),
          cell: (s) =>
            h('span', { class: s.automatic ? 'badge red' : 'badge' }, s.automatic ? t('s.automatic') : t('s.manual')),
          class: 'nowrap',
        },
        { label: t('s.superviseNote'), cell: (s) => h('span', { class: 'clip', title: s.note }, s.note) },
        { label: t('s.by'), cell: (s) => s.created_by_name ?? t('s.system') },
      ],
      load: (q) =>
        get(
          `/supervisions${qs({
            department_id: this.department.value,
            automatic: this.how.value,
            from: this.from.value,
            to: this.to.value,
            page: q.page,
            per_page: q.per_page,
          })}`,
        ),
      rowKey: (s) => s.id,
      onRow: (s) => open(s.ticket_id),
      empty: t('s.noLog'),
    });
    for (const control of [this.department, this.how, this.from, this.to])
      control.addEventListener('change', () => void this.list.reload(true));
    this.el = h(
      'section',
      { class: 'card', id: 'supervisions' },
      h(
        'div',
        { class: 'toolbar' },
        h('h2', { class: 'grow' }, t('s.log')),
        this.department,
        this.how,
        this.from,
        this.to,
      ),
      h('p', { class: 'muted small' }, t('s.logHint')),
      this.list.el,
    );
  }
}
