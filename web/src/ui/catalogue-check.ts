// 派单目录判定 on an order's page (docs/rules/catalogue.md "A dispatch judged by its version"): for each hotline
// dispatch, the unit the catalogue in force at that moment named and whether the dispatch went there. Filled once
// the check answers; nothing is shown for an order never dispatched.
import { get } from '../api.ts';
import { t } from '../i18n.ts';
import './catalogue-check-messages.ts';
import { fill, h } from './dom.ts';
import { fmtTime } from './format.ts';

interface Check {
  dispatches: {
    department_name: string;
    dispatched_at: string;
    version: { label: string; effective_from: string } | null;
    entry: { department_name: string | null; territorial?: boolean } | null;
    matched: boolean | null;
  }[];
}

export function catalogueCheck(tk: { id: number; category_id: number | null }): HTMLElement {
  const el = h('div', { class: 'card stack small', id: 'catalogue-check', hidden: true });
  if (!tk.category_id) return el;
  void get<Check>(`/tickets/${tk.id}/catalogue-check`)
    .then((c) => {
      if (!c.dispatches.length) return;
      const rows = c.dispatches.map((d) => {
        // 属地: the unit of the place (a district, street or community) answers for the matter.
        const territorial = Boolean(d.entry?.territorial);
        const unit = territorial ? t('catalogue.territorial') : d.entry?.department_name;
        const named =
          d.version && unit
            ? t(territorial ? 'cc.territorial' : 'cc.named')
                .replace('{label}', d.version.label)
                .replace('{date}', d.version.effective_from)
                .replace('{unit}', unit)
            : t('cc.none');
        const verdict =
          d.matched === null
            ? null
            : h(
                'span',
                { class: d.matched ? 'badge r-approved' : 'badge red' },
                t(d.matched ? 'cc.matched' : 'cc.mismatched'),
              );
        return h('li', null, `${fmtTime(d.dispatched_at)} → ${d.department_name}：${named} `, verdict);
      });
      fill(el, h('h3', null, t('cc.title')), h('ul', null, rows));
      el.hidden = false;
    })
    .catch(() => {
      // The check is an aid to reading the order: without it the page reads as before.
    });
  return el;
}
