// 派单目录 (docs/rules/catalogue.md): the coded catalogue as a tree (code, name, responsible unit, severity tier,
// duty basis, and the category's 事项编码, edited in place) as in force on a day, the import of a new version from
// a CSV file with its effective date (every problem listed by line), and the history of versions with what each
// changed.
import { ApiError, get, patch, post } from '../api.ts';
import { extend, say, t } from '../i18n.ts';
import { fill, h } from '../ui/dom.ts';
import { busy, toast } from '../ui/notice.ts';
import { fmtTime } from '../ui/format.ts';
import './catalogue.css';

interface Entry {
  category_id: number;
  code: string;
  name: string;
  parent_code: string | null;
  level: number;
  department_name: string | null;
  /** 属地: the unit of the place answers for it. */
  territorial?: boolean;
  duty_basis: string | null;
  severity_tier: string | null;
  item_code?: string | null;
}
interface Version {
  id: number;
  label: string;
  effective_from: string;
  note: string | null;
  created_at: string;
  entry_count: number;
  in_force?: boolean;
}
interface Change {
  code: string;
  name: string;
  before: Entry;
  after: Entry;
  changes: Record<string, { from: unknown; to: unknown }>;
}
interface Diff {
  from: Version | null;
  to: Version;
  added: Entry[];
  removed: Entry[];
  changed: Change[];
}

extend({
  zh: { 'tab.catalogue': '目录编码与版本' },
  en: { 'tab.catalogue': 'Coded catalogue & versions' },
});

const tier = (x: string | null) => (x ? t(`tier.${x}`) : '');
/** The responsible unit as the catalogue names it: a unit, or 属地 (the unit of the place). */
const unitOf = (e: Entry) => (e.territorial ? t('catalogue.territorial') : e.department_name);
const table = (id: string, head: string[], rows: HTMLElement[]) =>
  h(
    'div',
    { class: 'table-wrap list' },
    h(
      'table',
      { id },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          head.map((x) => h('th', null, x)),
        ),
      ),
      h('tbody', null, rows),
    ),
  );

export class CatalogueTab {
  private tree = h('div', { id: 'catalogue-tree' });
  private heading = h('p', { class: 'muted small', id: 'catalogue-version' });
  private asOf = h('input', { type: 'date', id: 'catalogue-date', 'aria-label': t('catalogue.asOf') });
  private errors = h('ul', { class: 'error', id: 'catalogue-errors', role: 'alert' });
  private history = h('div', { id: 'catalogue-history' });
  private diff = h('div', { id: 'catalogue-diff', class: 'card stack', hidden: true });
  private form = h(
    'form',
    { class: 'card stack', id: 'catalogue-import' },
    h('h2', null, t('catalogue.import')),
    h('p', { class: 'muted small' }, 'code,name,parent_code,responsible_unit,duty_basis,severity_tier[,item_code]'),
    h(
      'div',
      { class: 'row' },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'catalogue-file' }, t('catalogue.file')),
        h('input', { type: 'file', id: 'catalogue-file', name: 'file', accept: '.csv,text/csv', required: true }),
      ),
      h(
        'div',
        { class: 'field narrow' },
        h('label', { for: 'catalogue-effective' }, t('catalogue.effectiveFrom')),
        h('input', { type: 'date', id: 'catalogue-effective', name: 'effective_from' }),
      ),
    ),
    h(
      'div',
      { class: 'row' },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'catalogue-label' }, t('catalogue.label')),
        h('input', { id: 'catalogue-label', name: 'label', maxlength: 100 }),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'catalogue-note' }, t('catalogue.note')),
        h('input', { id: 'catalogue-note', name: 'note', maxlength: 500 }),
      ),
    ),
    this.errors,
    h('button', { type: 'submit', class: 'primary' }, t('catalogue.import')),
  );
  readonly el = h(
    'div',
    { class: 'stack', id: 'catalogue' },
    h(
      'div',
      { class: 'card stack' },
      h(
        'div',
        { class: 'toolbar' },
        h('h2', { class: 'grow' }, t('catalogue.title')),
        h('label', { for: 'catalogue-date', class: 'muted small' }, t('catalogue.asOf')),
        this.asOf,
      ),
      this.heading,
      this.tree,
    ),
    this.form,
    h('div', { class: 'card stack' }, h('h2', null, t('catalogue.history')), this.history),
    this.diff,
  );

  constructor() {
    this.asOf.addEventListener('change', () => void this.loadTree());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void busy(this.form.querySelector<HTMLButtonElement>('button[type=submit]'), () => this.import());
    });
  }

  async load(): Promise<void> {
    await Promise.all([this.loadTree(), this.loadHistory()]);
  }

  private async loadTree(): Promise<void> {
    const q = this.asOf.value ? `?date=${this.asOf.value}` : '';
    const [c, categories] = await Promise.all([
      get<{ version: Version | null; entries: Entry[] }>(`/catalogue${q}`),
      get<Array<{ id: number; item_code: string | null }>>('/categories'),
    ]);
    // The item code is the category's as it stands (set by a file or by hand), whatever the version shown.
    const itemCodes = new Map(categories.map((x) => [x.id, x.item_code]));
    this.heading.textContent = c.version
      ? `${c.version.label} · ${t('catalogue.effectiveFrom')} ${c.version.effective_from}`
      : t('catalogue.empty');
    // Entries come by code, so each sits under its parent; the name is indented by its level.
    const rows = c.entries.map((e) =>
      h(
        'tr',
        { 'data-code': e.code, class: `lvl-${e.level}` },
        h('td', { class: 'nowrap' }, e.code),
        h('td', { class: 'name' }, e.name),
        h('td', e.territorial ? { 'data-territorial': '' } : null, unitOf(e) ?? ''),
        h('td', { class: 'nowrap' }, tier(e.severity_tier)),
        h('td', { class: 'small' }, e.duty_basis ?? ''),
        this.itemCodeCell(e, itemCodes.get(e.category_id) ?? null),
      ),
    );
    const head = ['code', 'name', 'unit', 'tier', 'dutyBasis', 'itemCode'].map((k) => t(`catalogue.${k}`));
    fill(this.tree, c.entries.length ? table('catalogue-entries', head, rows) : null);
  }

  /** 事项编码: shown with a button that turns it into a field saved to the category (PATCH /categories/:id). */
  private itemCodeCell(e: Entry, code: string | null): HTMLElement {
    const cell = h('td', { class: 'nowrap item-code' });
    const show = (value: string | null) =>
      fill(
        cell,
        h('span', { class: 'code' }, value ?? ''),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            'aria-label': `${t('catalogue.editItemCode')} ${e.name}`,
            onclick: () => edit(value),
          },
          t('catalogue.editItemCode'),
        ),
      );
    const edit = (value: string | null) => {
      const input = h('input', {
        value: value ?? '',
        maxlength: 64,
        'aria-label': `${t('catalogue.itemCode')} ${e.name}`,
        class: 'item-code-input',
      }) as HTMLInputElement;
      const problem = h('span', { class: 'error small', role: 'alert' });
      const form = h(
        'form',
        { class: 'row' },
        input,
        h('button', { type: 'submit', class: 'small primary' }, t('catalogue.saveItemCode')),
        h('button', { type: 'button', class: 'small', onclick: () => show(value) }, t('catalogue.cancelItemCode')),
        problem,
      );
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        void busy(form.querySelector<HTMLButtonElement>('button[type=submit]'), async () => {
          try {
            const saved = await patch<{ item_code: string | null }>(`/categories/${e.category_id}`, {
              item_code: input.value.trim() || null,
            });
            show(saved.item_code);
            const name = e.name;
            toast(
              (saved.item_code
                ? say('catalogue.itemCodeSaved', { name, code: saved.item_code })
                : say('catalogue.itemCodeCleared', { name })) ?? '',
            );
          } catch (err) {
            if (!(err instanceof ApiError)) throw err;
            problem.textContent = err.details[0]?.message ?? err.message;
          }
        });
      });
      fill(cell, form);
      input.focus();
    };
    show(code);
    return cell;
  }

  private async loadHistory(): Promise<void> {
    const versions = await get<Version[]>('/catalogue/versions');
    const rows = [...versions]
      .reverse()
      .map((v, i, all) =>
        h(
          'tr',
          { 'data-version': String(v.id) },
          h('td', null, v.label, v.in_force ? h('span', { class: 'badge r-approved' }, t('catalogue.inForce')) : null),
          h('td', { class: 'nowrap' }, v.effective_from),
          h('td', { class: 'num' }, String(v.entry_count)),
          h('td', { class: 'nowrap' }, fmtTime(v.created_at)),
          h('td', null, v.note ?? ''),
          h(
            'td',
            null,
            i < all.length - 1
              ? h(
                  'button',
                  { type: 'button', class: 'small', onclick: () => void this.showDiff(v.id) },
                  t('catalogue.diff'),
                )
              : null,
          ),
        ),
      );
    const head = [
      t('catalogue.label'),
      t('catalogue.effectiveFrom'),
      t('catalogue.entries'),
      t('catalogue.importedAt'),
      t('catalogue.note'),
      '',
    ];
    fill(this.history, versions.length ? table('catalogue-versions', head, rows) : t('catalogue.empty'));
  }

  private async showDiff(id: number): Promise<void> {
    const d = await get<Diff>(`/catalogue/versions/${id}/diff`);
    const line = (e: Entry) => `${e.code} ${e.name}（${unitOf(e) ?? '—'}，${tier(e.severity_tier)}）`;
    const changeLine = (c: Change) =>
      `${c.code} ${c.name}：` +
      Object.keys(c.changes)
        // A move to or from 属地 changes both the unit and the flag: said once, as the unit.
        .filter((f) => !(f === 'territorial' && 'department_id' in c.changes))
        .map((f) => {
          const [from, to] =
            f === 'department_id' || f === 'territorial'
              ? [unitOf(c.before), unitOf(c.after)]
              : f === 'severity_tier'
                ? [tier(c.before.severity_tier), tier(c.after.severity_tier)]
                : [c.changes[f].from, c.changes[f].to];
          return `${from ?? '—'} → ${to ?? '—'}`;
        })
        .join('；');
    const part = (key: string, id: string, items: string[]) =>
      items.length
        ? h(
            'div',
            { id },
            h('h3', null, `${t(key)} (${items.length})`),
            h(
              'ul',
              null,
              items.map((x) => h('li', null, x)),
            ),
          )
        : null;
    const empty = !d.added.length && !d.removed.length && !d.changed.length;
    fill(
      this.diff,
      h('h2', null, `${d.from?.label ?? ''} → ${d.to.label}`),
      empty ? h('p', { class: 'muted' }, t('catalogue.noChange')) : null,
      part('catalogue.added', 'diff-added', d.added.map(line)),
      part('catalogue.removed', 'diff-removed', d.removed.map(line)),
      part('catalogue.changed', 'diff-changed', d.changed.map(changeLine)),
    );
    this.diff.hidden = false;
    this.diff.scrollIntoView({ block: 'nearest' });
  }

  private async import(): Promise<void> {
    fill(this.errors);
    const field = (name: string) => (this.form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const file = (this.form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return;
    const body: Record<string, string> = { csv: await file.text() };
    for (const name of ['effective_from', 'label', 'note']) if (field(name)) body[name] = field(name);
    try {
      const v = await post<Version>('/catalogue/versions', body);
      toast(say('catalogue.imported', { label: v.label, count: v.entry_count, date: v.effective_from }) ?? '');
      this.form.reset();
      await this.load();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // Every problem of the file on its own line (each names its line and column), the summary first.
      fill(
        this.errors,
        h('li', null, err.message),
        err.details.map((d) => h('li', { class: 'small' }, d.message)),
      );
    }
  }
}
