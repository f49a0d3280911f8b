// 12345与110联动 on the hotline's pages (docs/integration.md "110/119/120/122 linkage"): the 联动 button and the linked
// orders on an order's page, the 联动工单 list of the console and the supervisors' page, and the call panel's 转接
// buttons that record a call as put through to 110/119/120/122.
import { get, post } from '../api.ts';
import { say } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { dialog } from '../ui/form.ts';
import { fmtTime, today } from '../ui/format.ts';
import { showError, toast } from '../ui/notice.ts';
import type { Done } from '../ui/pane.ts';
import { qs } from '../ui/data.ts';
import { ListView } from '../ui/table.ts';

export const PARTNERS = ['110', '119', '120', '122'] as const;

export interface LinkageOrder {
  id: number;
  direction: 'in' | 'out';
  partner: string;
  ref: string;
  ticket: { id: number; number: string; title: string };
  status: string;
  reason: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

const w = (key: string, params?: Record<string, string | number>) => say(key, params) ?? key;
const partnerName = (p: string) => w(`linkage.partner.${p}`);
const statusBadge = (s: string) =>
  h('span', { class: `badge linkage-${s}`, 'data-linkage-status': s }, w(`linkage.status.${s}`));

/** The 联动 dialog: the partner and the reason; the order sent, the page redrawn with it. */
function sendDialog(ticketId: number, done: Done): void {
  dialog({
    title: w('linkage.send'),
    submitLabel: w('linkage.submit'),
    fields: [
      {
        name: 'partner',
        label: w('linkage.sendTo'),
        type: 'radio',
        options: PARTNERS.map((p) => [p, partnerName(p)]),
        value: '110',
      },
      { name: 'reason', label: w('linkage.reason'), type: 'textarea', rows: 3, required: true },
    ],
    submit: async (v) => {
      // The form reads 110 back as a number; the API names partners as strings.
      const body = { partner: v.partner === undefined ? undefined : String(v.partner), reason: v.reason };
      const order = await post<LinkageOrder>(`/tickets/${ticketId}/linkage`, body);
      await done(w('linkage.sent', { ref: order.ref }));
    },
  });
}

/** The order's linked orders with their status, and (for those who may send one) the 联动 button. */
export function linkagePanel(tk: { id: number; linkage?: LinkageOrder[] }, role: string, done: Done) {
  if (role !== 'operator' && role !== 'supervisor') return null;
  const orders = tk.linkage ?? [];
  return h(
    'section',
    { class: 'linkage', id: 'linkage' },
    h('h4', null, w('linkage.title')),
    orders.length
      ? h(
          'table',
          { class: 'table compact' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['linkage.col.ref', 'linkage.col.partner', 'linkage.col.status', 'linkage.col.note'].map((k) =>
                h('th', null, w(k)),
              ),
            ),
          ),
          h(
            'tbody',
            null,
            orders.map((o) =>
              h(
                'tr',
                { 'data-ref': o.ref },
                h('td', { class: 'nowrap' }, o.ref),
                h('td', { class: 'nowrap' }, partnerName(o.partner), ' · ', w(`linkage.direction.${o.direction}`)),
                h('td', null, statusBadge(o.status)),
                h('td', null, o.note ?? o.reason ?? '—'),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, w('linkage.none')),
    h(
      'button',
      { type: 'button', class: 'secondary', 'data-action': 'linkage', onclick: () => sendDialog(tk.id, done) },
      w('linkage.send'),
    ),
  );
}

/** 联动工单: every linked order, both ways, newest first, filtered by direction, partner and status. */
export class LinkageList {
  readonly list: ListView<LinkageOrder>;
  readonly el: HTMLElement;

  constructor() {
    const select = (name: string, any: string, options: Array<[string, string]>) =>
      h(
        'select',
        { name, 'aria-label': any, onchange: () => void this.list.reload(true) },
        h('option', { value: '' }, any),
        options.map(([v, label]) => h('option', { value: v }, label)),
      );
    const direction = select('direction', w('linkage.anyDirection'), [
      ['out', w('linkage.direction.out')],
      ['in', w('linkage.direction.in')],
    ]);
    const partner = select(
      'partner',
      w('linkage.anyPartner'),
      PARTNERS.map((p) => [p, partnerName(p)]),
    );
    const status = select(
      'status',
      w('linkage.anyStatus'),
      ['sent', 'accepted', 'handled', 'declined', 'replied', 'closed'].map((s) => [s, w(`linkage.status.${s}`)]),
    );
    this.list = new ListView<LinkageOrder>({
      columns: [
        { label: w('linkage.col.ref'), cell: (o) => o.ref, class: 'nowrap' },
        { label: w('linkage.col.partner'), cell: (o) => partnerName(o.partner), class: 'nowrap' },
        { label: w('linkage.col.direction'), cell: (o) => w(`linkage.direction.${o.direction}`), class: 'nowrap' },
        {
          label: w('linkage.col.ticket'),
          cell: (o) => h('a', { href: `/tickets/${o.ticket.id}` }, o.ticket.number, ' ', o.ticket.title),
        },
        { label: w('linkage.col.status'), cell: (o) => statusBadge(o.status) },
        { label: w('linkage.col.note'), cell: (o) => o.note ?? o.reason ?? '—' },
        { label: w('linkage.col.time'), cell: (o) => fmtTime(o.updated_at), class: 'nowrap' },
      ],
      load: (q) =>
        get(`/linkage/orders${qs({ direction: direction.value, partner: partner.value, status: status.value, ...q })}`),
      rowKey: (o) => o.id,
      empty: w('linkage.none'),
    });
    this.el = h(
      'div',
      { id: 'linkage-list' },
      h('div', { class: 'toolbar' }, direction, partner, status),
      this.list.el,
    );
  }
}

/**
 * 转接 on the call panel: the call being taken ends as a transfer to 110/119/120/122, recorded as the operator's log
 * of an answered call (the telephone system's record of the same call, posted at its end, takes it over).
 */
export function transferBar(phone: () => string, started: () => Date | null): HTMLElement {
  const said = h('span', { class: 'muted', role: 'status', id: 'transfer-said' });
  // Today's transfers as the call figures count them (docs/rules/figures.md "Calls"), per partner.
  const counted = h('span', { class: 'muted', id: 'transfer-counts' });
  const count = async () => {
    const day = today();
    const f = await get<{ total: { transferred: number; transferred_to: Record<string, number> } }>(
      `/stats/calls${qs({ from: day, to: day })}`,
    );
    counted.dataset.total = String(f.total.transferred);
    counted.textContent = w('linkage.todayCounts', {
      n: f.total.transferred,
      list: PARTNERS.map((p) => `${p} ${f.total.transferred_to[p] ?? 0}`).join(' · '),
    });
  };
  const record = async (partner: string, button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      const from = started() ?? new Date();
      const number = phone().replace(/[\s().-]/g, '');
      await post('/calls', {
        caller_phone: /^\+?\d{3,}$/.test(number) ? number : null,
        started_at: from.toISOString(),
        answered: true,
        talk_s: Math.max(0, Math.floor((Date.now() - from.getTime()) / 1000)),
        transferred_to: partner,
      });
      const text = w('linkage.transferred', { partner: partnerName(partner) });
      said.textContent = text;
      toast(text);
      await count();
    } catch (err) {
      showError(err, bar);
    } finally {
      button.disabled = false;
    }
  };
  const bar: HTMLElement = h(
    'div',
    { class: 'toolbar transfer', id: 'transfer', title: w('linkage.transferHint') },
    h('strong', null, w('linkage.transfer')),
    PARTNERS.map((p) => {
      const b: HTMLButtonElement = h(
        'button',
        { type: 'button', class: 'secondary', 'data-transfer': p, onclick: () => void record(p, b) },
        w('linkage.transferTo', { partner: p }),
      );
      return b;
    }),
    said,
    counted,
    h('p', { class: 'error', role: 'alert' }),
  );
  void count().catch(() => {});
  return bar;
}
