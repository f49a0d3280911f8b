// The active peers of kind 'province_ratings', cached a few seconds: every counted rating asks for them, and the
// hot path of review devices (rating-batcher.ts) must cost no query when no province system is configured. A change
// of peers made here (bus 'peer.*') is seen at once; other instances follow within PROVINCE_PEERS_CACHE_MS.
import type { Db, Executor } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import type { PeerRow } from '../peers/peer.types.ts';
import { peersRepository } from '../peers/peers.repository.ts';

export const PROVINCE_PEERS_CACHE_MS = 5000;

// Per database (tests run several apps in one process). Real time, not the settable clock: a cache's age.
let cache = new WeakMap<object, { at: number; peers: PeerRow[] }>();

export const provincePeers = {
  /** `db` keys the cache; `trx` reads on a miss (SQLite's one connection is the transaction's). */
  async active(db: Db, trx: Executor): Promise<PeerRow[]> {
    const hit = cache.get(db);
    if (hit && performance.now() - hit.at < PROVINCE_PEERS_CACHE_MS) return hit.peers;
    const peers = await peersRepository.activeOfKind(trx, 'province_ratings');
    cache.set(db, { at: performance.now(), peers });
    return peers;
  },

  /** Peers changed (added, edited, deactivated): the next rating reads them again. */
  forget(): void {
    cache = new WeakMap();
  },
};

bus.subscribe((m) => {
  if (m.type.startsWith('peer.') || m.type.startsWith('peers.')) provincePeers.forget();
});
