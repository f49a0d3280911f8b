// The missed-call callback queue (未接来电回拨): oldest first, how long each resident has waited; the operator
// opens one to see the number, calls back, and notes the outcome (or turns the call into an order). A call that does
// not get through (无人接听, 空号, 占线) is recorded as an attempt and the callback stays in the queue; one not tried
// within the configured hours of its first miss is marked overdue (超时未回拨).
import './callback-messages.ts';
import { ApiError, get, post } from '../api.ts';
import { lang, t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { duration, fmtShort, fmtTime } from '../ui/format.ts';
import { onSubmit, showError, toast } from '../ui/notice.ts';
import { ListView } from '../ui/table.ts';
import { qs } from '../ui/data.ts';
import { named } from '../ui/names.ts';
import { attemptList, failureField } from './callback-form.ts';

interface Attempt {
  id: number;
  reason: string;
  note: string | null;
  operator_name: string | null;
  created_at: string;
}
interface Callback {
  id: number;
  phone: string;
  missed_count: number;
  first_missed_at: string;
  last_missed_at: string;
  waited_s: number;
  status: string;
  due_at: string;
  overdue: boolean;
  attempt_count: number;
  last_attempt: Attempt | null;
}
interface CallbackDetail extends Callback {
  calls: Array<{ id: number; started_at: string; answered: boolean; wait_s: number | null }>;
  attempts: Attempt[];
}

/** 超时未回拨, or nothing while on time. */
const overdueBadge = (c: Callback) =>
  c.overdue ? h('span', { class: 'badge red', 'data-overdue': 'true' }, t('m.overdue')) : null;

export class MissedCalls {
  readonly pane = h('aside', { class: 'detail card' }, h('p', { class: 'placeholder' }, t('ui.pick')));
  readonly list: ListView<Callback>;
  readonly el: HTMLElement;
  private readonly rule = h('p', { class: 'hint' });

  /** toIntake: write an order from this callback (the intake form closes the callback when the order is made). */
  constructor(
    private readonly toIntake: (callbackId: number, phone: string) => void,
    private readonly counted: (n: number) => void,
  ) {
    const en = lang() === 'en';
    this.list = new ListView<Callback>({
      columns: [
        { label: t('t.phone'), cell: (c) => c.phone, class: 'nowrap' },
        { label: t('c.missedCount'), cell: (c) => c.missed_count, class: 'num' },
        { label: t('c.firstMissed'), cell: (c) => fmtTime(c.first_missed_at), class: 'nowrap' },
        { label: t('c.lastMissed'), cell: (c) => fmtTime(c.last_missed_at), class: 'nowrap' },
        { label: t('c.waited'), cell: (c) => [duration(c.waited_s, en), ' ', overdueBadge(c)], class: 'num nowrap' },
        {
          label: t('m.attempts'),
          // The count and the last failure; when it was underneath, small (the pane lists every attempt).
          cell: (c) =>
            c.last_attempt
              ? [
                  h(
                    'span',
                    { 'data-attempts': String(c.attempt_count), class: 'nowrap' },
                    `${c.attempt_count} · ${named('cbfail', c.last_attempt.reason)}`,
                  ),
                  h('div', { class: 'muted small nowrap' }, fmtShort(c.last_attempt.created_at)),
                ]
              : h('span', { class: 'muted' }, t('m.noAttempts')),
        },
      ],
      load: async (q) => {
        const page = await get<{ items: Callback[]; total: number; within_hours: number }>(
          `/callbacks${qs({ status: 'open', page: q.page, per_page: q.per_page })}`,
        );
        this.counted(page.total);
        this.rule.textContent = t('m.overdueHint').replace('{h}', String(page.within_hours));
        return page;
      },
      rowKey: (c) => c.id,
      onRow: (c) => void this.open(c.id),
      empty: t('c.noMissed'),
      rowClass: (c) => (c.overdue ? 'card-red' : ''),
    });
    this.el = h(
      'div',
      { class: 'split' },
      h(
        'div',
        null,
        h(
          'div',
          { class: 'toolbar' },
          h('div', { class: 'grow' }, h('p', { class: 'muted' }, t('c.missedHint')), this.rule),
          h('button', { type: 'button', class: 'secondary small', onclick: () => this.list.reload() }, t('ui.refresh')),
        ),
        this.list.el,
      ),
      this.pane,
    );
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
      const form = h(
        'form',
        { class: 'stack' },
        field({ name: 'note', label: t('c.outcome'), type: 'textarea', rows: 3, required: true }),
        h('p', { class: 'error', role: 'alert' }),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'primary' }, t('c.calledBack')),
          h(
            'button',
            { type: 'button', class: 'secondary', onclick: () => this.toIntake(c.id, c.phone) },
            t('c.toOrder'),
          ),
        ),
      );
      const failed = h(
        'form',
        { class: 'stack', 'data-action': 'missed-attempt' },
        h('h4', null, t('m.failedTitle')),
        failureField(),
        field({ name: 'note', label: t('cb.failNote'), type: 'textarea', rows: 1 }),
        h('p', { class: 'error', role: 'alert' }),
        h('button', { type: 'submit', class: 'secondary' }, t('m.fail')),
      );
      onSubmit(failed, async (v) => {
        if (v.reason === undefined)
          throw new ApiError(400, 'VALIDATION_FAILED', t('c.checkFields'), [
            { path: 'reason', message: t('cb.pickFailReason') },
          ]);
        await post(`/callbacks/${id}/attempts`, v);
        toast(t('m.failedSaved'));
        await this.list.reload();
        await this.open(id);
      });
      onSubmit(form, async (v) => {
        await post(`/callbacks/${id}/done`, v);
        toast(t('c.callbackDone'));
        fill(this.pane, h('p', { class: 'placeholder' }, t('ui.pick')));
        await this.list.reload();
      });
      fill(
        this.pane,
        h('h3', { class: 'dial' }, c.phone),
        h(
          'p',
          { class: 'muted' },
          t('c.missedSummary').replace('{n}', String(c.missed_count)).replace('{at}', fmtTime(c.first_missed_at)),
        ),
        h(
          'ul',
          { class: 'requests' },
          c.calls.map((call) =>
            h(
              'li',
              null,
              fmtTime(call.started_at),
              ' · ',
              call.answered ? t('c.answeredCall') : t('c.missedCall'),
              call.wait_s === null ? '' : ` · ${t('c.wait')} ${call.wait_s}s`,
            ),
          ),
        ),
        h(
          'p',
          { class: 'due' },
          overdueBadge(c) ?? h('span', { class: 'badge' }, t('m.onTime')),
          ' ',
          t('m.dueAt').replace('{at}', fmtTime(c.due_at)),
        ),
        c.attempts.length ? h('h4', null, t('m.attempts'), ` (${c.attempts.length})`) : null,
        attemptList(c.attempts),
        form,
        failed,
      );
    } catch (err) {
      fill(this.pane, h('p', { class: 'error' }));
      showError(err, this.pane);
    }
  }
}
