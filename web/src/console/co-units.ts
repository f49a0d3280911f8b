// 会办 at the console: the operator adds co-units (协办单位) to a dispatch as chips, each once and never the lead
// chosen beside it; the dispatch sends their ids as `co_department_ids` (docs/rules/work-orders.md "Co-handling").
// The chooser has no name, so the form's own values never carry it: the caller asks ids().
import './co-handling.css';
import { t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import type { Catalogue } from './actions.ts';

export interface CoUnitsPicker {
  el: HTMLElement;
  /** The chosen co-units' ids, in the order they were added. */
  ids(): number[];
  clear(): void;
}

/** `lead` is the select of the lead unit: a co-unit equal to it is dropped when the lead changes to it. */
export function coUnitsPicker(c: Catalogue, lead: HTMLSelectElement): CoUnitsPicker {
  const chosen: number[] = [];
  const active = c.departments.filter((d) => d.active);
  const nameOf = (id: number) => active.find((d) => d.id === id)?.name ?? String(id);
  const pick = h(
    'select',
    { id: `co-pick-${lead.id}`, class: 'co-pick', 'aria-label': t('co.add') },
    h('option', { value: '' }, t('co.add')),
  );
  const chips = h('ul', { class: 'co-chips', 'aria-live': 'polite' });
  const count = h('span', { class: 'muted', 'data-co-count': '' });
  const draw = () => {
    const leadId = Number(lead.value) || null;
    for (let i = chosen.length - 1; i >= 0; i--) if (chosen[i] === leadId) chosen.splice(i, 1);
    // Only units not yet chosen and not the lead are offered.
    fill(
      pick,
      h('option', { value: '' }, t('co.add')),
      active
        .filter((d) => d.id !== leadId && !chosen.includes(d.id))
        .map((d) => h('option', { value: String(d.id) }, d.name)),
    );
    count.textContent = chosen.length ? `(${chosen.length})` : '';
    fill(
      chips,
      chosen.map((id) =>
        h(
          'li',
          { class: 'chip', 'data-department-id': String(id) },
          h('span', null, nameOf(id)),
          h(
            'button',
            {
              type: 'button',
              class: 'chip-remove',
              'aria-label': `${t('co.remove')} ${nameOf(id)}`,
              onclick: () => {
                chosen.splice(chosen.indexOf(id), 1);
                draw();
              },
            },
            '×',
          ),
        ),
      ),
    );
  };
  pick.addEventListener('change', () => {
    const id = Number(pick.value);
    if (id && !chosen.includes(id)) chosen.push(id);
    draw();
    pick.focus();
  });
  lead.addEventListener('change', draw);
  draw();
  // Folded by default: most dispatches have no co-units, and the dispatch button stays on screen beside the queue.
  const el = h(
    'details',
    { class: 'field co-units' },
    h('summary', null, t('co.units'), ' ', count),
    pick,
    chips,
    h('small', { class: 'muted' }, t('co.hint')),
  );
  return {
    el,
    ids: () => [...chosen],
    clear: () => {
      chosen.length = 0;
      draw();
    },
  };
}
