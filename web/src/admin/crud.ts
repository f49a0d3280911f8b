// One administration block: the records in a table on the left, the form that adds one on the right.
import { t } from '../i18n.ts';
import { h, type Child } from '../ui/dom.ts';
import { field, type FieldSpec } from '../ui/form.ts';
import { busy, onSubmit, showError, toast, type FormValues } from '../ui/notice.ts';
import { ListView, type Column } from '../ui/table.ts';

export interface Block<T> {
  el: HTMLElement;
  list: ListView<T>;
  form: HTMLFormElement;
}

export function block<T extends { id: number }>(o: {
  id: string;
  columns: Column<T>[];
  load: () => Promise<T[]>;
  formTitle: string;
  fields: Array<FieldSpec | HTMLElement>;
  submitLabel: string;
  create: (v: FormValues) => Promise<T>;
  created: (row: T) => string | void;
  intro?: Child;
}): Block<T> {
  const list = new ListView<T>({
    columns: o.columns,
    load: async () => {
      const items = await o.load();
      return { items, total: items.length };
    },
    paged: false,
    rowKey: (r) => r.id,
  });
  const form = h(
    'form',
    { class: 'card stack', id: `${o.id}-form` },
    h('h2', null, o.formTitle),
    o.intro ?? null,
    o.fields.map((f) => (f instanceof HTMLElement ? f : field(f))),
    h('p', { class: 'error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, o.submitLabel),
  );
  onSubmit(form, async (v) => {
    const row = await o.create(v);
    const message = o.created(row);
    if (message) toast(message);
    form.reset();
    await list.reload();
  });
  return { el: h('div', { class: 'split admin', id: o.id }, list.el, h('div', { class: 'detail' }, form)), list, form };
}

/** Does one change (disable, revoke, re-point), says so, and reloads; a refusal shows as a toast in words. */
export async function act(
  run: () => Promise<unknown>,
  after: () => Promise<void>,
  message = t('ui.done'),
): Promise<void> {
  try {
    await run();
    toast(message);
    await after();
  } catch (err) {
    showError(err);
  }
}

/** A small button in a row that does one thing and reloads the list. */
export function rowButton(
  label: string,
  run: () => Promise<unknown>,
  after: () => Promise<void>,
  message?: string,
): HTMLButtonElement {
  const b: HTMLButtonElement = h(
    'button',
    { type: 'button', class: 'secondary small', onclick: () => busy(b, () => act(run, after, message)) },
    label,
  );
  return b;
}
