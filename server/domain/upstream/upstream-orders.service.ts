// Orders sent down by an upstream platform (上级平台, docs/integration.md "Orders from an upstream"). A signed post
// becomes a ticket of channel `upstream` waiting in the dispatch queue (待派单) like a web request, with the
// upstream's ids and deadline kept beside it and a feed that posts its later changes back. Idempotent on the
// upstream's id: a resend, even one racing the first post, answers the order the first one made.
import type { Executor } from '../../lib/db.ts';
import { toDbTime, withTransaction } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { detail, errors, isDuplicateKey } from '../../lib/errors.ts';
import type { Sealer } from '../../lib/sealing.ts';
import { authenticatePeer, type SignedRequest } from '../peers/peer-auth.ts';
import type { PeerRow } from '../peers/peer.types.ts';
import type { TicketsService } from '../tickets/tickets.service.ts';
import type { CreateTicket } from '../tickets/tickets.schemas.ts';
import { SYSTEM } from '../users/actor.ts';
import { upstreamOrdersRepository as repo } from './upstream-orders.repository.ts';
import type { UpstreamOrder } from './upstream-orders.schemas.ts';

/** How far ahead of our clock an upstream's received_at may be: two servers' clocks never agree to the second. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface Received {
  created: boolean;
  order: { id: number; number: string };
}

export class UpstreamOrdersService {
  constructor(private readonly deps: { db: Executor; sealer: Sealer; tickets: TicketsService }) {}

  /** Who signed the request (401 for anything wrong): checked before the body, so a forger learns nothing. */
  authenticate(req: SignedRequest): Promise<PeerRow> {
    return authenticatePeer(this.deps.db, this.deps.sealer, req, ['upstream']);
  }

  /** The order as the route checked it; `created` false when this upstream had already sent that upstream_id. */
  async receive(peer: PeerRow, order: UpstreamOrder, ip?: string): Promise<Received> {
    const { db } = this.deps;
    if (order.received_at.getTime() > clock.now().getTime() + CLOCK_SKEW_MS) {
      throw errors.validation([detail('received_at', 'upstream.receivedInFuture')]);
    }
    const sent = await repo.findSent(db, peer.id, order.upstream_id);
    if (sent) return { created: false, order: sent };
    try {
      return { created: true, order: await this.create(peer, order, ip) };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // A concurrent post of the same order committed first (the unique peer_id, upstream_id): ours rolled back,
      // ticket and all, and the winner's order is the answer.
      const winner = await repo.findSent(db, peer.id, order.upstream_id);
      if (!winner) throw err;
      return { created: false, order: winner };
    }
  }

  private async create(peer: PeerRow, order: UpstreamOrder, ip?: string) {
    const { db, tickets } = this.deps;
    const categoryId = order.category_code ? await repo.categoryByItemCode(db, order.category_code) : null;
    const input: CreateTicket = {
      channel: 'upstream',
      type: order.type,
      urgency: 'normal',
      title: order.title,
      description: order.description,
      // An item code no category carries is kept with the order; the operator categorises it at dispatch.
      category_id: categoryId,
      address: order.address || null,
      caller_name: order.caller_name || null,
      caller_phone: order.caller_phone ?? null,
      confidential: order.confidential,
    };
    const origin = { via: 'upstream', peer_code: peer.code, peer_name: peer.name, upstream_id: order.upstream_id };
    return withTransaction(db, async (trx) => {
      const { ticket } = await tickets.create({ ...SYSTEM, ip }, input, undefined, origin, trx);
      const now = toDbTime(clock.now());
      await repo.insert(trx, {
        peer_id: peer.id,
        upstream_id: order.upstream_id,
        ticket_id: ticket.id,
        upstream_received_at: toDbTime(order.received_at),
        upstream_due_at: order.due_at ? toDbTime(order.due_at) : null,
        category_code: order.category_code || null,
        area_code: order.area_code || null,
        created_at: now,
      });
      await repo.feed(trx, ticket.id, peer.id, order.upstream_id, now);
      return { id: ticket.id, number: ticket.number };
    });
  }
}
