// Rating QR codes to print and put up at windows (a static code per window and per staff member): one
// department's sheet at a time, laid out for A4.
import { get } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import type { Window } from './windows.ts';

interface Staff {
  id: number;
  window_id: number | null;
  staff_no: string;
  name: string;
  active: boolean;
}

export function qrTab(options: Array<[number, string]>, departments: Map<number, string>) {
  const select = h(
    'select',
    { name: 'department_id', id: 'qr-department', 'aria-label': t('t.department') },
    h('option', { value: '' }, t('a.pickDept')),
    options.map(([id, name]) => h('option', { value: String(id) }, name)),
  );
  const sheet = h('div', { class: 'qr-sheet', id: 'qr-sheet' }, h('p', { class: 'muted' }, t('a.qrPick')));
  const draw = async () => {
    const id = Number(select.value);
    if (!id) {
      fill(sheet, h('p', { class: 'muted' }, t('a.qrPick')));
      return;
    }
    fill(sheet, h('span', { class: 'spinner' }));
    const [windows, staff] = await Promise.all([
      get<Window[]>(`/windows?department_id=${id}`),
      get<Staff[]>(`/staff?department_id=${id}`),
    ]);
    const card = (src: string, title: string, sub: string) =>
      h(
        'figure',
        { class: 'qr-card' },
        h('img', { src, alt: title, width: 180, height: 180, loading: 'lazy' }),
        h('figcaption', null, h('strong', null, title), h('span', null, sub), h('small', null, t('a.qrCall'))),
      );
    const cards = [
      ...windows
        .filter((w) => w.active)
        .map((w) => card(`/api/v1/windows/${w.id}/qr.svg`, w.name, departments.get(id) ?? '')),
      ...staff
        .filter((s) => s.active)
        .map((s) =>
          card(
            `/api/v1/staff/${s.id}/qr.svg`,
            `${s.name}（${s.staff_no}）`,
            windows.find((w) => w.id === s.window_id)?.name ?? departments.get(id) ?? '',
          ),
        ),
    ];
    fill(sheet, cards.length ? cards : h('p', { class: 'muted' }, t('a.qrNone')));
  };
  select.addEventListener('change', () => void draw());
  return h(
    'div',
    null,
    h(
      'div',
      { class: 'toolbar no-print' },
      h('label', { for: 'qr-department' }, t('t.department')),
      select,
      h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, t('a.print')),
      h('span', { class: 'muted small' }, t('a.qrHint')),
    ),
    sheet,
  );
}
