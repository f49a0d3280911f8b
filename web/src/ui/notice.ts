// Feedback: a toast for what went well, errors in words next to what caused them, and progress on slow buttons.
import { ApiError } from '../api.ts';
import { oneLanguage, t } from '../i18n.ts';
import { h } from './dom.ts';
import { toast } from './toast.ts';

export { toast };

/** The server writes "中文 / English": show the half in the page's language (api.ts has cut its errors already). */
export const say = oneLanguage;

export function clearErrors(scope: ParentNode): void {
  scope.querySelectorAll('.field-error').forEach((e) => e.remove());
  scope.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  scope.querySelectorAll<HTMLElement>('.error').forEach((e) => {
    e.textContent = '';
  });
}

/**
 * Shows a failure inside `scope` (a form or panel): each field problem (details[].path) under its field, the
 * message in the scope's .error area, or as a toast when the scope has none.
 */
export function showError(err: unknown, scope?: ParentNode | null): void {
  const e = err instanceof ApiError ? err : new ApiError(0, 'CLIENT', t('error.generic'));
  if (!(err instanceof ApiError)) console.warn(err);
  const unplaced: string[] = [];
  if (scope) clearErrors(scope);
  for (const d of e.details) {
    const field = scope?.querySelector<HTMLElement>(`[name="${CSS.escape(d.path)}"]`);
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      (field.closest('.field') ?? field).after(h('small', { class: 'field-error' }, say(d.message)));
    } else if (d.path || d.message) {
      unplaced.push(say(d.message));
    }
  }
  const text = [say(e.message), ...unplaced].join('；');
  const area = scope?.querySelector<HTMLElement>('.error');
  // Someone else changed the order meanwhile: say so where it will stay visible, and let what shows it reload.
  const stale = e.code === 'VERSION_CONFLICT';
  if (area && !stale) area.textContent = text;
  else toast(text, 'error');
  if (stale) document.dispatchEvent(new CustomEvent('ticket-stale'));
}

/** Disables the button and shows a spinner on it while fn runs: one click, one request. */
export async function busy<T>(button: HTMLButtonElement | null | undefined, fn: () => Promise<T>): Promise<T> {
  if (!button) return fn();
  const spinner = h('span', { class: 'spinner', 'aria-hidden': 'true' });
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.prepend(spinner);
  try {
    return await fn();
  } finally {
    spinner.remove();
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** A form's values by field name (a string, number or boolean each), read by the handler that knows its fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FormValues = Record<string, any>;

/** A form's fields: numbers as numbers, checkboxes as booleans, empty optional fields left out. */
export function values(form: HTMLFormElement): FormValues {
  const out: FormValues = {};
  for (const el of Array.from(form.elements) as HTMLInputElement[]) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') out[el.name] = el.checked;
    else if (el.type === 'radio') {
      if (el.checked) out[el.name] = isNaN(Number(el.value)) ? el.value : Number(el.value);
    }
    // A required field left empty is sent empty, so the server names it ("不能为空") instead of a type error.
    else if (el.value.trim() === '') {
      if (el.required) out[el.name] = '';
    } else if (el.type === 'number' || el.dataset.type === 'number') out[el.name] = Number(el.value);
    else out[el.name] = el.value.trim();
  }
  return out;
}

/**
 * Wires a form: on submit, clears old errors, runs `handler` with the form's values while the submit button
 * shows progress, and shows whatever the server refused next to its fields.
 */
export function onSubmit(
  form: HTMLFormElement,
  handler: (v: FormValues, submitter: HTMLButtonElement | null) => Promise<unknown>,
): void {
  form.noValidate = true; // the server's words, not the browser's, so every problem shows at once
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const submitter =
      ((ev as SubmitEvent).submitter as HTMLButtonElement | null) ?? form.querySelector('button[type=submit]');
    clearErrors(form);
    try {
      await busy(submitter, () => handler(values(form), submitter));
    } catch (err) {
      showError(err, form);
    }
  });
}
