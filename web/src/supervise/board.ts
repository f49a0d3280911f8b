// The monthly red/blue leaderboard (红蓝榜): previewed for any month, published once a month has ended, frozen
// after that. The server refuses to publish a month that has not ended; the page says so in words.
import { get, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { field, dialog } from '../ui/form.ts';
import { fmtTime, previousMonth, today } from '../ui/format.ts';
import { onSubmit, toast } from '../ui/notice.ts';

interface Entry { department_id: number; name: string; score: number; rank: number }
interface Group { group: string; red: Entry[]; blue: Entry[]; unranked: Array<{ department_id: number; name: string; received: number }> }
interface Board { month: string; published_at: string | null; groups: Group[] }

export class LeaderboardView {
  readonly el: HTMLElement;
  private body = h('div', { id: 'board' });
  private month = previousMonth(today().slice(0, 7));

  constructor() {
    const form = h('form', { class: 'toolbar', id: 'board-form' },
      field({ name: 'month', label: t('s.month'), type: 'month', value: this.month }),
      h('button', { type: 'submit', class: 'primary' }, t('s.show')),
      h('p', { class: 'error', role: 'alert' }));
    onSubmit(form, async (v) => {
      this.month = v.month ?? '';
      await this.load(true);
    });
    this.el = h('div', null, form, this.body);
  }

  async load(strict = false): Promise<void> {
    try {
      this.render(await get<Board>(`/leaderboards/${encodeURIComponent(this.month)}`));
    } catch (err) {
      if (strict) throw err;
    }
  }

  private render(b: Board): void {
    const publish = b.published_at ? null : h('button', {
      type: 'button', class: 'primary', id: 'publish',
      onclick: () => dialog({
        title: t('s.publishTitle').replace('{month}', b.month), intro: t('s.publishIntro'), submitLabel: t('s.publish'), fields: [],
        submit: async () => {
          const published = await post<Board>(`/leaderboards/${b.month}/publish`);
          toast(t('s.published').replace('{month}', b.month));
          this.render(published);
        },
      }),
    }, t('s.publishTitle').replace('{month}', b.month));
    fill(this.body,
      h('div', { class: 'toolbar' }, h('p', { class: 'grow', id: 'board-state' }, b.published_at
        ? h('span', { class: 'badge r-approved' }, t('s.publishedAt').replace('{at}', fmtTime(b.published_at)))
        : h('span', { class: 'badge r-pending' }, t('s.preview'))), publish),
      b.groups.length === 0 ? h('p', { class: 'muted' }, t('ui.empty')) : null,
      b.groups.map((g) => h('section', { class: 'card board-group' },
        h('h2', null, g.group),
        h('div', { class: 'lists' }, this.list(t('s.red'), 'red', g.red), this.list(t('s.blue'), 'blue', g.blue)),
        g.unranked.length ? h('p', { class: 'muted small' }, t('s.unranked'), g.unranked.map((u) => `${u.name}（${u.received}）`).join('、')) : null)));
  }

  private list(title: string, kind: string, entries: Entry[]): HTMLElement {
    return h('div', { class: `board-list ${kind}` }, h('h3', null, title),
      entries.length === 0 ? h('p', { class: 'muted' }, '—') : h('ol', null, entries.map((e) =>
        h('li', null, h('span', { class: 'rank' }, String(e.rank)), h('span', { class: 'name' }, e.name), h('span', { class: 'score' }, e.score.toFixed(2))))));
  }
}
