// Linked orders (联动工单) with 110/119/120/122 (docs/integration.md "110/119/120/122 linkage"): an operator sends an
// order to the partner's linkage peer through the signed-webhook outbox, the partner answers with signed status
// posts; a partner's own order comes in as a ticket (linkage-inbound.ts).
import type { Db } from '../../lib/db.ts';
import { toDbTime, withTransaction } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { requireAccess } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { loadTicket } from '../tickets/ticket-writer.ts';
import type { TicketRow } from '../tickets/ticket.types.ts';
import { peersRepository } from '../peers/peers.repository.ts';
import type { PeerRow } from '../peers/peer.types.ts';
import { webhookOutbox } from '../peers/webhook-outbox.ts';
import { linkageRepository as repo, type LinkageRow } from './linkage.repository.ts';
import { linkageView } from './linkage-view.ts';
import type { LinkageStatus, ListLinkage, OutStatus, SendLinkage } from './linkage.schemas.ts';

/** Where the partner may take an order we sent: accepted, then handled; declined before or after accepting. */
const NEXT: Record<OutStatus, readonly OutStatus[]> = {
  sent: ['accepted', 'declined'],
  accepted: ['handled', 'declined'],
  handled: [],
  declined: [],
};

/** Thrown inside the send's transaction when a concurrent send took the ref, to roll the message back. */
class RefTaken extends Error {}

/**
 * The body posted to the partner (event `linkage.order`). The caller's name and number go only when the order is
 * not confidential (保密): the partner's dispatcher calls the resident, but a confidential caller stays ours.
 */
export function linkagePayload(
  t: TicketRow,
  o: { ref: string; partner: string; reason: string },
  sentAt: Date,
  publicUrl: string,
) {
  const open = !t.confidential;
  return {
    ref: o.ref,
    partner: o.partner,
    number: t.number,
    type: t.type,
    urgency: t.urgency,
    title: t.title,
    description: t.description,
    address: t.address,
    caller_name: open ? t.caller_name : null,
    caller_phone: open ? t.caller_phone : null,
    confidential: Boolean(t.confidential),
    reason: o.reason,
    sent_at: sentAt.toISOString(),
    // Where the partner posts its status (signed with the same key).
    status_url: `${publicUrl}/api/v1/linkage/orders/${encodeURIComponent(o.ref)}/status`,
  };
}

export class LinkageService {
  constructor(private readonly deps: { db: Db; publicUrl: string }) {}

  /** POST /tickets/:id/linkage: the row and its message in one transaction; 409 without a peer for the partner. */
  async send(actor: Actor, ticketId: number, input: SendLinkage) {
    requireAccess(actor, 'linkage.send');
    const { db } = this.deps;
    const ticket = await loadTicket(db, ticketId);
    if (ticket.status === 'merged') throw errors.invalidTransition('linkage.ticketMerged');
    const peer = (await peersRepository.activeOfKind(db, 'linkage')).find((p) => p.partner === input.partner);
    if (!peer) throw new AppError(409, 'LINKAGE_NOT_CONFIGURED', 'linkage.noPeer', [], { partner: input.partner });
    const alreadyOpen = () => errors.alreadyExists('linkage.alreadyOpen', { partner: input.partner });
    const now = clock.now();
    let id: number;
    try {
      id = await withTransaction(db, async (trx) => {
        if (await repo.openOut(trx, ticket.id, input.partner)) throw alreadyOpen();
        const ref = `LD${ticket.number}-${input.partner}-${(await repo.sentCount(trx, ticket.id, input.partner)) + 1}`;
        const at = toDbTime(now);
        const id = await repo.insert(trx, {
          peer_id: peer.id,
          partner: input.partner,
          direction: 'out',
          ref,
          ticket_id: ticket.id,
          status: 'sent',
          reason: input.reason,
          note: null,
          received_at: null,
          accepted_at: null,
          finished_at: null,
          status_at: null,
          created_by: actor.id,
          created_at: at,
          updated_at: at,
        });
        if (id === null) throw new RefTaken();
        const payload = linkagePayload(ticket, { ref, partner: input.partner, reason: input.reason }, now, this.url);
        await webhookOutbox.enqueue(
          trx,
          [{ peer, event: 'linkage.order', payload, stream: `linkage:${id}`, dedupe_key: `linkage:${id}:sent` }],
          now,
        );
        return id;
      });
    } catch (err) {
      // Two sends at once to one partner: the second found no open order, then lost the ref.
      if (err instanceof RefTaken) throw alreadyOpen();
      throw err;
    }
    return linkageView((await repo.find(db, id))!);
  }

  private get url() {
    return this.deps.publicUrl.replace(/\/+$/, '');
  }

  /**
   * POST /linkage/orders/:ref/status from the partner the order was sent to. A status the order already reached is
   * a repeat (200, nothing changed); one it cannot reach from where it is (handled before accepted, anything after
   * handled or declined) is 409. Two posts at once: the first to write wins, the second is judged against it.
   */
  async status(peer: PeerRow, ref: string, input: LinkageStatus) {
    const { db } = this.deps;
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await repo.findOfPeer(db, peer.id, 'out', ref);
      if (!row) {
        if ((await repo.findByRef(db, 'out', ref)).length) throw errors.forbidden('linkage.notYourOrder');
        throw errors.notFound('linkageOrder');
      }
      if (reached(row, input.status)) return { order: linkageView((await repo.find(db, row.id))!), replayed: true };
      const from = row.status as OutStatus;
      if (!NEXT[from].includes(input.status)) {
        throw errors.invalidTransition('linkage.badTransition', { from, to: input.status });
      }
      const now = toDbTime(clock.now());
      const patch: Partial<LinkageRow> = {
        status: input.status,
        note: input.note ?? row.note,
        status_at: toDbTime(new Date(input.at)),
        updated_at: now,
        ...(input.status === 'accepted' ? { accepted_at: now } : { finished_at: now }),
      };
      if (await repo.update(db, row.id, row.version, patch)) {
        return { order: linkageView((await repo.find(db, row.id))!), replayed: false };
      }
    }
    throw errors.versionConflict();
  }

  /** GET /linkage/orders */
  async list(actor: Actor, f: ListLinkage) {
    requireAccess(actor, 'linkage.read');
    const { items, total } = await repo.list(this.deps.db, f);
    return { items: items.map(linkageView), total, page: f.page, per_page: f.per_page };
  }
}

/** Whether the order already is, or has been, at this status (a repeated post). */
function reached(row: LinkageRow, status: OutStatus): boolean {
  return row.status === status || (status === 'accepted' && row.accepted_at !== null);
}
