// An order a partner (110/119/120/122) hands to 12345 (POST /linkage/orders, docs/integration.md "110/119/120/122
// linkage"): a phone order made through the normal ticket creation (numbered, the acceptance text to the caller,
// waiting in the dispatch queue), its linked order, and a feed (ticket_feeds) so every later change of the ticket is
// posted back to the partner. Idempotent on the partner's id: a resend answers the same order, once.
import type { Db } from '../../lib/db.ts';
import { toDbTime, withTransaction } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { SYSTEM } from '../users/actor.ts';
import type { PeerRow } from '../peers/peer.types.ts';
import type { TicketsService } from '../tickets/tickets.service.ts';
import { linkageRepository as repo, type LinkageRow } from './linkage.repository.ts';
import type { InboundLinkage } from './linkage.schemas.ts';
import { linkageView } from './linkage-view.ts';

/** Thrown inside the transaction when a concurrent resend stored the order first, to roll this ticket back. */
class AlreadyStored extends Error {}

export class LinkageInbound {
  constructor(private readonly deps: { db: Db; tickets: Pick<TicketsService, 'create'> }) {}

  async receive(peer: PeerRow, input: InboundLinkage) {
    const { db } = this.deps;
    const stored = await repo.findOfPeer(db, peer.id, 'in', input.external_id);
    if (stored) return this.answer(stored.id, true);
    try {
      const id = await withTransaction(db, async (trx) => {
        const origin = { via: 'linkage', peer: peer.code, partner: peer.partner, external_id: input.external_id };
        const { ticket } = await this.deps.tickets.create(
          SYSTEM,
          {
            channel: 'phone',
            type: input.type,
            urgency: input.urgency,
            title: input.title,
            description: input.description,
            address: input.address ?? null,
            caller_phone: input.caller_phone ?? null,
            confidential: false,
          },
          undefined,
          origin,
          trx,
        );
        const now = toDbTime(clock.now());
        const row: Omit<LinkageRow, 'id' | 'version'> = {
          peer_id: peer.id,
          partner: peer.partner ?? '',
          direction: 'in',
          ref: input.external_id,
          ticket_id: ticket.id,
          // Its ticket exists from this moment: received and accepted at once; later read from the ticket.
          status: 'accepted',
          reason: input.title,
          note: null,
          received_at: toDbTime(new Date(input.received_at)),
          accepted_at: now,
          finished_at: null,
          status_at: null,
          created_by: null,
          created_at: now,
          updated_at: now,
        };
        const id = await repo.insert(trx, row);
        if (id === null) throw new AlreadyStored();
        await trx('ticket_feeds').insert({
          ticket_id: ticket.id,
          peer_id: peer.id,
          kind: 'linkage',
          ref: input.external_id,
          created_at: now,
        });
        await trx('tickets').where({ id: ticket.id }).update({ peer_feed: true });
        return id;
      });
      return this.answer(id, false);
    } catch (err) {
      if (!(err instanceof AlreadyStored)) throw err;
      const first = (await repo.findOfPeer(db, peer.id, 'in', input.external_id))!;
      return this.answer(first.id, true);
    }
  }

  /** The same answer for the first post and every resend: the order, its ticket's number. */
  private async answer(id: number, replayed: boolean) {
    const order = linkageView((await repo.find(this.deps.db, id))!);
    return { order, replayed };
  }
}
