// Service windows and the staff who can be rated at them, and the review devices (评价器) bound to windows.
// A device's key is shown once, when it is made: the page says so and offers nothing to show it again.
import { get, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { dialog } from '../ui/form.ts';
import { fmtDate } from '../ui/format.ts';
import { block, rowButton, type Block } from './crud.ts';

export interface Window {
  id: number;
  department_id: number;
  name: string;
  active: boolean;
  rating_url: string;
}
interface Staff {
  id: number;
  department_id: number;
  window_id: number | null;
  staff_no: string;
  name: string;
  active: boolean;
  rating_url: string;
}
interface Device {
  id: number;
  window_id: number;
  window_name: string;
  department_id: number;
  name: string;
  key_prefix: string;
  active: boolean;
  revoked_at: string | null;
  created_at: string;
}

const qrLinks = (kind: 'windows' | 'staff', id: number) =>
  h(
    'span',
    { class: 'nowrap' },
    h('a', { href: `/api/v1/${kind}/${id}/qr.svg`, target: '_blank' }, 'SVG'),
    ' · ',
    h('a', { href: `/api/v1/${kind}/${id}/qr.png`, target: '_blank' }, 'PNG'),
  );

/** Every window with its department's name, for choosing one. */
async function windowOptions(departments: Map<number, string>): Promise<Array<[number, string]>> {
  return (await get<Window[]>('/windows'))
    .filter((w) => w.active)
    .map((w) => [w.id, `${departments.get(w.department_id) ?? ''} · ${w.name}`]);
}

export async function windowsTab(departments: Map<number, string>, options: Array<[number, string]>) {
  const windows = block<Window>({
    id: 'windows',
    formTitle: t('a.newWindow'),
    submitLabel: t('a.create'),
    columns: [
      { label: t('t.department'), cell: (w) => departments.get(w.department_id) ?? '' },
      { label: t('a.window'), cell: (w) => w.name },
      { label: t('a.qr'), cell: (w) => qrLinks('windows', w.id) },
    ],
    load: () => get('/windows'),
    fields: [
      { name: 'department_id', label: t('t.department'), type: 'select', options: [['', t('a.pickDept')], ...options] },
      { name: 'name', label: t('a.window'), required: true, placeholder: '综合受理 1 号窗口' },
    ],
    create: (v) => post('/windows', { ...v, department_id: v.department_id ? Number(v.department_id) : undefined }),
    created: (w) => t('a.created').replace('{name}', w.name),
  });
  const windowSelect = h('select', { name: 'window_id', id: 'staff-window' }, h('option', { value: '' }, '—'));
  const staff = block<Staff>({
    id: 'staff',
    formTitle: t('a.newStaff'),
    submitLabel: t('a.create'),
    columns: [
      { label: t('t.department'), cell: (s) => departments.get(s.department_id) ?? '' },
      { label: t('a.staffNo'), cell: (s) => s.staff_no },
      { label: t('a.name'), cell: (s) => s.name },
      { label: t('a.qr'), cell: (s) => qrLinks('staff', s.id) },
    ],
    load: () => get('/staff'),
    fields: [
      { name: 'department_id', label: t('t.department'), type: 'select', options: [['', t('a.pickDept')], ...options] },
      h('div', { class: 'field' }, h('label', { for: 'staff-window' }, t('a.window')), windowSelect),
      { name: 'staff_no', label: t('a.staffNo'), required: true },
      { name: 'name', label: t('a.name'), required: true },
    ],
    create: (v) =>
      post('/staff', {
        ...v,
        department_id: v.department_id ? Number(v.department_id) : undefined,
        window_id: v.window_id ? Number(v.window_id) : null,
      }),
    created: (s) => t('a.created').replace('{name}', s.name),
  });
  const fillWindows = async () => {
    const opts = await windowOptions(departments);
    windowSelect.replaceChildren(
      h('option', { value: '' }, '—'),
      ...opts.map(([id, name]) => h('option', { value: String(id) }, name)),
    );
  };
  return {
    el: h('div', null, windows.el, staff.el),
    load: async () => {
      await Promise.all([windows.list.reload(), staff.list.reload(), fillWindows()]);
    },
  };
}

export async function devicesTab(departments: Map<number, string>) {
  const windowSelect = h('select', { name: 'window_id', id: 'device-window' });
  const devices: Block<Device> = block<Device>({
    id: 'devices',
    formTitle: t('a.newDevice'),
    submitLabel: t('a.create'),
    intro: h('p', { class: 'muted small' }, t('a.deviceHint')),
    columns: [
      { label: t('t.department'), cell: (d) => departments.get(d.department_id) ?? '' },
      { label: t('a.window'), cell: (d) => d.window_name },
      { label: t('a.device'), cell: (d) => d.name },
      { label: t('a.keyPrefix'), cell: (d) => h('code', null, `${d.key_prefix}…`) },
      { label: t('a.since'), cell: (d) => fmtDate(d.created_at), class: 'nowrap' },
      {
        label: t('a.state'),
        cell: (d) =>
          d.active
            ? h('span', { class: 'badge r-approved' }, t('a.active'))
            : h('span', { class: 'badge' }, t('a.revoked')),
      },
      {
        label: '',
        cell: (d) =>
          d.active
            ? rowButton(
                t('a.revoke'),
                () => post(`/devices/${d.id}/revoke`),
                () => devices.list.reload(),
                t('a.revokedDone'),
              )
            : null,
      },
    ],
    load: () => get('/devices'),
    fields: [
      h('div', { class: 'field' }, h('label', { for: 'device-window' }, t('a.window')), windowSelect),
      { name: 'name', label: t('a.device'), required: true, placeholder: '1 号窗口评价器' },
    ],
    create: (v) => post('/devices', { ...v, window_id: v.window_id ? Number(v.window_id) : undefined }),
    created: (d: Device & { key?: string }) => {
      // The one moment the key exists outside the device: shown, to be copied into the device's settings.
      dialog({
        title: t('a.deviceKey'),
        intro: [h('p', null, t('a.deviceKeyOnce')), h('p', { class: 'secret', id: 'device-key' }, d.key ?? '')],
        fields: [],
        submitLabel: t('a.copied'),
        notice: true,
        submit: async () => {},
      });
      return t('a.created').replace('{name}', d.name);
    },
  });
  return {
    el: devices.el,
    load: async () => {
      const opts = await windowOptions(departments);
      windowSelect.replaceChildren(
        h('option', { value: '' }, t('a.pickWindow')),
        ...opts.map(([id, name]) => h('option', { value: String(id) }, name)),
      );
      await devices.list.reload();
    },
  };
}
