// The missed-call callback queue (未接来电回拨): oldest first, how long each resident has waited; the operator
// opens one to see the number, calls back, and notes the outcome (or turns the call into an order).
import { get, post } from '../api.ts';
import { lang, t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { duration, fmtTime } from '../ui/format.ts';
import { onSubmit, showError, toast } from '../ui/notice.ts';
import { ListView } from '../ui/table.ts';
import { qs } from '../ui/data.ts';

interface Callback { id: number; phone: string; missed_count: number; first_missed_at: string; last_missed_at: string; waited_s: number; status: string }
interface CallbackDetail extends Callback { calls: Array<{ id: number; started_at: string; answered: boolean; wait_s: number | null }> }

export class MissedCalls {
  readonly pane = h('aside', { class: 'detail card' }, h('p', { class: 'placeholder' }, t('ui.pick')));
  readonly list: ListView<Callback>;
  readonly el: HTMLElement;

  /** toIntake: write an order from this callback (the intake form closes the callback when the order is made). */
  constructor(private readonly toIntake: (callbackId: number, phone: string) => void, private readonly counted: (n: number) => void) {
    const en = lang() === 'en';
    this.list = new ListView<Callback>({
      columns: [
        { label: t('t.phone'), cell: (c) => c.phone, class: 'nowrap' },
        { label: t('c.missedCount'), cell: (c) => c.missed_count, class: 'num' },
        { label: t('c.firstMissed'), cell: (c) => fmtTime(c.first_missed_at), class: 'nowrap' },
        { label: t('c.lastMissed'), cell: (c) => fmtTime(c.last_missed_at), class: 'nowrap' },
        { label: t('c.waited'), cell: (c) => duration(c.waited_s, en), class: 'num' },
      ],
      load: async (q) => {
        const page = await get<{ items: Callback[]; total: number }>(`/callbacks${qs({ status: 'open', page: q.page, per_page: q.per_page })}`);
        this.counted(page.total);
        return page;
      },
      rowKey: (c) => c.id, onRow: (c) => void this.open(c.id), empty: t('c.noMissed'),
    });
    this.el = h('div', { class: 'split' }, h('div', null, h('div', { class: 'toolbar' }, h('p', { class: 'muted grow' }, t('c.missedHint')),
      h('button', { type: 'button', class: 'secondary small', onclick: () => this.list.reload() }, t('ui.refresh'))), this.list.el), this.pane);
  }

  /** After a callback was closed elsewhere (an order written from it): the queue without it, the pane cleared. */
  async reload(): Promise<void> {
    fill(this.pane, h('p', { class: 'placeholder' }, t('ui.pick')));
    await this.list.reload();
  }

  private async open(id: number): Promise<void> {
    fill(this.pane, h('p', { class: 'placeholder' }, h('span', { class: 'spinner' })));
    try {
      const c = await get<CallbackDetail>(`/callbacks/${id}`);
      const form = h('form', { class: 'stack' },
        field({ name: 'note', label: t('c.outcome'), type: 'textarea', rows: 3, required: true }),
        h('p', { class: 'error', role: 'alert' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('c.calledBack')),
          h('button', { type: 'button', class: 'secondary', onclick: () => this.toIntake(c.id, c.phone) }, t('c.toOrder'))));
      onSubmit(form, async (v) => {
        await post(`/callbacks/${id}/done`, v);
        toast(t('c.callbackDone'));
        fill(this.pane, h('p', { class: 'placeholder' }, t('ui.pick')));
        await this.list.reload();
      });
      fill(this.pane, h('h3', { class: 'dial' }, c.phone),
        h('p', { class: 'muted' }, t('c.missedSummary').replace('{n}', String(c.missed_count)).replace('{at}', fmtTime(c.first_missed_at))),
        h('ul', { class: 'requests' }, c.calls.map((call) => h('li', null, fmtTime(call.started_at), ' · ',
          call.answered ? t('c.answeredCall') : t('c.missedCall'), call.wait_s === null ? '' : ` · ${t('c.wait')} ${call.wait_s}s`))),
        form);
    } catch (err) {
      fill(this.pane, h('p', { class: 'error' }));
      showError(err, this.pane);
    }
  }
}
