// 不合理诉求 in the supervisor's report: the month's approved unreasonable demands per unit (number, title, kind,
// reason, who decided and when), out of every figure above (docs/rules/figures.md "Unreasonable demands").
import { get } from '../api.ts';
import { t } from '../i18n.ts';
import { fill, h } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';
import { named } from '../ui/names.ts';

interface Judged {
  ticket_id: number;
  number: string;
  title: string;
  level: boolean;
  kind: string | null;
  reason: string;
  decided_by_name: string | null;
  decided_at: string | null;
}
interface UnitJudged {
  department_id: number;
  department_name: string;
  items: Judged[];
}

export class UnreasonableSection {
  readonly el = h('section', { class: 'card', id: 'unreasonable-report' });

  /** The month's list (the month the report's period starts in, like its exports). */
  async load(month: string): Promise<void> {
    const data = await get<{ month: string; total: number; units: UnitJudged[] }>(
      `/reports/unreasonable?month=${month}`,
    );
    const head = h('h2', null, `${t('unreasonable.reportTitle')} · ${month}`);
    if (!data.units.length) {
      fill(this.el, head, h('p', { class: 'muted' }, t('unreasonable.none')));
      return;
    }
    const th = (key: string) => h('th', null, t(key));
    fill(
      this.el,
      head,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['unreasonable.unit', 'unreasonable.number', 'unreasonable.title', 'unreasonable.kind'].map(th),
              ['unreasonable.reason', 'unreasonable.decidedBy', 'unreasonable.decidedAt'].map(th),
            ),
          ),
          h(
            'tbody',
            null,
            data.units.flatMap((u) =>
              u.items.map((i) =>
                h(
                  'tr',
                  { 'data-ticket': String(i.ticket_id) },
                  h('td', null, u.department_name),
                  h('td', null, h('a', { href: `/tickets/${i.ticket_id}` }, i.number)),
                  h('td', null, i.title),
                  h('td', null, i.kind ? named('unreasonable.kind', i.kind) : '—'),
                  h('td', null, h('span', { class: 'clip', title: i.reason }, i.reason)),
                  h('td', null, i.decided_by_name ?? '—'),
                  h('td', { class: 'nowrap' }, i.decided_at ? fmtTime(i.decided_at) : '—'),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }
}
