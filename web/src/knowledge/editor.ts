// One article in the form beside the list: create, edit (saved on the version read, so a concurrent edit is
// refused rather than lost), withdraw and put back in use. The server decides who may; this only offers it.
import { del, get, patch, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { busy, onSubmit, showError, toast } from '../ui/notice.ts';
import type { Me } from '../ui/shell.ts';

export interface Article {
  id: number;
  title: string;
  body: string;
  category_id: number | null;
  department_id: number | null;
  keywords: string[];
  active: boolean;
  use_count: number;
  version: number;
  updated_at: string;
}

const EDIT_ALL = ['supervisor', 'admin'];
const fmt = (key: string, vars: Record<string, string | number>) =>
  Object.entries(vars).reduce((s, [k, v]) => s.replace(`{${k}}`, String(v)), t(key));

export class ArticleEditor {
  readonly el = h(
    'aside',
    { class: 'detail card', id: 'kb-editor', 'aria-live': 'polite' },
    h('p', { class: 'placeholder' }, t('k.pick')),
  );

  constructor(
    private readonly me: Me,
    private readonly categories: Array<[number, string]>,
    private readonly departments: Map<number, string>,
    private readonly changed: (id: number) => Promise<void>,
  ) {}

  blank(): void {
    this.draw(null);
  }

  async open(id: number): Promise<void> {
    fill(this.el, h('p', { class: 'placeholder' }, h('span', { class: 'spinner' }), ' ', t('ui.loading')));
    try {
      this.draw(await get<Article>(`/knowledge/${id}`));
    } catch (err) {
      fill(this.el, h('p', { class: 'error' }));
      showError(err, this.el);
    }
  }

  private draw(a: Article | null): void {
    const all = EDIT_ALL.includes(this.me.role);
    const ownName = this.me.department_id ? (this.departments.get(this.me.department_id) ?? '') : '';
    const department = all
      ? field({
          name: 'department_id',
          label: t('k.department'),
          type: 'select',
          hint: t('k.departmentHint'),
          value: a?.department_id ?? '',
          options: [
            ['', t('k.noDepartment')],
            ...[...this.departments].map(([id, name]): [number, string] => [id, name]),
          ],
        })
      : h('p', { class: 'meta', id: 'kb-own-department' }, fmt('k.ownDepartment', { name: ownName }));
    const form = h(
      'form',
      { class: 'stack', id: 'kb-form' },
      h('h2', null, a ? t('k.edit') : t('k.new')),
      a
        ? h(
            'p',
            { class: 'meta' },
            `${a.active ? t('k.active') : t('k.inactive')} · ${fmt('k.version', { n: a.version })} · ` +
              `${t('k.uses')} ${a.use_count}`,
          )
        : null,
      field({ name: 'title', label: t('k.articleTitle'), required: true, value: a?.title }),
      h(
        'div',
        { class: 'row' },
        field({
          name: 'category_id',
          label: t('k.category'),
          type: 'select',
          value: a?.category_id ?? '',
          options: [['', '—'], ...this.categories],
        }),
        department,
      ),
      field({ name: 'keywords', label: t('k.keywords'), hint: t('k.keywordsHint'), value: a?.keywords.join('，') }),
      field({ name: 'body', label: t('k.body'), type: 'textarea', rows: 12, required: true, value: a?.body }),
      h('p', { class: 'error', role: 'alert' }),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', 'data-action': 'save' }, a ? t('k.save') : t('k.create')),
        a ? this.stateButton(a) : null,
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => (a ? void this.open(a.id) : this.blank()) },
          t('k.cancel'),
        ),
      ),
    );
    onSubmit(form, async (v) => {
      const body: Record<string, unknown> = {
        title: v.title ?? '',
        body: v.body ?? '',
        category_id: v.category_id ? Number(v.category_id) : null,
        keywords: String(v.keywords ?? '')
          .split(/[,，、\s]+/)
          .filter(Boolean),
      };
      if (all) body.department_id = v.department_id ? Number(v.department_id) : null;
      const saved = a
        ? await patch<Article>(`/knowledge/${a.id}`, { version: a.version, ...body })
        : await post<Article>('/knowledge', body);
      toast(fmt(a ? 'k.saved' : 'k.created', { title: saved.title }));
      this.draw(saved);
      await this.changed(saved.id);
    });
    fill(this.el, form);
    (form.querySelector('[name=title]') as HTMLInputElement).focus();
  }

  /** 停用 an article in use; put a withdrawn one back. */
  private stateButton(a: Article): HTMLButtonElement {
    const b: HTMLButtonElement = h(
      'button',
      {
        type: 'button',
        class: a.active ? 'secondary danger' : 'secondary',
        'data-action': a.active ? 'withdraw' : 'restore',
        onclick: () =>
          busy(b, async () => {
            try {
              if (a.active) await del(`/knowledge/${a.id}`);
              else await patch(`/knowledge/${a.id}`, { version: a.version, active: true });
              toast(fmt(a.active ? 'k.withdrawn' : 'k.restored', { title: a.title }));
              await this.open(a.id);
              await this.changed(a.id);
            } catch (err) {
              showError(err, this.el);
            }
          }),
      },
      a.active ? t('k.withdraw') : t('k.restore'),
    );
    return b;
  }
}
