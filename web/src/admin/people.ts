// Users and their roles, and the dispatch catalogue (categories with the department each goes to by default);
// departments themselves, as a tree of units, are in units.ts.
import { get, patch, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { loadCategories, loadDepartments, type Category } from '../ui/data.ts';
import { dialog, setOptions } from '../ui/form.ts';
import { toastAfter } from '../ui/password.ts';
import { fmtDate } from '../ui/format.ts';
import { act, block, rowButton, type Block } from './crud.ts';

const ROLES = ['operator', 'handler', 'supervisor', 'admin'];
const active = (on: boolean) =>
  h('span', { class: `badge ${on ? 'r-approved' : ''}` }, on ? t('a.active') : t('a.inactive'));

export async function departmentOptions(): Promise<Array<[number, string]>> {
  return (await loadDepartments()).filter((d) => d.active).map((d) => [d.id, `${d.name}（${d.group}）`]);
}

/** The groups a department may be put in (config departmentGroups), as the API will check them. */
export async function departmentGroups(): Promise<string[]> {
  return (await get<{ groups: string[] }>('/departments/groups')).groups;
}

interface User {
  id: number;
  username: string;
  display_name: string;
  role: string;
  department_id: number | null;
  active: boolean;
  created_at: string;
}

export function usersBlock(departments: Map<number, string>, options: Array<[number, string]>) {
  const roleOptions = (): Array<[string, string]> => ROLES.map((r) => [r, t(`role.${r}`)]);
  const deptOptions = (current: number | null): Array<[number | '', string]> => [
    ['', '—'],
    ...options,
    // A department since disabled still shows for the user who is in it.
    ...(current && !options.some(([id]) => id === current)
      ? [[current, departments.get(current) ?? `#${current}`] as [number, string]]
      : []),
  ];
  const edit = (u: User) =>
    dialog({
      title: `${t('a.editUser')}：${u.username}`,
      submitLabel: t('ui.save'),
      fields: [
        { name: 'display_name', label: t('a.displayName'), required: true, value: u.display_name },
        { name: 'role', label: t('a.role'), type: 'select', options: roleOptions(), value: u.role },
        {
          name: 'department_id',
          label: t('a.userDepartment'),
          type: 'select',
          options: deptOptions(u.department_id),
          value: u.department_id ?? '',
          hint: t('a.userDepartmentHint'),
        },
        { name: 'active', label: t('a.active'), type: 'checkbox', value: u.active },
      ],
      submit: async (v) => {
        await patch(`/users/${u.id}`, { ...v, department_id: v.department_id ?? null });
        await b.list.reload();
        toastAfter(t('a.savedName').replace('{name}', v.display_name ?? u.display_name));
      },
    });
  const reset = (u: User) =>
    dialog({
      title: `${t('a.resetPassword')}：${u.display_name}（${u.username}）`,
      intro: t('a.resetIntro'),
      submitLabel: t('a.resetPassword'),
      danger: true,
      fields: [
        {
          name: 'password',
          label: t('a.newPassword'),
          type: 'password',
          required: true,
          autocomplete: 'new-password',
          hint: t('pw.rule'),
        },
      ],
      submit: async (v) => {
        await post(`/users/${u.id}/password`, { password: v.password ?? '' });
        toastAfter(t('a.passwordReset').replace('{name}', u.display_name));
      },
    });
  const b: Block<User> = block<User>({
    id: 'users',
    formTitle: t('a.newUser'),
    submitLabel: t('a.create'),
    columns: [
      { label: t('a.username'), cell: (u) => u.username },
      { label: t('a.displayName'), cell: (u) => u.display_name },
      { label: t('a.role'), cell: (u) => t(`role.${u.role}`) },
      { label: t('t.department'), cell: (u) => (u.department_id ? (departments.get(u.department_id) ?? '') : '—') },
      { label: t('a.since'), cell: (u) => fmtDate(u.created_at), class: 'nowrap' },
      { label: t('a.state'), cell: (u) => active(u.active) },
      {
        label: '',
        class: 'nowrap',
        cell: (u) => [
          h(
            'button',
            { type: 'button', class: 'secondary small', 'data-edit': u.id, onclick: () => edit(u) },
            t('a.edit'),
          ),
          ' ',
          h(
            'button',
            { type: 'button', class: 'secondary small', 'data-reset': u.id, onclick: () => reset(u) },
            t('a.resetPassword'),
          ),
          ' ',
          rowButton(
            u.active ? t('a.disable') : t('a.enable'),
            () => patch(`/users/${u.id}`, { active: !u.active }),
            () => b.list.reload(),
          ),
        ],
      },
    ],
    load: () => get('/users'),
    fields: [
      { name: 'username', label: t('a.username'), required: true, autocomplete: 'off', hint: t('a.usernameHint') },
      { name: 'display_name', label: t('a.displayName'), required: true },
      {
        name: 'password',
        label: t('a.password'),
        type: 'password',
        required: true,
        autocomplete: 'new-password',
        hint: t('a.passwordHint'),
      },
      { name: 'role', label: t('a.role'), type: 'select', options: roleOptions() },
      {
        name: 'department_id',
        label: t('a.userDepartment'),
        type: 'select',
        options: deptOptions(null),
        hint: t('a.userDepartmentHint'),
      },
    ],
    create: (v) => post('/users', { ...v, department_id: v.department_id ? Number(v.department_id) : null }),
    created: (u) => t('a.created').replace('{name}', u.username),
  });
  return {
    ...b,
    /** New department options (one added or renamed on this page): the form offers them at once. */
    setDepartments(next: Array<[number, string]>) {
      options = next;
      setOptions(b.form.querySelector<HTMLSelectElement>('select[name=department_id]')!, next, '—');
      void b.list.reload();
    },
  };
}

export function categoriesBlock(departments: Map<number, string>, options: Array<[number, string]>) {
  const b: Block<Category> = block<Category>({
    id: 'categories',
    formTitle: t('a.newCategory'),
    submitLabel: t('a.create'),
    intro: h('p', { class: 'muted small' }, t('a.catalogueHint')),
    columns: [
      { label: t('t.category'), cell: (c) => c.name },
      { label: t('catalogue.itemCode'), cell: (c) => c.item_code ?? '' },
      {
        label: t('a.defaultDepartment'),
        cell: (c) => {
          // Changing the default department is a one-field edit, done in place.
          const select = h(
            'select',
            { 'aria-label': t('a.defaultDepartment'), class: 'inline' },
            options.map(([id, name]) => h('option', { value: String(id), selected: id === c.department_id }, name)),
          );
          if (c.department_id && !options.some(([id]) => id === c.department_id))
            select.prepend(
              h('option', { value: String(c.department_id), selected: true }, departments.get(c.department_id) ?? ''),
            );
          select.addEventListener(
            'change',
            () =>
              void act(
                () => patch(`/categories/${c.id}`, { department_id: Number(select.value) }),
                () => b.list.reload(),
                t('a.saved'),
              ),
          );
          return select;
        },
      },
      { label: t('a.state'), cell: (c) => active(c.active) },
      {
        label: '',
        cell: (c) =>
          rowButton(
            c.active ? t('a.disable') : t('a.enable'),
            () => patch(`/categories/${c.id}`, { active: !c.active }),
            () => b.list.reload(),
          ),
      },
    ],
    load: () => loadCategories(true),
    fields: [
      { name: 'name', label: t('t.category'), required: true },
      { name: 'item_code', label: t('catalogue.itemCode') },
      {
        name: 'department_id',
        label: t('a.defaultDepartment'),
        type: 'select',
        options: [['', t('a.pickDept')], ...options],
      },
    ],
    create: (v) => post('/categories', { ...v, department_id: v.department_id ? Number(v.department_id) : undefined }),
    created: (c) => t('a.created').replace('{name}', c.name),
  });
  return b;
}
