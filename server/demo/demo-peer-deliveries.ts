// A refused webhook in the demo (docs/integration.md "Delivery, signatures and keys"): the provincial 好差评 system
// answered 422 to a rating whose 事项编码 it did not know, so 系统管理 → 对接系统 lists it as failing with its 重发
// button. The demo peer has no URL: replayed, it is logged and counted as sent.
import type { Services } from '../services.ts';
import { toDbTime, withTransaction } from '../lib/db.ts';
import type { PeerRow } from '../domain/peers/peer.types.ts';
import { webhookOutbox } from '../domain/peers/webhook-outbox.ts';
import { DEMO_PEERS } from './demo-peer-keys.ts';

export async function loadPeerDeliveries(s: Services, now: Date): Promise<void> {
  const peer: PeerRow | undefined = await s.db('peers').where({ code: DEMO_PEERS.provinceRatings.code }).first();
  if (!peer) return;
  const queued = new Date(now.getTime() - 2 * 3_600_000);
  const dedupe = 'demo:refused-rating';
  await withTransaction(s.db, async (trx) => {
    const payload = {
      rating_id: 'DEMO-REFUSED',
      item_code: '11110000000000000X-DEMO',
      score: 5,
      at: queued.toISOString(),
    };
    const fresh = await webhookOutbox.enqueueOnce(
      trx,
      { peer, event: 'rating.created', payload, stream: 'rating:demo-refused', dedupe_key: dedupe },
      queued,
    );
    if (!fresh) return;
    await trx('outbox')
      .where({ dedupe_key: dedupe })
      .update({
        status: 'failed',
        attempts: 1,
        last_error: 'HTTP 422: {"code":"ITEM_CODE_UNKNOWN","message":"事项编码不存在"}',
        next_attempt_at: toDbTime(queued),
      });
  });
}
