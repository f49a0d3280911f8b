// Form fields and the small dialogs that ask for a reason, a number of days or a note before an action.
import { t } from '../i18n.ts';
import { h, type Child } from './dom.ts';
import { onSubmit, type FormValues } from './notice.ts';

export interface FieldSpec {
  name: string;
  label: string;
  type?:
    | 'text'
    | 'textarea'
    | 'number'
    | 'select'
    | 'date'
    | 'month'
    | 'datetime-local'
    | 'checkbox'
    | 'password'
    | 'email'
    | 'tel'
    | 'radio';
  options?: Array<[string | number, string]>;
  required?: boolean;
  min?: number;
  max?: number;
  value?: string | number | boolean;
  placeholder?: string;
  hint?: string;
  rows?: number;
  autocomplete?: string;
}

let seq = 0;

export function field(f: FieldSpec): HTMLElement {
  const id = `f-${f.name}-${++seq}`;
  const common = { id, name: f.name, required: f.required, placeholder: f.placeholder, autocomplete: f.autocomplete };
  let control: HTMLElement;
  if (f.type === 'textarea')
    control = h('textarea', { ...common, rows: f.rows ?? 3 }, f.value === undefined ? '' : String(f.value));
  else if (f.type === 'select') {
    // Options given as numbers (ids) are read back as numbers (notice.ts values): the API's ids are integers, and a
    // string id is refused as the wrong type.
    const numeric =
      (f.options ?? []).some(([v]) => typeof v === 'number') &&
      (f.options ?? []).every(([v]) => typeof v === 'number' || v === '');
    control = h(
      'select',
      { ...common, 'data-type': numeric ? 'number' : undefined },
      (f.options ?? []).map(([v, label]) =>
        h('option', { value: String(v), selected: String(v) === String(f.value ?? '') }, label),
      ),
    );
  } else if (f.type === 'checkbox') {
    return h(
      'div',
      { class: 'field check' },
      h('label', { for: id }, h('input', { ...common, type: 'checkbox', checked: Boolean(f.value) }), ' ', f.label),
    );
  } else if (f.type === 'radio') {
    return h(
      'fieldset',
      { class: 'field radios' },
      h('legend', null, f.label),
      (f.options ?? []).map(([v, label]) =>
        h(
          'label',
          null,
          h('input', { type: 'radio', name: f.name, value: String(v), checked: String(v) === String(f.value ?? '') }),
          ' ',
          label,
        ),
      ),
    );
  } else {
    control = h('input', {
      ...common,
      type: f.type ?? 'text',
      min: f.min,
      max: f.max,
      value: f.value === undefined ? undefined : String(f.value),
    });
  }
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, f.label, f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    control,
    f.hint ? h('small', { class: 'hint' }, f.hint) : null,
  );
}

/** Replaces a select's options; keeps the chosen value when it is still there. */
export function setOptions(
  select: HTMLSelectElement,
  options: Array<[string | number, string]>,
  placeholder?: string,
): void {
  const keep = select.value;
  select.replaceChildren(
    ...(placeholder !== undefined ? [h('option', { value: '' }, placeholder)] : []),
    ...options.map(([v, label]) => h('option', { value: String(v) }, label)),
  );
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}

/**
 * A modal form. `submit` gets the values; when it succeeds the dialog closes, when the server refuses, its
 * words appear beside the fields and the dialog stays open.
 */
export function dialog(o: {
  title: string;
  intro?: Child;
  fields: FieldSpec[];
  submitLabel: string;
  danger?: boolean;
  notice?: boolean;
  submit: (v: FormValues) => Promise<unknown>;
}): HTMLDialogElement {
  const form = h(
    'form',
    { method: 'dialog', class: 'stack' },
    h('h3', null, o.title),
    o.intro ? h('div', { class: 'intro' }, o.intro) : null,
    o.fields.map(field),
    h('p', { class: 'error', role: 'alert' }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: o.danger ? 'primary danger' : 'primary', 'data-submit': '' }, o.submitLabel),
      // A notice (a key shown once) has nothing to cancel.
      o.notice ? null : h('button', { type: 'button', class: 'secondary', onclick: () => d.close() }, t('ui.cancel')),
    ),
  );
  const d = h('dialog', { class: 'modal' }, form);
  onSubmit(form, async (v) => {
    await o.submit(v);
    d.close();
  });
  // Its form was made from an order that has since changed: nothing to retry here.
  const stale = () => d.close();
  document.addEventListener('ticket-stale', stale);
  d.addEventListener('close', () => {
    document.removeEventListener('ticket-stale', stale);
    d.remove();
  });
  document.body.append(d);
  d.showModal();
  (form.querySelector('input, textarea, select') as HTMLElement | null)?.focus();
  return d;
}
