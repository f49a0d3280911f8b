// Departments as a tree of units (docs/rules/units.md): the list drawn parent first, each unit indented under its
// parent with its kind; the forms choose a kind and a parent and take the liaison's mobile. The server checks the
// nesting and says what is wrong next to the field (a community under a district, a cycle, an inactive parent).
import './units-messages.ts';
import './units.css';
import { get, patch, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { loadDepartments, type Department } from '../ui/data.ts';
import { dialog, setOptions, type FieldSpec } from '../ui/form.ts';
import { showError } from '../ui/notice.ts';
import { toastAfter } from '../ui/password.ts';
import { block, rowButton, type Block } from './crud.ts';

const KINDS: Department['kind'][] = ['municipal', 'district', 'street', 'community', 'enterprise'];
/** The kinds a unit may stand under (unit-nesting.ts says the same on the server). */
const PARENT_KINDS: Department['kind'][] = ['district', 'street'];

const kindOptions = (): Array<[string, string]> => KINDS.map((k) => [k, t(`unitKind.${k}`)]);
const kindBadge = (d: Department) => h('span', { class: `badge unit-kind kind-${d.kind}` }, t(`unitKind.${d.kind}`));
const state = (on: boolean) =>
  h('span', { class: `badge ${on ? 'r-approved' : ''}` }, on ? t('a.active') : t('a.inactive'));

/** Parent first, then its units below, siblings by id: the order the server's unit tree walks. */
export function treeOrder(units: Department[]): Department[] {
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  return [...units].sort((a, b) => cmp(a.path ?? [a.id], b.path ?? [b.id]));
}

/**
 * The units a unit may be put under: active districts and streets, indented as in the tree, never itself or a unit
 * below it; its current parent stays offered even when since deactivated, so an edit does not move it.
 */
async function parentOptions(except?: Department): Promise<Array<[number | '', string]>> {
  const units = treeOrder(await loadDepartments()).filter(
    (d) =>
      (d.active || d.id === except?.parent_id) &&
      PARENT_KINDS.includes(d.kind) &&
      !(except && d.path?.includes(except.id)),
  );
  return [['', t('u.topLevel')], ...units.map((d): [number, string] => [d.id, `${'　'.repeat(d.depth)}${d.name}`])];
}

const groupOptions = (groups: string[], current?: string): Array<[string, string]> =>
  // A group stored before the list was configured still shows, so an edit of the name does not silently move it.
  [...(current && !groups.includes(current) ? [current] : []), ...groups].map((g) => [g, g]);

function treeFields(parents: Array<[number | '', string]>, d?: Department): FieldSpec[] {
  return [
    { name: 'kind', label: t('u.kind'), type: 'select', options: kindOptions(), value: d?.kind ?? 'municipal' },
    {
      name: 'parent_id',
      label: t('u.parent'),
      type: 'select',
      options: parents,
      value: d?.parent_id ?? '',
      hint: t('u.parentHint'),
    },
    {
      name: 'liaison_mobile',
      label: t('u.liaison'),
      type: 'tel',
      value: d?.liaison_mobile ?? '',
      hint: t('u.liaisonHint'),
      autocomplete: 'off',
    },
  ];
}

/** Departments as a tree with their kind, parent and leaderboard group; `changed` runs after an addition or edit. */
export async function unitsBlock(groups: string[], changed: () => Promise<void>) {
  const edit = async (row: Department) => {
    try {
      // The list masks the liaison's mobile; the administrator edits the whole number.
      const [d, parents] = await Promise.all([get<Department>(`/departments/${row.id}`), parentOptions(row)]);
      dialog({
        title: `${t('a.editDepartment')}：${d.name}`,
        submitLabel: t('ui.save'),
        fields: [
          { name: 'name', label: t('a.name'), required: true, value: d.name },
          ...treeFields(parents, d),
          {
            name: 'group',
            label: t('a.group'),
            type: 'select',
            options: groupOptions(groups, d.group),
            value: d.group,
            hint: t('a.groupHint'),
          },
          { name: 'email', label: t('a.email'), type: 'email', value: d.email ?? '' },
          { name: 'head_email', label: t('a.headEmail'), type: 'email', value: d.head_email ?? '' },
          { name: 'active', label: t('a.active'), type: 'checkbox', value: d.active },
        ],
        submit: async (v) => {
          // A field emptied here is removed (null), not left as it was: a top-level unit, no mailbox, no liaison.
          await patch(`/departments/${d.id}`, {
            ...v,
            parent_id: v.parent_id ?? null,
            liaison_mobile: v.liaison_mobile ?? null,
            email: v.email ?? null,
            head_email: v.head_email ?? null,
          });
          await reload();
          toastAfter(t('a.savedName').replace('{name}', v.name ?? d.name));
        },
      });
    } catch (err) {
      showError(err);
    }
  };
  const reload = async () => {
    await changed();
    await b.list.reload();
    setOptions(parentSelect, (await parentOptions()).slice(1), t('u.topLevel'));
  };
  const b: Block<Department> = block<Department>({
    id: 'departments',
    formTitle: t('a.newDepartment'),
    submitLabel: t('a.create'),
    columns: [
      {
        label: t('a.name'),
        cell: (d) => h('span', { class: `unit-name depth-${Math.min(d.depth ?? 0, 4)}`, 'data-unit': d.id }, d.name),
      },
      { label: t('u.kind'), cell: kindBadge },
      { label: t('u.parent'), cell: (d) => d.parent_name ?? '—' },
      { label: t('a.group'), cell: (d) => d.group },
      { label: t('u.liaison'), cell: (d) => d.liaison_mobile ?? '—' },
      { label: t('a.email'), cell: (d) => d.email ?? '—' },
      { label: t('a.state'), cell: (d) => state(d.active) },
      {
        label: '',
        class: 'nowrap',
        cell: (d) => [
          h(
            'button',
            { type: 'button', class: 'secondary small', 'data-edit': d.id, onclick: () => edit(d) },
            t('a.edit'),
          ),
          ' ',
          rowButton(
            d.active ? t('a.disable') : t('a.enable'),
            () => patch(`/departments/${d.id}`, { active: !d.active }),
            reload,
          ),
        ],
      },
    ],
    load: async () => treeOrder(await loadDepartments(true)),
    fields: [
      { name: 'name', label: t('a.name'), required: true },
      ...treeFields(await parentOptions()),
      {
        name: 'group',
        label: t('a.group'),
        type: 'select',
        required: true,
        options: [['', t('a.pickGroup')], ...groupOptions(groups)],
        hint: t('a.groupHint'),
      },
      { name: 'email', label: t('a.email'), type: 'email' },
      { name: 'head_email', label: t('a.headEmail'), type: 'email' },
    ],
    create: (v) => post('/departments', v),
    created: (d) => {
      void reload();
      return t('a.created').replace('{name}', d.name);
    },
  });
  const parentSelect = b.form.querySelector<HTMLSelectElement>('select[name=parent_id]')!;
  return b;
}
