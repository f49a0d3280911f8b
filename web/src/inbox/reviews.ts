// 差评整改: the department's bad reviews, each with its rectification order to handle, and the appeal (申诉)
// the department may lodge against one it thinks unfair.
import { get, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { dialog } from '../ui/form.ts';
import { qs } from '../ui/data.ts';
import { toast } from '../ui/notice.ts';
import { TicketPane } from '../ui/pane.ts';
import { ratingCard, ratingColumns, type Rating } from '../ui/rating.ts';
import { ListView } from '../ui/table.ts';
import type { Names } from '../ui/ticket.ts';
import { handlerActions } from './actions.ts';
import { pickerFor } from '../ui/attachment-picker.ts';
import { say } from '../ui/attachments.ts';

export class Reviews {
  readonly list: ListView<Rating>;
  readonly el: HTMLElement;
  private card = h('div', { class: 'rating-card' });
  private pane: TicketPane;
  private orderHead = h('h4', { class: 'subhead', hidden: true }, t('i.remedyOrder'));

  constructor(names: () => Promise<Names>, changed: () => void) {
    this.pane = new TicketPane(names, handlerActions, changed);
    this.pane.el.classList.remove('card', 'detail');
    this.list = new ListView<Rating>({
      columns: ratingColumns(),
      load: (q) => get(`/ratings${qs({ bad: true, page: q.page, per_page: q.per_page })}`),
      rowKey: (r) => r.id,
      onRow: (r) => this.open(r),
      empty: t('i.noBadReviews'),
    });
    this.el = h(
      'div',
      { class: 'split' },
      h('div', null, h('p', { class: 'muted' }, t('i.reviewsHint')), this.list.el),
      h('aside', { class: 'detail card' }, this.card, this.orderHead, this.pane.el),
    );
    fill(this.card, h('p', { class: 'placeholder' }, t('ui.pick')));
  }

  private open(r: Rating): void {
    // A held review (异常评价) is the supervisor's to decide first: the server refuses an appeal of it.
    const appeal =
      !r.appeal && !r.voided && !r.flagged
        ? h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-action': 'appeal',
              onclick: () => {
                // 申诉材料: uploaded when chosen, on the review's rectification order (the department's own; it
                // does not read which order a resident rated), naming the review; the appeal goes once stored.
                const on = r.rectification_ticket_id;
                const files = on ? pickerFor(on, 'appeal', say('att.appeal'), say('att.appealHint'), r.id) : null;
                const d = dialog({
                  title: t('i.appeal'),
                  intro: t('i.appealIntro'),
                  submitLabel: t('i.appeal'),
                  fields: [{ name: 'reason', label: t('t.reason'), type: 'textarea', required: true, rows: 4 }],
                  submit: async (v) => {
                    await files?.settled();
                    const updated = await post<Rating>(`/ratings/${r.id}/appeal`, v);
                    toast(t('i.appealed'));
                    this.open(updated);
                    void this.list.reload();
                  },
                });
                if (files) d.querySelector('form > .error')?.before(files.el);
              },
            },
            t('i.appeal'),
          )
        : null;
    fill(this.card, ratingCard(r, appeal));
    // The order that puts it right: the rectification order, or the reopened order itself after a callback.
    const order = r.rectification_ticket_id ?? r.ticket_id;
    this.orderHead.hidden = !order;
    if (order) void this.pane.show(order);
    else fill(this.pane.el);
  }
}
