// 待派单: every order not yet dispatched (web, Open311, an upstream platform's, marked, 仅登记, approved returns,
// recalls), the longest wait first, with the wait and a warning past the time the server is configured with
// (GET /tickets/queue warn_after_minutes).
import { get } from '../api.ts';
import { lang, t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { duration, fmtShort } from '../ui/format.ts';
import { named } from '../ui/names.ts';
import { qs } from '../ui/data.ts';
import { TicketPane } from '../ui/pane.ts';
import { ListView } from '../ui/table.ts';
import { alerts, type Names, type Ticket, type TicketDetail } from '../ui/ticket.ts';
import type { Done } from '../ui/pane.ts';
import { upstreamMark } from '../ui/upstream-origin.ts';
import type { Child } from '../ui/dom.ts';

export interface QueuedTicket extends Ticket {
  waiting_since: string;
  waited_minutes: number;
  overdue: boolean;
}
export interface QueuePage {
  items: QueuedTicket[];
  total: number;
  overdue: number;
  warn_after_minutes: number;
}

export const loadQueue = (page: number, perPage: number) =>
  get<QueuePage>(`/tickets/queue${qs({ page, per_page: perPage })}`);

export class DispatchQueue {
  readonly pane: TicketPane;
  readonly list: ListView<QueuedTicket>;
  private readonly warning = h('p', { class: 'banner warn', id: 'queue-warning', role: 'alert', hidden: true });
  readonly el: HTMLElement;

  constructor(
    names: () => Promise<Names>,
    actions: (tk: TicketDetail, done: Done) => Child,
    onCount: (n: number) => void,
  ) {
    this.pane = new TicketPane(names, actions, () => void this.list.reload());
    this.list = new ListView<QueuedTicket>({
      columns: [
        { label: t('t.number'), cell: (x) => h('span', { class: 'number' }, x.number), class: 'nowrap' },
        { label: t('t.title'), cell: (x) => [x.title, ' ', alerts(x), ' ', upstreamMark(x.upstream)] },
        { label: t('t.channel'), cell: (x) => named('channel', x.channel), class: 'nowrap' },
        { label: t('t.type'), cell: (x) => named('type', x.type), class: 'nowrap' },
        { label: t('q.since'), cell: (x) => fmtShort(x.waiting_since), class: 'nowrap' },
        {
          label: t('q.waited'),
          class: 'nowrap',
          cell: (x) =>
            h(
              'span',
              { class: x.overdue ? 'badge red' : 'muted', 'data-overdue': String(x.overdue) },
              duration(x.waited_minutes * 60, lang() === 'en'),
              x.overdue ? ` · ${t('q.overdue')}` : '',
            ),
        },
      ],
      load: async (q) => {
        const page = await loadQueue(q.page, q.per_page);
        onCount(page.total);
        this.warn(page);
        return page;
      },
      rowKey: (x) => x.id,
      onRow: (x) => void this.pane.show(x.id),
      rowClass: (x) => (x.overdue ? 'card-red' : ''),
      empty: t('q.empty'),
    });
    this.el = h(
      'div',
      null,
      h('p', { class: 'muted' }, t('q.hint')),
      this.warning,
      h('div', { class: 'split' }, this.list.el, this.pane.el),
    );
  }

  private warn(p: QueuePage): void {
    this.warning.hidden = p.overdue === 0;
    this.warning.textContent = t('q.warning')
      .replace('{n}', String(p.overdue))
      .replace('{d}', duration(p.warn_after_minutes * 60, lang() === 'en'));
  }
}
