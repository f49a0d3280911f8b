// The administrators' reads and writes of peers and their keys (the signing side is peers.repository.ts).
import type { Executor } from '../../lib/db.ts';
import type { PeerKeyRow, PeerRow } from './peer.types.ts';
import { failingWhere } from './webhook-deliveries.repository.ts';

export const peersAdminRepository = {
  list(db: Executor): Promise<PeerRow[]> {
    return db('peers').orderBy('id');
  },

  async update(db: Executor, id: number, patch: Partial<PeerRow>): Promise<void> {
    await db('peers').where({ id }).update(patch);
  },

  /** A peer's keys (or every peer's), newest first. */
  keys(db: Executor, peerId?: number): Promise<PeerKeyRow[]> {
    const q = db('peer_keys').orderBy('id', 'desc');
    if (peerId !== undefined) q.where('peer_id', peerId);
    return q;
  },

  /** Gives every current key of the peer but `keepId` an end: accepted inbound until then, never signing again. */
  async endCurrentKeys(db: Executor, peerId: number, keepId: number, notAfter: string): Promise<number> {
    return db('peer_keys')
      .where({ peer_id: peerId })
      .whereNull('not_after')
      .andWhereNot('id', keepId)
      .update({ not_after: notAfter });
  },

  /** How many webhooks are failing, per peer (the list's warning). */
  async failingCounts(db: Executor, alarmAfter: number): Promise<Map<number, number>> {
    const rows: Array<{ peer_id: number; n: number | string }> = await failingWhere(
      db('outbox').where('kind', 'webhook').whereNotNull('peer_id'),
      alarmAfter,
    )
      .groupBy('peer_id')
      .select('peer_id', db.raw('count(*) as n'));
    return new Map(rows.map((r) => [Number(r.peer_id), Number(r.n)]));
  },
};
