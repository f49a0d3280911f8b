// The outbox's webhook rows seen as deliveries to peers (kind 'webhook'): what holds a message back in its stream,
// the administrators' list of deliveries and their replay. Claiming and settling are the outbox's own
// (outbox.repository.ts); this file only reads a stream and puts messages back in line.
import type { Knex } from 'knex';
import type { Executor } from '../../lib/db.ts';
import type { OutboxRow } from '../outbox/outbox.repository.ts';

export interface DeliveryRow extends OutboxRow {
  peer_id: number | null;
  stream: string | null;
}

/** How the deliveries list is filtered: `failing` = refused for good, or not delivered after `alarmAfter` tries. */
export interface DeliveriesFilter {
  peer_id?: number;
  state?: 'failing' | 'failed' | 'pending' | 'sent';
  alarmAfter: number;
  limit: number;
  before_id?: number;
}

const waiting = ['pending', 'sending', 'failed'];

/** Refused for good, or still undelivered after the alarm threshold of attempts (each further failure an error). */
export function failingWhere(q: Knex.QueryBuilder, alarmAfter: number): Knex.QueryBuilder {
  return q.where((w) =>
    w
      .where('status', 'failed')
      .orWhere((p) => p.whereIn('status', ['pending', 'sending']).andWhere('attempts', '>=', alarmAfter)),
  );
}

export const webhookDeliveriesRepository = {
  /**
   * The earlier message of the same peer and stream that is not delivered yet (pending, being sent, or refused and
   * waiting for a replay), the oldest first; null when the message may go. Uses the outbox_stream index.
   */
  async earlierUndelivered(db: Executor, m: DeliveryRow): Promise<DeliveryRow | null> {
    if (m.stream === null || m.peer_id === null) return null;
    const row = await db('outbox')
      .where({ kind: 'webhook', peer_id: m.peer_id, stream: m.stream })
      .andWhere('id', '<', m.id)
      .whereIn('status', waiting)
      .orderBy('id')
      .first();
    return row ?? null;
  },

  /** The waiting messages of a peer (or of one of its streams) due now: after a replay or the peer's return. */
  async wake(db: Executor, peerId: number, now: string, stream?: string | null): Promise<number> {
    const q = db('outbox')
      .where({ kind: 'webhook', peer_id: peerId, status: 'pending' })
      .andWhere('next_attempt_at', '>', now);
    if (stream) q.where('stream', stream);
    return q.update({ next_attempt_at: now });
  },

  async find(db: Executor, id: number): Promise<DeliveryRow | null> {
    return (await db('outbox').where({ id, kind: 'webhook' }).first()) ?? null;
  },

  async list(db: Executor, f: DeliveriesFilter): Promise<DeliveryRow[]> {
    const q = db('outbox').where('kind', 'webhook').orderBy('id', 'desc').limit(f.limit);
    if (f.peer_id) q.where('peer_id', f.peer_id);
    if (f.before_id) q.where('id', '<', f.before_id);
    if (f.state === 'failing') failingWhere(q, f.alarmAfter);
    else if (f.state === 'pending') q.whereIn('status', ['pending', 'sending']);
    else if (f.state) q.where('status', f.state);
    return q;
  },

  /** Back in line, due now, its attempts counted afresh; false when it was delivered or is being sent meanwhile. */
  async replay(db: Executor, id: number, now: string): Promise<boolean> {
    const n = await db('outbox')
      .where({ id, kind: 'webhook' })
      .whereIn('status', ['pending', 'failed'])
      .update({ status: 'pending', attempts: 0, next_attempt_at: now, claimed_by: null, claimed_until: null });
    return n === 1;
  },
};
