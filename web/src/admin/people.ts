// Departments (and their groups), users and their roles, and the dispatch catalogue (categories with the
// department each goes to by default).
import { get, patch, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { loadCategories, loadDepartments, type Category, type Department } from '../ui/data.ts';
import { fmtDate } from '../ui/format.ts';
import { act, block, rowButton, type Block } from './crud.ts';

const ROLES = ['operator', 'handler', 'supervisor', 'admin'];
const active = (on: boolean) => h('span', { class: `badge ${on ? 'r-approved' : ''}` }, on ? t('a.active') : t('a.inactive'));

export async function departmentOptions(): Promise<Array<[number, string]>> {
  return (await loadDepartments()).filter((d) => d.active).map((d) => [d.id, `${d.name}（${d.group}）`]);
}

export function departmentsBlock() {
  const b: Block<Department> = block<Department>({
    id: 'departments', formTitle: t('a.newDepartment'), submitLabel: t('a.create'),
    columns: [
      { label: t('a.name'), cell: (d) => d.name },
      { label: t('a.group'), cell: (d) => d.group },
      { label: t('a.email'), cell: (d) => d.email ?? '—' },
      { label: t('a.headEmail'), cell: (d) => d.head_email ?? '—' },
      { label: t('a.state'), cell: (d) => active(d.active) },
      { label: '', cell: (d) => rowButton(d.active ? t('a.disable') : t('a.enable'), () => patch(`/departments/${d.id}`, { active: !d.active }), () => b.list.reload()) },
    ],
    load: () => loadDepartments(true),
    fields: [
      { name: 'name', label: t('a.name'), required: true },
      { name: 'group', label: t('a.group'), required: true, placeholder: '区县 / 市直部门', hint: t('a.groupHint') },
      { name: 'email', label: t('a.email'), type: 'email' },
      { name: 'head_email', label: t('a.headEmail'), type: 'email' },
    ],
    create: (v) => post('/departments', v),
    created: (d) => t('a.created').replace('{name}', d.name),
  });
  return b;
}

interface User { id: number; username: string; display_name: string; role: string; department_id: number | null; active: boolean; created_at: string }

export function usersBlock(departments: Map<number, string>, options: Array<[number, string]>) {
  const b: Block<User> = block<User>({
    id: 'users', formTitle: t('a.newUser'), submitLabel: t('a.create'),
    columns: [
      { label: t('a.username'), cell: (u) => u.username },
      { label: t('a.displayName'), cell: (u) => u.display_name },
      { label: t('a.role'), cell: (u) => t(`role.${u.role}`) },
      { label: t('t.department'), cell: (u) => (u.department_id ? departments.get(u.department_id) ?? '' : '—') },
      { label: t('a.since'), cell: (u) => fmtDate(u.created_at), class: 'nowrap' },
      { label: t('a.state'), cell: (u) => active(u.active) },
      { label: '', cell: (u) => rowButton(u.active ? t('a.disable') : t('a.enable'), () => patch(`/users/${u.id}`, { active: !u.active }), () => b.list.reload()) },
    ],
    load: () => get('/users'),
    fields: [
      { name: 'username', label: t('a.username'), required: true, autocomplete: 'off', hint: t('a.usernameHint') },
      { name: 'display_name', label: t('a.displayName'), required: true },
      { name: 'password', label: t('a.password'), type: 'password', required: true, autocomplete: 'new-password', hint: t('a.passwordHint') },
      { name: 'role', label: t('a.role'), type: 'select', options: ROLES.map((r) => [r, t(`role.${r}`)]) },
      { name: 'department_id', label: t('a.userDepartment'), type: 'select', options: [['', '—'], ...options], hint: t('a.userDepartmentHint') },
    ],
    create: (v) => post('/users', { ...v, department_id: v.department_id ? Number(v.department_id) : null }),
    created: (u) => t('a.created').replace('{name}', u.username),
  });
  return b;
}

export function categoriesBlock(departments: Map<number, string>, options: Array<[number, string]>) {
  const b: Block<Category> = block<Category>({
    id: 'categories', formTitle: t('a.newCategory'), submitLabel: t('a.create'), intro: h('p', { class: 'muted small' }, t('a.catalogueHint')),
    columns: [
      { label: t('t.category'), cell: (c) => c.name },
      {
        label: t('a.defaultDepartment'),
        cell: (c) => {
          // Changing the default department is a one-field edit, done in place.
          const select = h('select', { 'aria-label': t('a.defaultDepartment'), class: 'inline' }, options.map(([id, name]) => h('option', { value: String(id), selected: id === c.department_id }, name)));
          if (c.department_id && !options.some(([id]) => id === c.department_id)) select.prepend(h('option', { value: String(c.department_id), selected: true }, departments.get(c.department_id) ?? ''));
          select.addEventListener('change', () => void act(() => patch(`/categories/${c.id}`, { department_id: Number(select.value) }), () => b.list.reload(), t('a.saved')));
          return select;
        },
      },
      { label: t('a.state'), cell: (c) => active(c.active) },
      { label: '', cell: (c) => rowButton(c.active ? t('a.disable') : t('a.enable'), () => patch(`/categories/${c.id}`, { active: !c.active }), () => b.list.reload()) },
    ],
    load: () => loadCategories(true),
    fields: [
      { name: 'name', label: t('t.category'), required: true },
      { name: 'department_id', label: t('a.defaultDepartment'), type: 'select', options: [['', t('a.pickDept')], ...options] },
    ],
    create: (v) => post('/categories', { ...v, department_id: v.department_id ? Number(v.department_id) : undefined }),
    created: (c) => t('a.created').replace('{name}', c.name),
  });
  return b;
}
