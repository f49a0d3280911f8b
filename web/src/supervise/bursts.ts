// 异常评价: bursts of same-score ratings through one QR code or review device, held out of every figure until a
// supervisor confirms them (they count, on the days they were given) or voids them, with a reason either way.
// After a decision the panel shows what it did to the department's figures for those days.
import { get, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { fmtDate, fmtTime, pct } from '../ui/format.ts';
import { named } from '../ui/names.ts';
import { onSubmit, toast } from '../ui/notice.ts';
import { ListView } from '../ui/table.ts';

export interface Burst {
  kind: 'window' | 'staff' | 'device';
  source_id: number;
  score: number;
  level: string;
  department_id: number | null;
  department_name: string | null;
  window_name: string | null;
  staff_name: string | null;
  device_name: string | null;
  count: number;
  first_at: string;
  last_at: string;
  texts: string[];
}

interface DayFigures {
  satisfaction_rate: number | null;
}

const source = (b: Burst) =>
  `${t(`b.kind.${b.kind}`)}：${b.window_name ?? b.staff_name ?? b.device_name ?? `#${b.source_id}`}`;

/** The days a burst was given on: one day, or from one to the other. */
const days = (b: Burst) =>
  fmtDate(b.first_at) === fmtDate(b.last_at)
    ? fmtDate(b.first_at)
    : t('b.range').replace('{from}', fmtDate(b.first_at)).replace('{to}', fmtDate(b.last_at));

export class Bursts {
  readonly list: ListView<Burst>;
  readonly el: HTMLElement;
  /** The burst rule in force (config ratings.burst), as the server applies it. */
  private rule = { count: 5, within_seconds: 120 };
  private pane = h(
    'aside',
    { class: 'detail card', 'aria-live': 'polite' },
    h('p', { class: 'placeholder' }, t('ui.pick')),
  );

  constructor(
    counted: (n: number) => void,
    private readonly decided: () => void = () => {},
  ) {
    this.list = new ListView<Burst>({
      columns: [
        {
          label: t('b.source'),
          cell: (b) => [h('strong', null, source(b)), h('div', { class: 'muted small' }, b.department_name ?? '—')],
        },
        {
          label: t('r.score'),
          cell: (b) =>
            h(
              'span',
              { class: `badge score-${b.score} ${b.score <= 2 ? 'red' : ''}` },
              `${b.score} ${named('score', b.score)}`,
            ),
        },
        { label: t('b.count'), cell: (b) => h('strong', { class: 'count-held' }, String(b.count)), class: 'nowrap' },
        {
          label: t('b.when'),
          cell: (b) => `${fmtTime(b.first_at)} – ${fmtTime(b.last_at).slice(11)}`,
          class: 'nowrap',
        },
      ],
      load: async () => {
        const { items, rule } = await get<{
          items: Burst[];
          held: number;
          rule: { count: number; within_seconds: number };
        }>('/ratings/bursts');
        this.rule = rule;
        // The tab counts decisions to take (bursts), as the home page does, not the ratings they hold.
        counted(items.length);
        return { items, total: items.length };
      },
      rowKey: (b) => `${b.kind}:${b.source_id}:${b.score}`,
      onRow: (b) => this.open(b),
      empty: t('b.none'),
      paged: false,
    });
    this.el = h(
      'div',
      null,
      h('p', { class: 'muted' }, t('b.hint')),
      h('div', { class: 'split' }, this.list.el, this.pane),
    );
  }

  private within(): string {
    const s = this.rule.within_seconds;
    return s % 60 === 0 ? t('b.minutes').replace('{n}', String(s / 60)) : t('b.seconds').replace('{n}', String(s));
  }

  /** The department's satisfaction over the days of a burst, as the report shows it. */
  private async figures(b: Burst): Promise<DayFigures | null> {
    if (!b.department_id) return null;
    const rows = await get<Array<DayFigures & { department_id: number }>>(
      `/stats/departments?from=${fmtDate(b.first_at)}&to=${fmtDate(b.last_at)}`,
    );
    return rows.find((r) => r.department_id === b.department_id) ?? null;
  }

  private open(b: Burst): void {
    const form = h(
      'form',
      { class: 'stack', id: 'burst-decision' },
      field({
        name: 'reason',
        label: t('b.reason'),
        type: 'textarea',
        required: true,
        rows: 2,
        placeholder: t('b.reasonHint'),
      }),
      h('p', { class: 'error', role: 'alert' }),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary ok', 'data-confirm': 'true' }, t('b.confirm')),
        h('button', { type: 'submit', class: 'secondary danger', 'data-confirm': 'false' }, t('b.void')),
      ),
    );
    onSubmit(form, async (v, button) => {
      const confirm = button?.dataset.confirm === 'true';
      const before = await this.figures(b);
      const done = await post<{ decided: number }>('/ratings/bursts/decision', {
        kind: b.kind,
        source_id: b.source_id,
        score: b.score,
        until: b.last_at,
        confirm,
        reason: v.reason ?? '',
      });
      const after = await this.figures(b);
      const message = t(confirm ? 'b.confirmed' : 'b.voided').replace('{n}', String(done.decided));
      toast(message);
      this.decided();
      fill(
        this.pane,
        h(
          'article',
          { class: 'burst-result' },
          h('h3', null, message),
          h(
            'p',
            { class: 'effect' },
            t('b.effect')
              .replace('{dept}', b.department_name ?? '—')
              .replace('{days}', days(b))
              .replace('{before}', pct(before?.satisfaction_rate))
              .replace('{after}', pct(after?.satisfaction_rate)),
          ),
          h('p', { class: 'muted small' }, `${t('b.reason')}：${v.reason}`),
        ),
      );
      void this.list.reload();
    });
    fill(
      this.pane,
      h(
        'article',
        { class: 'burst', 'data-burst': `${b.kind}:${b.source_id}:${b.score}` },
        h('h3', null, source(b)),
        h(
          'dl',
          { class: 'facts' },
          h('dt', null, t('t.department')),
          h('dd', null, b.department_name ?? '—'),
          h('dt', null, t('r.score')),
          h('dd', null, `${b.score} ${named('score', b.score)}`),
          h('dt', null, t('b.count')),
          h('dd', null, String(b.count)),
          h('dt', null, t('b.when')),
          h('dd', null, `${fmtTime(b.first_at)} – ${fmtTime(b.last_at)}`),
        ),
        h(
          'p',
          { class: 'muted small' },
          t('b.rule').replace('{count}', String(this.rule.count)).replace('{within}', this.within()),
        ),
        b.texts.length
          ? [
              h('h4', null, t('b.texts')),
              h(
                'ul',
                null,
                b.texts.map((x) => h('li', null, x)),
              ),
            ]
          : null,
        h('div', { class: 'ticket-actions' }, form),
      ),
    );
  }
}
