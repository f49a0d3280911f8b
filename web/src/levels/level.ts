// A level of an order (转派/会办): one unit's assignment under the hotline's dispatch, as the ticket view and the
// levels list give it, and the small pieces every page shows of it (its status, role, deadlines and card).
import './messages.ts';
import './levels.css';
import { t } from '../i18n.ts';
import { h, type Child } from '../ui/dom.ts';
import { fmtShort } from '../ui/format.ts';
import { named } from '../ui/names.ts';

/** One level of the ticket view's `levels` (docs/api.md): what the reader may do on it now is `actions`. */
export interface Level {
  id: number;
  parent_id: number | null;
  role: 'main' | 'down' | 'co';
  department_id: number;
  department_name: string;
  status: string;
  dispatched_at: string | null;
  sign_deadline_at: string | null;
  due_at: string | null;
  signed_at: string | null;
  replied_at: string | null;
  contacted_at?: string | null;
  ended_at: string | null;
  end_reason: string | null;
  reply: string | null;
  designated?: boolean;
  card: 'none' | 'yellow' | 'red';
  actions: string[];
}

/** A row of GET /levels?view=todo|review: the level with its order's number, title and the unit above it. */
export interface LevelRow {
  id: number;
  ticket_id: number;
  number: string;
  title: string;
  role: 'main' | 'down' | 'co';
  department_id: number;
  department_name: string;
  parent_department_name?: string | null;
  caller_phone?: string | null;
  status: string;
  dispatched_at: string | null;
  sign_deadline_at: string | null;
  due_at: string | null;
  replied_at?: string | null;
  reply?: string | null;
  card: 'none' | 'yellow' | 'red';
}

/**
 * What a level's status says to people. The server names an ended level by why it ended, and a level passed down
 * whose reply was approved ended as 'replied', the word an open level awaiting review has too: that one is 已通过
 * (the hotline's dispatch answered, or a co-unit's reply, which ends its level at once: 已答复).
 */
export function statusWord(l: Pick<Level, 'status' | 'ended_at' | 'role'>): string {
  if (l.ended_at && l.status === 'replied') return l.role === 'down' ? 'approved' : 'answered';
  return l.status;
}

/** A level's status in people's words (待签收, 办理中, 待审核, or how it ended); a new one shows as itself. */
export function levelStatus(status: string): HTMLElement {
  const word = named('lv.status', status);
  return h('span', { class: `badge lv-${status}`, 'data-level-status': status }, word);
}

export const roleBadge = (role: string): HTMLElement =>
  h('span', { class: `badge lv-role-${role}` }, named('lv.role', role));

export const cardBadge = (card: string): Child =>
  card && card !== 'none' ? h('span', { class: `badge ${card}`, 'data-card': card }, named('card', card)) : null;

/** The deadline that runs out first: to sign before signing, to reply after. */
export function deadlines(x: Pick<LevelRow, 'status' | 'sign_deadline_at' | 'due_at'>): Child {
  return [
    h('span', { class: 'nowrap' }, `${t('lv.dueBy')} ${fmtShort(x.due_at)}`),
    x.status === 'dispatched'
      ? h('div', { class: 'muted small nowrap' }, `${t('lv.signBy')} ${fmtShort(x.sign_deadline_at)}`)
      : null,
  ];
}
