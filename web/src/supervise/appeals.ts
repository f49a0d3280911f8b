// 申诉审核: appeals departments lodged against bad reviews; upholding one voids the review (kept on record, out
// of every figure), rejecting it leaves the review standing.
import { get, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { qs } from '../ui/data.ts';
import { onSubmit, toast } from '../ui/notice.ts';
import { ratingCard, ratingColumns, type Rating } from '../ui/rating.ts';
import { ListView } from '../ui/table.ts';
import { appealMaterial } from '../ui/attachments.ts';
import { callRecordings } from '../ui/call-recordings.ts';

export class Appeals {
  readonly list: ListView<Rating>;
  readonly el: HTMLElement;
  private pane = h('aside', { class: 'detail card' }, h('p', { class: 'placeholder' }, t('ui.pick')));

  constructor(departments: Map<number, string>, counted: (n: number) => void) {
    this.list = new ListView<Rating>({
      columns: ratingColumns([
        { label: t('t.department'), cell: (r) => (r.department_id ? (departments.get(r.department_id) ?? '') : '—') },
      ]),
      load: async (q) => {
        const page = await get(`/ratings${qs({ appeal_status: 'pending', page: q.page, per_page: q.per_page })}`);
        counted(page.total);
        return page;
      },
      rowKey: (r) => r.id,
      onRow: (r) => this.open(r),
      empty: t('s.noAppeals'),
    });
    this.el = h('div', { class: 'split' }, this.list.el, this.pane);
  }

  private open(r: Rating): void {
    const form = h(
      'form',
      { class: 'stack' },
      // A decision needs its reason (the server refuses one without, and says so beside this field).
      field({ name: 'note', label: t('s.appealReason'), type: 'textarea', required: true, rows: 2 }),
      h('p', { class: 'error', role: 'alert' }),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary ok', 'data-uphold': 'true' }, t('s.uphold')),
        h('button', { type: 'submit', class: 'secondary', 'data-uphold': 'false' }, t('s.rejectAppeal')),
      ),
    );
    onSubmit(form, async (v, button) => {
      const uphold = button?.dataset.uphold === 'true';
      const decided = await post<Rating>(`/ratings/${r.id}/appeal/decision`, { uphold, ...v });
      toast(uphold ? t('s.upheld') : t('s.appealRejected'));
      fill(this.pane, ratingCard(decided));
      void this.list.reload();
    });
    // 申诉材料: the files the department sent with its appeal, beside the decision.
    // 通话录音: the rated order's calls, to hear what the resident asked for (each play audited).
    const calls = r.ticket_id ? callRecordings(r.ticket_id, 'supervisor') : null;
    fill(this.pane, ratingCard(r, [appealMaterial(r), calls, r.appeal?.status === 'pending' ? form : null]));
  }
}
