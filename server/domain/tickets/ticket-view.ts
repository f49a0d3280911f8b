// What a ticket looks like to each reader (docs/api.md "Work orders"). Departments see the caller's phone
// masked and nothing of a confidential caller; lists mask for everyone, and only the detail view shows the
// full number to hotline staff, an access the service audits.
import { iso } from '../../lib/time.ts';
import { can } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { cardOfRow } from './deadlines.ts';
import type { TicketRow } from './ticket.types.ts';

export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export type CallerView = 'full' | 'masked';

export function callerView(actor: Actor, detail: boolean): CallerView {
  return detail && can(actor, 'ticket.caller') ? 'full' : 'masked';
}

export function ticketView(t: TicketRow, now: Date, caller: CallerView) {
  const confidential = Boolean(t.confidential);
  const hideCaller = confidential && caller === 'masked';
  return {
    id: t.id,
    number: t.number,
    status: t.status,
    channel: t.channel,
    type: t.type,
    urgency: t.urgency,
    title: t.title,
    description: t.description,
    category_id: t.category_id,
    department_id: t.department_id,
    address: t.address,
    caller_name: hideCaller ? null : t.caller_name,
    caller_phone: hideCaller ? null : caller === 'full' ? t.caller_phone : maskPhone(t.caller_phone),
    confidential,
    sign_deadline_at: iso(t.sign_deadline_at),
    due_at: iso(t.due_at),
    // Counted on days of a year with no official holiday schedule yet: it moves once an administrator enters it.
    deadline_unconfirmed: Boolean(t.deadline_unconfirmed),
    card: cardOfRow(t, now),
    signed_at: iso(t.signed_at),
    replied_at: iso(t.replied_at),
    closed_at: iso(t.closed_at),
    suspended_at: iso(t.suspended_at),
    resolution: t.resolution,
    merged_into_id: t.merged_into_id,
    reopen_count: t.reopen_count,
    call_id: t.call_id,
    /** The map point (docs/rules/intake.md "Location"); the area is in the detail only. */
    lat: t.lat == null ? null : Number(t.lat),
    lng: t.lng == null ? null : Number(t.lng),
    /** Failed callback attempts (回访未成功) so far on the current assignment. */
    callback_failures: t.callback_failures ?? 0,
    version: t.version,
    created_at: iso(t.created_at),
    updated_at: iso(t.updated_at),
    /** In the dispatch queue (待派单): since when it has waited there (created, or back after a return or recall). */
    waiting_since: t.status === 'received' ? iso(t.queued_at ?? t.created_at) : null,
  };
}

export type TicketView = ReturnType<typeof ticketView>;

const DB_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
/** An event's before/after copies stored times as the database holds them; answered as ISO 8601 like every time. */
const isoTimes = (_key: string, v: unknown) => (typeof v === 'string' && DB_TIME.test(v) ? iso(v) : v);

export function eventView(e: {
  id: number;
  action: string;
  actor_id: number | null;
  actor_name: string | null;
  actor_role: string | null;
  from_status: string | null;
  to_status: string | null;
  data: string | null;
  note: string | null;
  public: number | boolean;
  created_at: string;
}) {
  return {
    id: Number(e.id),
    action: e.action,
    actor_id: e.actor_id,
    actor_name: e.actor_name,
    actor_role: e.actor_role,
    from_status: e.from_status,
    to_status: e.to_status,
    data: e.data ? JSON.parse(e.data, isoTimes) : null,
    note: e.note,
    public: Boolean(e.public),
    created_at: iso(e.created_at),
  };
}

/**
 * A rating by the resident, or an appeal of it (and the appeal's material), told on the rated ticket's timeline
 * (rating-store.ts, rating-appeals.service.ts, attachments.service.ts).
 */
const RATING_EVENTS = new Set(['rated', 'rating_appeal', 'rating_appeal_decision', 'appeal_attachment']);
/** What a callback's event says of the resident's own earlier rating (ticket-callback.ts). */
const RESIDENT_RATING_KEYS = ['rated_before', 'resident_score'];

/**
 * The timeline as this reader may see it. A department reads its ratings without the ticket they rate
 * (rating-view.ts), and its tickets with the caller: a timeline that said which of them a resident rated, and how,
 * would join a bad review to the resident (issue 11, finding 4). So handlers see no rating, appeal or resident's
 * score on a rated ticket; on a rectification order (差评整改), which is the rating's own order and names no one,
 * they see its appeal as before. The hotline and supervisors see everything.
 */
export function eventsFor<E extends { action: string; data: string | null }>(
  actor: Actor,
  ticketType: string,
  events: E[],
): E[] {
  if (can(actor, 'rating.trace')) return events;
  return events
    .filter((e) => ticketType === 'rectification' || !RATING_EVENTS.has(e.action))
    .map((e) => {
      if (!e.data || !RESIDENT_RATING_KEYS.some((k) => e.data!.includes(`"${k}"`))) return e;
      const data = JSON.parse(e.data) as Record<string, unknown>;
      for (const k of RESIDENT_RATING_KEYS) delete data[k];
      return { ...e, data: JSON.stringify(data) };
    });
}
