// What an operator can do to an order on screen: dispatch, answer directly, merge, call back (回访).
import { get, post, ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { dialog, field } from '../ui/form.ts';
import { onSubmit } from '../ui/notice.ts';
import type { Done } from '../ui/pane.ts';
import type { Ticket, TicketDetail } from '../ui/ticket.ts';
import type { Category, Department } from '../ui/data.ts';
import { callbackForm } from './callback-form.ts';
import { coUnitsPicker } from './co-units.ts';

export interface Catalogue {
  departments: Department[];
  categories: Category[];
}

/** Departments grouped as the leaderboard groups them (区县 / 市直部门), the category's default first chosen. */
export function departmentSelect(c: Catalogue, name: string, chosen: number | null | undefined): HTMLSelectElement {
  const groups = [...new Set(c.departments.filter((d) => d.active).map((d) => d.group))].sort();
  // Read back as a number (notice.ts values): every form that sends it sends an integer id, as the API wants.
  return h(
    'select',
    { name, id: `sel-${name}`, 'data-type': 'number' },
    h('option', { value: '' }, t('c.pickDept')),
    groups.map((g) =>
      h(
        'optgroup',
        { label: g },
        c.departments
          .filter((d) => d.active && d.group === g)
          .map((d) => h('option', { value: String(d.id), selected: d.id === chosen }, d.name)),
      ),
    ),
  );
}

/**
 * The unit the catalogue names for a category. A 属地 (territorial) matter has none of its own: the district named
 * in the address, when it names one, else none (the operator chooses).
 */
export function defaultDepartment(c: Catalogue, categoryId: number | null | undefined, address?: string | null) {
  const category = c.categories.find((x) => x.id === categoryId);
  if (!category?.territorial) return category?.department_id ?? null;
  const district = c.departments.find((d) => d.active && d.kind === 'district' && address?.includes(d.name));
  return district?.id ?? null;
}

/** A field error made on this side, shown like the server's. */
export const fieldError = (path: string, message: string) =>
  new ApiError(400, 'VALIDATION_FAILED', t('c.checkFields'), [{ path, message }]);

// 回访: console/callback-form.ts (the three questions and the failed attempts).
export { callbackForm };

function dispatchForm(tk: Ticket, c: Catalogue, done: Done): HTMLFormElement {
  const select = departmentSelect(c, 'department_id', defaultDepartment(c, tk.category_id, tk.address));
  // 会办: co-units beside the lead (co-units.ts).
  const co = coUnitsPicker(c, select);
  const form = h(
    'form',
    { class: 'stack', 'data-action': 'dispatch' },
    h('h4', null, t('c.dispatch')),
    h('div', { class: 'field' }, h('label', { for: select.id }, t('t.department')), select),
    co.el,
    field({ name: 'note', label: t('c.dispatchNote'), type: 'textarea', rows: 2 }),
    h('p', { class: 'error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, t('c.dispatch')),
  );
  onSubmit(form, async (v) => {
    if (!v.department_id) throw fieldError('department_id', t('c.pickDept'));
    const coIds = co.ids();
    const coPart = coIds.length ? { co_department_ids: coIds } : {};
    await post(`/tickets/${tk.id}/dispatch`, { version: tk.version, ...v, ...coPart });
    await done(t('c.dispatched'));
  });
  return form;
}

function answerForm(tk: Ticket, done: Done): HTMLFormElement {
  const form = h(
    'form',
    { class: 'stack', 'data-action': 'answer' },
    h('h4', null, t('c.answer')),
    field({ name: 'resolution', label: t('c.answerText'), type: 'textarea', rows: 3 }),
    h('p', { class: 'error', role: 'alert' }),
    h('button', { type: 'submit', class: 'secondary' }, t('c.answerClose')),
  );
  onSubmit(form, async (v) => {
    await post(`/tickets/${tk.id}/answer`, { version: tk.version, ...v });
    await done(t('c.answered'));
  });
  return form;
}

/** Finds an order by its 14-digit number (the operator reads it off another screen or the resident). */
export async function byNumber(number: string): Promise<Ticket | null> {
  const found = await get<{ items: Ticket[] }>(`/tickets?q=${encodeURIComponent(number)}&per_page=5`);
  return found.items.find((x) => x.number === number) ?? null;
}

export function mergeDialog(tk: Ticket, done: Done): void {
  dialog({
    title: t('c.merge'),
    intro: t('c.mergeIntro').replace('{number}', tk.number),
    submitLabel: t('c.merge'),
    fields: [{ name: 'into_number', label: t('c.intoNumber'), placeholder: '20261122000123' }],
    submit: async (v) => {
      const target = v.into_number ? await byNumber(String(v.into_number)) : null;
      if (!target) throw fieldError('into_number', t('c.noSuchNumber'));
      await post(`/tickets/${tk.id}/merge`, { version: tk.version, into_ticket_id: target.id });
      await done(t('c.merged').replace('{number}', target.number));
    },
  });
}

/** 撤回: an order dispatched by mistake, back to the dispatch queue before it is signed, to be dispatched again (改派). */
export function recallDialog(tk: Ticket, done: Done): void {
  dialog({
    title: t('c.recall'),
    intro: t('c.recallIntro').replace('{number}', tk.number),
    submitLabel: t('c.recall'),
    fields: [{ name: 'reason', label: t('c.recallReason'), type: 'textarea', rows: 2 }],
    submit: async (v) => {
      await post(`/tickets/${tk.id}/recall`, { version: tk.version, ...v });
      await done(t('c.recalled'));
    },
  });
}

export function operatorActions(tk: TicketDetail, c: Catalogue, done: Done) {
  const merge = h(
    'button',
    { type: 'button', class: 'secondary', 'data-action': 'merge', onclick: () => mergeDialog(tk, done) },
    t('c.merge'),
  );
  // 指定: an order returned three times waits for a supervisor's designation, not the operator's dispatch.
  const disputed = tk.allowed_actions !== undefined && !tk.allowed_actions.includes('dispatch');
  if (tk.status === 'received')
    return [
      disputed
        ? h('p', { class: 'badge yellow', 'data-awaiting-designation': '' }, t('disputes.awaiting'))
        : dispatchForm(tk, c, done),
      tk.type === 'inquiry' ? answerForm(tk, done) : null,
      h('p', { class: 'actions' }, merge),
    ];
  if (tk.status === 'dispatched') {
    // Offered only where the server would take it (not for a reopening or a rectification order).
    const recallable = !tk.allowed_actions || tk.allowed_actions.includes('recall');
    const recall = recallable
      ? h(
          'button',
          { type: 'button', class: 'secondary', 'data-action': 'recall', onclick: () => recallDialog(tk, done) },
          t('c.recall'),
        )
      : null;
    return h('p', { class: 'actions' }, recall, merge);
  }
  // A rectification order is called back only for a named bad review (差评整改回访); an anonymous one has nobody to
  // call and closes by itself 7 days after its reply. The server says which (allowed_actions).
  const callsBack = tk.allowed_actions ? tk.allowed_actions.includes('callback') : tk.type !== 'rectification';
  if (tk.status === 'replied' && callsBack) return callbackForm(tk, done);
  return null;
}
