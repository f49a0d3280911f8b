// The monthly red/blue leaderboard (红蓝榜). A month that has not ended is a live preview and cannot be published
// (the server answers 409; the page offers no 发布). An ended month is prepared at 01:00 on the 1st for review;
// a supervisor publishes it (or the job does on the configured day), and it is frozen after that.
import { get, post } from '../api.ts';
import { t } from '../i18n.ts';
import { boardList, rankingTable, unrankedNames, type BoardGroup } from '../ui/board-table.ts';
import { h, fill } from '../ui/dom.ts';
import { field, dialog } from '../ui/form.ts';
import { fmtTime } from '../ui/format.ts';
import { onSubmit, toast } from '../ui/notice.ts';
import { boardValues, publicSettings, withValues, type PublicSettings } from '../ui/settings.ts';

interface Board {
  month: string;
  status: 'preview' | 'prepared' | 'published';
  ended: boolean;
  prepared_at: string | null;
  published_at: string | null;
  groups: BoardGroup[];
}
export interface BoardIndex {
  today: string;
  month: string;
  awaiting: string[];
}

const fillIn = (text: string, v: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k) => v[k] ?? '');

export class LeaderboardView {
  readonly el: HTMLElement;
  private body = h('div', { id: 'board' });
  /** Who is ranked and how many are listed: the server's settings (GET /settings/public). */
  private settings: PublicSettings | null = null;
  private form: HTMLFormElement;

  /** `month`: the month to show first (the one just ended, or the one a mail links to). */
  constructor(
    private month: string,
    private readonly changed: () => void = () => {},
  ) {
    this.form = h(
      'form',
      { class: 'toolbar', id: 'board-form' },
      field({ name: 'month', label: t('s.month'), type: 'month', value: month }),
      h('button', { type: 'submit', class: 'primary' }, t('s.show')),
      h('p', { class: 'error', role: 'alert' }),
    ) as HTMLFormElement;
    onSubmit(this.form, async (v) => {
      this.month = v.month ?? '';
      await this.load(true);
    });
    this.el = h('div', null, this.form, this.body);
  }

  show(month: string): void {
    this.month = month;
    const input = this.form.querySelector<HTMLInputElement>('[name=month]');
    if (input) input.value = month;
  }

  async load(strict = false): Promise<void> {
    try {
      const [b, settings] = await Promise.all([
        get<Board>(`/leaderboards/${encodeURIComponent(this.month)}`),
        publicSettings(),
      ]);
      this.settings = settings;
      this.render(b);
    } catch (err) {
      if (strict) throw err;
    }
  }

  private state(b: Board): HTMLElement {
    if (b.status === 'published')
      return h('span', { class: 'badge r-approved' }, fillIn(t('s.publishedAt'), { at: fmtTime(b.published_at) }));
    if (b.status === 'prepared')
      return h('span', { class: 'badge r-pending' }, fillIn(t('s.preparedAt'), { at: fmtTime(b.prepared_at) }));
    return h('span', { class: 'badge' }, b.ended ? t('s.previewEnded') : t('s.previewOpen'));
  }

  private render(b: Board): void {
    const s = this.settings!;
    // Only an ended month that is not yet published can be published: a month under way is preview only.
    const publish =
      b.ended && b.status !== 'published'
        ? h(
            'button',
            {
              type: 'button',
              class: 'primary',
              id: 'publish',
              onclick: () =>
                dialog({
                  title: fillIn(t('s.publishTitle'), { month: b.month }),
                  intro: t('s.publishIntro'),
                  submitLabel: t('s.publish'),
                  fields: [],
                  submit: async () => {
                    const published = await post<Board>(`/leaderboards/${b.month}/publish`);
                    toast(fillIn(t('s.published'), { month: b.month }));
                    this.render(published);
                    this.changed();
                  },
                }),
            },
            fillIn(t('s.publishTitle'), { month: b.month }),
          )
        : null;
    fill(
      this.body,
      h('div', { class: 'toolbar' }, h('p', { class: 'grow', id: 'board-state' }, this.state(b)), publish),
      b.groups.length === 0 ? h('p', { class: 'muted' }, t('ui.empty')) : null,
      h('p', { class: 'muted small' }, withValues(t('s.boardRule'), boardValues(s))),
      b.groups.map((g) =>
        h(
          'section',
          { class: 'card board-group', 'data-group': g.group },
          h('h2', null, g.group),
          (g.ranked?.length ?? 0) < s.leaderboard.min_ranked && g.red.length === 0
            ? h('p', { class: 'muted small' }, withValues(t('s.tooFewRanked'), boardValues(s)))
            : null,
          h(
            'div',
            { class: 'lists' },
            boardList('board-list red', t('s.red'), g.red),
            boardList('board-list blue', t('s.blue'), g.blue),
          ),
          g.ranked?.length
            ? h(
                'details',
                { class: 'ranking' },
                h('summary', null, fillIn(t('s.fullRanking'), { n: String(g.ranked.length) })),
                rankingTable(g.ranked, {
                  rank: t('s.rank'),
                  department: t('t.department'),
                  score: t('s.score'),
                  received: t('s.received'),
                }),
              )
            : null,
          g.unranked.length ? h('p', { class: 'muted small' }, t('s.unranked'), unrankedNames(g.unranked)) : null,
        ),
      ),
    );
  }
}
