// A work order on screen: its badges, facts, text, requests and timeline, with the actions a page puts in it.
import { contactAttempts, type ContactAttempt } from './contact-form.ts';
import './ticket-print.css';
import { oneLanguage, say, t } from '../i18n.ts';
import { h, type Child } from './dom.ts';
import { fmtTime } from './format.ts';
import { named } from './names.ts';
import type { Level } from '../levels/level.ts';
import { attachmentsSection, type Attachment } from './attachments.ts';
import { uploadControl } from './attachment-picker.ts';
import { upstreamSection, type UpstreamOrigin } from './upstream-origin.ts';
import { feedLines, type TicketFeed } from './ticket-feeds.ts';
import { repeatsLine, type TicketRepeats } from './ticket-repeats.ts';

export interface Ticket {
  id: number;
  number: string;
  status: string;
  channel: string;
  type: string;
  urgency: string;
  title: string;
  description: string;
  category_id: number | null;
  department_id: number | null;
  address: string | null;
  /** The territorial unit it lies in with the names from its district down (docs/rules/intake.md "Location"). */
  area?: { id: number; name: string; path: string[] } | null;
  caller_name: string | null;
  caller_phone: string | null;
  confidential: boolean;
  sign_deadline_at: string | null;
  due_at: string | null;
  deadline_unconfirmed?: boolean;
  card: 'none' | 'yellow' | 'red';
  version: number;
  signed_at: string | null;
  replied_at: string | null;
  resolution: string | null;
  merged_into_id: number | null;
  reopen_count: number;
  call_id: number | null;
  created_at: string;
  updated_at: string;
  /** Failed callback attempts (回访未接通) on the current assignment. */
  callback_failures?: number;
  /** The latest supervision order (督办) issued to the department holding it; null: none. */
  supervised_at?: string | null;
  /** Sent down by an upstream platform (上级平台): its name, its id and its deadline; null: not. */
  upstream?: UpstreamOrigin | null;
}
export interface TicketEvent {
  id: number;
  action: string;
  actor_name: string | null;
  actor_role: string | null;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: EventData | null;
  created_at: string;
}
/** What an event carries besides its action; each action fills its own part (a dispatch, its department). */
export interface EventData {
  channel?: string;
  department_name?: string;
  days?: number;
  score?: number;
  into_number?: string;
  before?: Deadlines;
  after?: Deadlines;
  [other: string]: unknown;
}
type Deadlines = Partial<Record<'sign_deadline_at' | 'due_at', string | null>>;
export interface TicketRequest {
  id: number;
  kind: string;
  status: string;
  reason: string;
  days: number | null;
  /** 不合理诉求: the configured kind the handler named. */
  unreasonable_kind?: string | null;
  created_at: string;
  decided_at: string | null;
}
export interface TicketDetail extends Ticket {
  events: TicketEvent[];
  requests: TicketRequest[];
  /** What the reader may do now, decided by the server's own rules (server/domain/tickets/allowed-actions.ts). */
  allowed_actions?: string[];
  /** 先联系后办理: when the holding department recorded its contact with the resident. */
  contacted_at?: string | null;
  /** Every attempt to reach the resident (ticket-contact.service.ts). */
  contacts?: ContactAttempt[];
  /** The units handling it, the hotline's dispatch first, then each level passed down or co-handled. */
  levels?: Level[];
  /** Photos and documents on the order (受理材料, 办结佐证, 整改材料, 申诉材料) the reader may see. */
  attachments?: Attachment[];
  /** The connected systems its changes are posted to, with their messages counted (状态同步). */
  feeds?: TicketFeed[];
  /** 重复诉求: its rule and the earlier orders it repeats; null: not flagged. */
  repeats?: TicketRepeats | null;
}

export interface Names {
  departments: Map<number, string>;
  categories: Map<number, string>;
}

export function statusBadge(s: string): HTMLElement {
  return h('span', { class: `badge status-${s}` }, named('status', s));
}

/** The card (yellow/red) and urgency of an order, as badges; nothing when all is well. */
export function alerts(ticket: Pick<Ticket, 'card' | 'urgency'>): Child {
  return [
    ticket.card !== 'none' ? h('span', { class: `badge ${ticket.card}` }, named('card', ticket.card)) : null,
    ticket.urgency === 'urgent' ? h('span', { class: 'badge urgent' }, named('urgency', 'urgent')) : null,
  ];
}

/** A list cell with the number above the title and its badges: the widest column, kept readable. */
export function orderCell(x: Ticket): HTMLElement {
  return h(
    'div',
    { class: 'order' },
    h('span', { class: 'number small' }, x.number),
    ' ',
    alerts(x),
    h('div', null, x.title),
  );
}

const fact = (label: string, value: Child) => [h('dt', null, label), h('dd', null, value ?? '—')];

function caller(tk: Ticket): Child {
  if (tk.confidential && !tk.caller_name && !tk.caller_phone) return h('span', { class: 'muted' }, t('t.hidden'));
  return [tk.caller_name, tk.caller_phone].filter(Boolean).join(' ') || '—';
}

/** Channels through which the resident writes in person: their order's 登记 is the resident's, not the system's. */
const BY_RESIDENT = ['web', 'wechat'];

/**
 * Who did a step, in people's words: a person's name, the resident (市民: a rating, an order they submitted), a
 * review device, or the system's own steps (cards, auto-close) as 系统. A role without a word shows 系统, never
 * its key.
 */
function actor(e: TicketEvent): string {
  if (e.actor_name) return e.actor_name;
  if (
    e.action === 'create' &&
    (!e.actor_role || e.actor_role === 'system') &&
    BY_RESIDENT.includes(e.data?.channel ?? '')
  )
    return t('role.resident');
  if (!e.actor_role || e.actor_role === 'system') return t('system');
  const key = `role.${e.actor_role}`;
  const word = t(key);
  return word === key ? t('system') : word;
}

function eventLine(e: TicketEvent): HTMLElement {
  const change =
    e.from_status && e.to_status && e.from_status !== e.to_status
      ? `${named('status', e.from_status)} → ${named('status', e.to_status)}`
      : '';
  const extra = e.data?.department_name
    ? `（${e.data.department_name}）`
    : e.data?.days
      ? `（${e.data.days} ${t('t.days')}）`
      : e.action === 'contact' && typeof e.data?.means === 'string'
        ? `（${named('means', e.data.means)} · ${named('cout', e.data.outcome as string)}）`
        : e.data?.score
          ? `（${e.data.score}：${named('score', e.data.score)}）`
          : e.data?.into_number
            ? `（${e.data.into_number}）`
            : '';
  // A year's holidays entered: which deadlines moved, from when to when.
  const after = e.action === 'deadline_recomputed' ? e.data?.after : undefined;
  const moved = after
    ? (['sign_deadline_at', 'due_at'] as const)
        .filter((k) => after[k])
        .map((k) =>
          t(k === 'due_at' ? 't.dueMoved' : 't.signMoved')
            .replace('{from}', fmtTime(e.data?.before?.[k]))
            .replace('{to}', fmtTime(after[k])),
        )
        .join('；')
    : '';
  return h(
    'li',
    { class: `event ev-${e.action}` },
    h('time', null, fmtTime(e.created_at)),
    h(
      'div',
      null,
      h('strong', null, named('event', e.action), extra),
      ' ',
      h('span', { class: 'muted' }, actor(e)),
      change ? h('span', { class: 'muted' }, ` · ${change}`) : null,
      moved ? h('p', { class: 'note', 'data-moved': '' }, moved) : null,
      // 会办: the co-units a dispatch named, and why the lead answered before they had (co-handling.ts).
      Array.isArray(e.data?.co_departments)
        ? h('p', { class: 'note', 'data-co': '' }, `${t('co.units')}：${e.data.co_departments.join('、')}`)
        : null,
      typeof e.data?.co_pending_reason === 'string'
        ? h('p', { class: 'note', 'data-co-pending': '' }, `${t('co.pendingReasonLabel')}：${e.data.co_pending_reason}`)
        : null,
      e.note ? h('p', { class: 'note' }, bySystem(e) ? oneLanguage(e.note) : e.note) : null,
    ),
  );
}

/** The system writes its notes as the server writes messages, "中文 / English"; people's words stay as written. */
const bySystem = (e: TicketEvent) => !e.actor_name && (!e.actor_role || e.actor_role === 'system');

export function ticketPanel(tk: TicketDetail, names: Names, actions?: Child): HTMLElement {
  return h(
    'article',
    { class: 'ticket', 'data-ticket': tk.id },
    h(
      'header',
      null,
      h('h3', null, h('span', { class: 'number' }, tk.number), ' ', tk.title),
      h(
        'p',
        { class: 'badges' },
        statusBadge(tk.status),
        alerts(tk),
        h('span', { class: 'badge' }, named('type', tk.type)),
      ),
    ),
    h(
      'dl',
      { class: 'facts' },
      fact(t('t.channel'), named('channel', tk.channel)),
      fact(t('t.category'), tk.category_id ? (names.categories.get(tk.category_id) ?? `#${tk.category_id}`) : '—'),
      fact(
        t('t.department'),
        tk.department_id ? (names.departments.get(tk.department_id) ?? `#${tk.department_id}`) : '—',
      ),
      fact(t('t.caller'), caller(tk)),
      fact(t('t.address'), tk.address),
      tk.area ? fact(say('field.area') ?? '', h('span', { id: 'ticket-area' }, tk.area.path.join(' / '))) : null,
      fact(t('t.created'), fmtTime(tk.created_at)),
      fact(t('t.sign_deadline'), fmtTime(tk.sign_deadline_at)),
      fact(t('t.due'), [
        fmtTime(tk.due_at),
        tk.deadline_unconfirmed && ['dispatched', 'accepted', 'suspended'].includes(tk.status)
          ? h(
              'small',
              { class: 'muted', id: 'deadline-unconfirmed', title: t('t.unconfirmedWhy') },
              ` ${t('t.unconfirmed')}`,
            )
          : null,
      ]),
      tk.reopen_count ? fact(t('t.reopened'), String(tk.reopen_count)) : null,
    ),
    tk.confidential ? h('p', { class: 'muted small' }, t('t.confidentialNote')) : null,
    upstreamSection(tk.upstream),
    feedLines(tk.feeds),
    repeatsLine(tk.repeats),
    h('section', null, h('h4', null, t('t.description')), h('p', { class: 'text' }, tk.description)),
    tk.resolution
      ? h('section', null, h('h4', null, t('t.resolution')), h('p', { class: 'text' }, tk.resolution))
      : null,
    attachmentsSection(tk, uploadControl(tk)),
    actions ? h('section', { class: 'ticket-actions' }, actions) : null,
    contactAttempts(tk),
    tk.requests.length
      ? h(
          'section',
          null,
          h('h4', null, t('t.requests')),
          h(
            'ul',
            { class: 'requests' },
            tk.requests.map((r) =>
              h(
                'li',
                null,
                h('strong', null, named('kind', r.kind)),
                r.days ? ` ${r.days} ${t('t.days')}` : '',
                r.unreasonable_kind ? ` · ${named('unreasonable.kind', r.unreasonable_kind)}` : '',
                ' · ',
                // 不合理诉求: 申请中 / 已认定不合理诉求 / 已驳回, in its own words.
                h(
                  'span',
                  { class: `badge r-${r.status}`, 'data-request-state': r.kind },
                  r.kind === 'unreasonable' && r.status !== 'cancelled'
                    ? t(`unreasonable.state.${r.status}`)
                    : named('rstatus', r.status),
                ),
                ' ',
                h('span', { class: 'muted' }, fmtTime(r.created_at)),
                h('p', { class: 'note' }, r.reason),
              ),
            ),
          ),
        )
      : null,
    h('section', null, h('h4', null, t('t.timeline')), h('ol', { class: 'timeline' }, tk.events.map(eventLine))),
  );
}
