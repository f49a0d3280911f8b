// The status feed (docs/integration.md "Status back to the upstream"): every later change of a ticket that came from
// a peer (an upstream's order, a linkage partner's 联动工单: ticket_feeds) is queued, in the transaction of the
// change, as one webhook message per feed on the stream `ticket:<id>`, so the peer hears the changes once each and in
// the order they happened. TicketWriter calls this for every change of a fed ticket (tickets.peer_feed); a ticket
// without a feed costs it nothing. What a peer hears is the table HEARD below; anything else (internal notes,
// requests not yet decided, the resident's rating link and query code) stays here.
import type { Executor } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';
import type { EventInput } from '../tickets/tickets.repository.ts';
import type { Status, TicketRow } from '../tickets/ticket.types.ts';
import { webhookOutbox, type WebhookMessage } from './webhook-outbox.ts';
import { feedStream, ticketFeedsRepository as repo, type FeedRow } from './ticket-feeds.repository.ts';

/** The ticket as the message describes it: after the change. */
export type FedTicket = Pick<TicketRow, 'id' | 'number' | 'status' | 'department_id'> & {
  peer_feed?: TicketRow['peer_feed'];
};

/** One timeline entry of the ticket, as the writer wrote it. */
export interface FeedChange {
  action: string;
  from_status: string | null;
  data?: Record<string, unknown>;
  note?: string | null;
  /** The entry's time (database UTC). */
  at: string;
}

/**
 * Which unit a message names: the ticket's holder after the change, the level's own unit named by the entry (a
 * unit below, a co-unit, a carded level), or none (back at the hotline, closed there, merged).
 */
type Unit = 'holder' | 'entry' | 'none';

interface Heard {
  event: string;
  unit: Unit;
  /** The entry's text is the reply the resident got (the reply, a direct answer). */
  reply?: boolean;
  /** A score the entry carries (data.score): sent as rating {score, at}. */
  rating?: boolean;
  /** The message of a compound change that came first: it carries the status the ticket had before. */
  before?: boolean;
}

/** Timeline action -> what the peer hears (in this order). The table in docs/integration.md names the same. */
export const HEARD: Record<string, Heard[]> = {
  dispatch: [{ event: 'dispatched', unit: 'holder' }],
  designate: [{ event: 'designated', unit: 'holder' }],
  sign: [{ event: 'signed', unit: 'holder' }],
  extension_approved: [{ event: 'extended', unit: 'holder' }],
  suspension_approved: [{ event: 'suspended', unit: 'holder' }],
  resume: [{ event: 'resumed', unit: 'holder' }],
  return_approved: [{ event: 'returned', unit: 'none' }],
  recall: [{ event: 'recalled', unit: 'none' }],
  pass_down: [{ event: 'passed_down', unit: 'entry' }],
  level_sign: [{ event: 'level_signed', unit: 'entry' }],
  level_reply: [{ event: 'level_replied', unit: 'entry' }],
  level_approve: [{ event: 'level_approved', unit: 'entry' }],
  level_send_back: [{ event: 'level_sent_back', unit: 'entry' }],
  level_take_back: [{ event: 'level_taken_back', unit: 'entry' }],
  yellow_card: [{ event: 'yellow_card', unit: 'entry' }],
  red_card: [{ event: 'red_card', unit: 'entry' }],
  reply: [{ event: 'replied', unit: 'holder', reply: true }],
  answer: [{ event: 'answered', unit: 'none', reply: true }],
  rated: [{ event: 'rated', unit: 'holder', rating: true }],
  // A callback's score (or the auto-close's default one) is a rating given with the close or the reopening.
  callback: [
    { event: 'rated', unit: 'holder', rating: true, before: true },
    { event: 'closed', unit: 'holder' },
  ],
  auto_close: [
    { event: 'rated', unit: 'holder', rating: true, before: true },
    { event: 'closed', unit: 'holder' },
  ],
  reopen: [
    { event: 'rated', unit: 'holder', rating: true, before: true },
    { event: 'reopened', unit: 'holder' },
  ],
  callback_unreachable: [{ event: 'closed', unit: 'holder' }],
  rectification_withdrawn: [{ event: 'closed', unit: 'holder' }],
  merge: [{ event: 'merged', unit: 'none' }],
  merged_in: [{ event: 'merged_in', unit: 'holder' }],
};

/** A status change no row of HEARD names still reaches the peer: every status change is heard. */
const statusChanged = (to: Status): Heard => ({ event: to === 'closed' ? 'closed' : 'status_changed', unit: 'holder' });

function heardOf(change: FeedChange, to: Status): Heard[] {
  const heard = HEARD[change.action];
  if (!heard) return change.from_status !== null && change.from_status !== to ? [statusChanged(to)] : [];
  // A rating message only when there is a score (a callback after the resident rated closes without one).
  return heard.filter((h) => !h.rating || typeof change.data?.score === 'number');
}

/** Whether a timeline entry may be heard at all (cheap: decides whether a note() batch needs a look-up). */
const mayBeHeard = (action: string) => action in HEARD;

/** What tells one entry of a ticket from every other of its kind, for entries that move no version. */
function noteKey(e: FeedChange): string {
  const d = e.data ?? {};
  if (e.action === 'rated') return `r${String(d.rating_id)}`;
  if (e.action === 'merged_in') return `t${String(d.ticket_id)}`;
  if (e.action.endsWith('_card')) return `${String(d.kind)}:${String(d.level_id ?? 'main')}:${String(d.deadline_at)}`;
  return e.at;
}

async function unitOf(
  db: Executor,
  h: Heard,
  ticket: FedTicket,
  change: FeedChange,
): Promise<{ id: number; name: string | null } | null> {
  const d = change.data ?? {};
  if (h.unit === 'none') return null;
  if (h.unit === 'entry' && typeof d.department_id === 'number')
    return { id: d.department_id, name: (d.department_name as string | undefined) ?? null };
  if (ticket.department_id === null) return null;
  // The dispatch and the designation name the unit they chose; other entries leave it to be read (fed tickets only).
  const named = typeof d.department_name === 'string' && !('level_id' in d) ? d.department_name : null;
  return { id: ticket.department_id, name: named ?? (await repo.departmentName(db, ticket.department_id)) };
}

/** The messages of one entry of a fed ticket, one per feed and heard event. */
async function messagesOf(
  db: Executor,
  ticket: FedTicket,
  change: FeedChange,
  feeds: FeedRow[],
  key: string,
): Promise<Array<WebhookMessage & { dedupe_key: string }>> {
  const out: Array<WebhookMessage & { dedupe_key: string }> = [];
  for (const h of heardOf(change, ticket.status)) {
    const unit = await unitOf(db, h, ticket, change);
    const status = h.before && change.from_status ? change.from_status : ticket.status;
    const extra = {
      ...(unit ? { department: unit } : {}),
      ...(h.reply && change.note ? { reply: change.note } : {}),
      ...(h.rating ? { rating: { score: change.data!.score, at: iso(change.at) } } : {}),
    };
    for (const f of feeds) {
      out.push({
        peer: { id: f.peer_id, code: f.peer_code },
        event: `ticket.${h.event}`,
        stream: feedStream(ticket.id),
        dedupe_key: `feed:${f.peer_id}:ticket:${ticket.id}:${key}:${h.event}`,
        payload: {
          upstream_id: f.ref,
          number: ticket.number,
          status,
          event: h.event,
          at: iso(change.at),
          ...extra,
          ...(f.kind === 'linkage' ? { partner: f.partner } : {}),
        },
      });
    }
  }
  return out;
}

/** Queues each message once: a transaction retried after a lost commit answer finds its keys and adds nothing. */
async function queue(db: Executor, messages: Array<WebhookMessage & { dedupe_key: string }>, now: Date) {
  for (const m of messages) await webhookOutbox.enqueueOnce(db, m, now);
}

export const ticketFeed = {
  /**
   * A change of a fed ticket that moved its version (mutate, closeBySystem): `ticket` is the row after it. The
   * writer calls this only when the row says peer_feed.
   */
  async changed(db: Executor, ticket: FedTicket & { version: number }, change: FeedChange, now: Date) {
    if (heardOf(change, ticket.status).length === 0) return;
    const feeds = await repo.activeFeeds(db, [ticket.id]);
    await queue(db, await messagesOf(db, ticket, change, feeds, `v${ticket.version}`), now);
  },

  /**
   * Timeline entries written beside a change (note: a rating, a card, an order merged in). Nothing is read when no
   * entry may be heard, nor for tickets the caller handed over (their peer_feed is at hand); otherwise one statement
   * for the batch finds which of the tickets are fed.
   */
  async noted(db: Executor, events: EventInput[], known: FedTicket[] = [], now: Date) {
    const heard = events.filter((e) => mayBeHeard(e.action));
    if (heard.length === 0) return;
    const byId = new Map<number, FedTicket>();
    const unknown = new Set<number>();
    for (const e of heard) {
      const k = known.find((t) => t.id === e.ticket_id && t.peer_feed !== undefined);
      if (k) {
        if (k.peer_feed) byId.set(k.id, k);
      } else unknown.add(e.ticket_id);
    }
    for (const t of await repo.fedAmong(db, [...unknown])) byId.set(t.id, t);
    if (byId.size === 0) return;
    const feeds = await repo.activeFeeds(db, [...byId.keys()]);
    for (const e of heard) {
      const ticket = byId.get(e.ticket_id);
      if (!ticket) continue;
      const change: FeedChange = {
        action: e.action,
        from_status: null,
        data: (e.data ?? {}) as Record<string, unknown>,
        note: e.note,
        at: e.created_at,
      };
      const mine = feeds.filter((f) => f.ticket_id === ticket.id);
      await queue(db, await messagesOf(db, ticket, change, mine, noteKey(change)), now);
    }
  },
};
