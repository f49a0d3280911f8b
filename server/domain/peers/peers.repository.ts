import type { Executor } from '../../lib/db.ts';
import type { PeerKeyRow, PeerKind, PeerRow } from './peer.types.ts';

export const peersRepository = {
  async insert(db: Executor, row: Omit<PeerRow, 'id'>): Promise<number> {
    const [id] = await db('peers').insert(row);
    return Number(id);
  },

  async insertKey(db: Executor, row: Omit<PeerKeyRow, 'id'>): Promise<number> {
    const [id] = await db('peer_keys').insert(row);
    return Number(id);
  },

  async find(db: Executor, id: number): Promise<PeerRow | null> {
    return (await db('peers').where({ id }).first()) ?? null;
  },

  /** The active peers of a kind (a rating goes to every provincial peer; a linkage order to its partner's). */
  activeOfKind(db: Executor, kind: PeerKind): Promise<PeerRow[]> {
    return db('peers').where({ kind, active: true }).orderBy('id');
  },

  /** A key by its public id, with its peer, whether or not it is still accepted (the caller checks not_after). */
  async findKey(db: Executor, keyId: string): Promise<{ key: PeerKeyRow; peer: PeerRow } | null> {
    const key: PeerKeyRow | undefined = await db('peer_keys').where({ key_id: keyId }).first();
    if (!key) return null;
    const peer = await peersRepository.find(db, key.peer_id);
    return peer ? { key, peer } : null;
  },

  /** The key outbound messages are signed with: the newest one without an end. */
  async currentKey(db: Executor, peerId: number): Promise<PeerKeyRow | null> {
    return (
      (await db('peer_keys').where({ peer_id: peerId }).whereNull('not_after').orderBy('id', 'desc').first()) ?? null
    );
  },
};
