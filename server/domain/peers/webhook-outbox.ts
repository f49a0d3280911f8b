// Messages to peers (kind 'webhook') go out like mail and texts: written to the outbox in the transaction of their
// cause, sent later by the outbox sender (webhook-sender.ts), signed at sending with the peer's newest key, retried
// with backoff. Messages of one stream go in the order they were queued. This is the one way to queue one.
import type { Executor } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';
import type { PeerRow } from './peer.types.ts';

export interface WebhookMessage {
  peer: Pick<PeerRow, 'id' | 'code'>;
  /** What happened, e.g. 'ticket.replied', 'rating.created', 'rating.withdrawn' (the X-Hotline-Event header). */
  event: string;
  /** The JSON body posted, serialised once here: the bytes signed are the bytes stored. */
  payload: Record<string, unknown>;
  /** Messages of one stream are sent in the order of their ids ('ticket:42', 'rating:7'). */
  stream: string;
  /** Makes a message that must go once per cause idempotent ('rating:7:created'). */
  dedupe_key?: string;
}

export const webhookOutbox = {
  /** Called inside the transaction of the change that causes the messages. */
  async enqueue(db: Executor, messages: WebhookMessage[], now: Date): Promise<void> {
    if (messages.length === 0) return;
    const at = toDbTime(now);
    await db('outbox').insert(
      messages.map((m) => ({
        kind: 'webhook',
        recipient: m.peer.code,
        peer_id: m.peer.id,
        stream: m.stream,
        subject: m.event,
        body: JSON.stringify(m.payload),
        dedupe_key: m.dedupe_key ?? null,
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        created_at: at,
      })),
    );
  },

  /** One message that must go once per key: false when it was already queued. */
  async enqueueOnce(db: Executor, m: WebhookMessage & { dedupe_key: string }, now: Date): Promise<boolean> {
    try {
      await webhookOutbox.enqueue(db, [m], now);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },
};
