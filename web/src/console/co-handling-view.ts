// What an order shows of 会办 and 指定 (docs/rules/work-orders.md "Co-handling", "Disputes and designation"): the
// co-units' progress under the lead (each unit's status, deadline, lateness and reply), the field the lead's reply
// asks for while co-units have not replied, and the record of disputed returns with the designation.
import './co-handling.css';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { fmtTime } from '../ui/format.ts';
import type { TicketDetail } from '../ui/ticket.ts';
import { levelStatus, statusWord, type Level } from '../levels/level.ts';
import { named } from '../ui/names.ts';

export interface DisputeRecord {
  returns: { department_name: string | null; reason: string; requested_at: string; approved_at: string | null }[];
  designations: { department_name: string; note: string; designated_by_name: string | null; designated_at: string }[];
  awaiting_designation: boolean;
}

type WithCo = TicketDetail & { disputes?: DisputeRecord };

const coLevels = (tk: TicketDetail): Level[] => (tk.levels ?? []).filter((l) => l.role === 'co');

/** A co level past its deadline: still open after it, or replied after it. */
const late = (l: Level) => {
  if (!l.due_at) return false;
  const end = l.replied_at ?? (l.ended_at ? null : new Date().toISOString());
  return end !== null && end > l.due_at;
};

/** 协办进度: each co-unit's status, deadline and reply; nothing when the order has no co-units. */
export function coProgress(tk: TicketDetail): HTMLElement | null {
  const co = coLevels(tk);
  if (!co.length) return null;
  return h(
    'section',
    { class: 'co-progress', 'aria-label': t('co.progress') },
    h('h4', null, t('co.progress')),
    h(
      'table',
      null,
      h(
        'thead',
        null,
        h('tr', null, h('th', null, t('co.units')), h('th', null, t('t.status')), h('th', null, t('t.due'))),
      ),
      h(
        'tbody',
        null,
        co.map((l) =>
          h(
            'tr',
            { 'data-co-level': String(l.id), 'data-status': l.status },
            h('td', null, l.department_name, l.reply ? h('div', { class: 'muted small' }, l.reply) : null),
            h(
              'td',
              null,
              levelStatus(statusWord(l)),
              l.replied_at ? h('div', { class: 'muted small' }, fmtTime(l.replied_at)) : null,
            ),
            h('td', null, fmtTime(l.due_at), late(l) ? h('span', { class: 'late' }, ' ', t('co.late')) : null),
          ),
        ),
      ),
    ),
  );
}

/** The co-units not yet replied: while there are any, the lead's reply says why it does not wait for them. */
export function coPendingField(tk: TicketDetail): HTMLElement | null {
  const open = coLevels(tk).filter((l) => !l.ended_at);
  if (!open.length) return null;
  return h(
    'div',
    { class: 'co-pending' },
    h('p', { class: 'muted small' }, t('co.pendingReason'), '：', open.map((l) => l.department_name).join('、')),
    field({ name: 'co_pending_reason', label: t('co.pendingReasonLabel'), type: 'textarea', rows: 2, required: true }),
  );
}

/** 退单争议: the approved returns (unit, reason, time) and the designation, when the order has any. */
export function disputeView(tk: WithCo): HTMLElement | null {
  const d = tk.disputes;
  if (!d || (!d.returns.length && !d.designations.length)) return null;
  return h(
    'section',
    { class: 'dispute-record' },
    h('h4', null, t('disputes.record')),
    d.awaiting_designation ? h('p', { class: 'badge yellow' }, t('disputes.awaiting')) : null,
    h(
      'ol',
      null,
      d.returns.map((r) =>
        h(
          'li',
          null,
          h('strong', null, r.department_name ?? '—'),
          ' · ',
          named('event', 'return_approved'),
          ' ',
          fmtTime(r.approved_at ?? r.requested_at),
          h('div', { class: 'muted small' }, r.reason),
        ),
      ),
    ),
    d.designations.map((x) =>
      h(
        'p',
        { class: 'designation' },
        h('strong', null, t('disputes.designated'), '：', x.department_name),
        ' ',
        fmtTime(x.designated_at),
        x.designated_by_name ? ` · ${x.designated_by_name}` : null,
        h('div', { class: 'muted small' }, x.note),
      ),
    ),
  );
}
