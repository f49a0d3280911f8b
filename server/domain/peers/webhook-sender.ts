// Sends the outbox's webhooks (kind 'webhook') to the peers (docs/integration.md "Delivery, signatures and keys"):
// claimed one at a time like mail (outbox.repository.ts#claimNext, so two senders never post one message at once),
// signed at sending with the peer's newest current key (a rotation while messages wait loses none of them), posted
// with X-Hotline-* headers. 2xx delivers; a 4xx other than 408/429 is the peer refusing the message itself: failed
// for good, listed for the administrators, replayable. Anything else (5xx, a timeout, no connection) is retried with
// mail's backoff and never dropped.
//
// Order: a message waits, its claim not counted as an attempt, while an earlier message of its (peer, stream) is
// not delivered, a refused one included (until it is replayed). Isolation: once a peer failed in a run, its other
// messages are put back until that retry, so a peer that is down costs one attempt per run and holds no other
// peer back. An inactive peer's messages wait (activating it makes them due); a peer without url logs them as sent.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Sealer } from '../../lib/sealing.ts';
import { outboxRepository as outbox } from '../outbox/outbox.repository.ts';
import { signBody } from './peer-signing.ts';
import { peersRepository } from './peers.repository.ts';
import type { PeerRow } from './peer.types.ts';
import { webhookDeliveriesRepository as deliveries, type DeliveryRow } from './webhook-deliveries.repository.ts';
import { yieldToRequests } from '../../lib/yield.ts';

export interface WebhookSendResult {
  sent: number;
  retried: number;
  failed: number;
  /** Put back untried: behind an earlier message of its stream, its peer inactive or down in this run. */
  held: number;
}

/** Why a post did not deliver: `permanent` when the peer refused the message itself. */
class PostFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** 4xx is the peer's judgement of this message, except 408 (it timed out) and 429 (too many): those pass. */
export const isRefusal = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

export class WebhookSender {
  constructor(
    private readonly deps: { db: Db; config: Config; logger: Logger; sealer?: Sealer },
    private readonly holder: string,
  ) {}

  async sendDue(opts: { limit?: number; signal?: AbortSignal } = {}): Promise<WebhookSendResult> {
    const { db, config, logger } = this.deps;
    const result: WebhookSendResult = { sent: 0, retried: 0, failed: 0, held: 0 };
    // Without the sealer (a sender built without it) nothing can be signed: the messages stay for one that can.
    if (!this.deps.sealer) return result;
    const run: Run = { peers: new Map(), downUntil: new Map() };
    for (let n = 0; n < (opts.limit ?? 1000) && !opts.signal?.aborted; n++) {
      await yieldToRequests();
      const now = clock.now();
      const until = toDbTime(new Date(now.getTime() + config.mail.claimSeconds * 1000));
      const m = (await outbox.claimNext(db, this.holder, toDbTime(now), until, { kind: 'webhook' })) as DeliveryRow;
      if (!m) break;
      result[await this.sendOne(m, now, run)]++;
    }
    if (Object.values(result).some((v) => v > 0)) logger.info({ webhook: result }, 'webhooks sent');
    return result;
  }

  private async sendOne(m: DeliveryRow, now: Date, run: Run): Promise<keyof WebhookSendResult> {
    const { db, config, logger } = this.deps;
    const line = { outbox_id: m.id, peer: m.recipient, stream: m.stream, event: m.subject };
    const peer = await this.peerOf(m, run);
    if (!peer) {
      logger.error(line, 'webhook failed for good: its peer is gone');
      await outbox.settle(db, m.id, this.holder, { status: 'failed', last_error: 'no such peer' });
      return 'failed';
    }
    const hold = async (at: Date, why: string) => {
      await outbox.holdBack(db, m.id, this.holder, toDbTime(at));
      logger.debug({ ...line, until: at.toISOString() }, `webhook held: ${why}`);
      return 'held' as const;
    };
    const down = run.downUntil.get(peer.id);
    if (down) return hold(down, 'its peer failed in this run');
    const later = new Date(now.getTime() + config.mail.retryMaxSeconds * 1000);
    // Activation makes them due (peers.service.ts); meanwhile they are looked at once per retryMaxSeconds.
    if (!peer.active) return hold(later, 'its peer is inactive');
    const earlier = await deliveries.earlierUndelivered(db, m);
    if (earlier) {
      // Behind a refused one until its replay (which makes the stream due); else just after the earlier one's turn.
      if (earlier.status === 'failed') return hold(later, `wh-${earlier.id} of its stream was refused`);
      const turn = Math.max(fromDbTime(earlier.next_attempt_at)!.getTime(), now.getTime()) + 1000;
      return hold(new Date(turn), `wh-${earlier.id} of its stream goes first`);
    }
    if (!peer.url) {
      // The event, not the body: it may name residents (the log carries no phone numbers or names).
      const logged = { ...line, delivery: `wh-${m.id}`, bytes: Buffer.byteLength(m.body) };
      logger.info(logged, 'webhook not posted: its peer has no url (counted as sent)');
      await outbox.settle(db, m.id, this.holder, { status: 'sent', sent_at: toDbTime(clock.now()), last_error: null });
      return 'sent';
    }
    try {
      await this.post(peer, m);
    } catch (err) {
      return this.failed(m, peer, err, run);
    }
    const done = await outbox.settle(db, m.id, this.holder, {
      status: 'sent',
      sent_at: toDbTime(clock.now()),
      last_error: null,
    });
    if (!done) logger.warn(line, 'webhook delivered after its claim expired; it may be posted again');
    return 'sent';
  }

  private async peerOf(m: DeliveryRow, run: Run): Promise<PeerRow | null> {
    if (m.peer_id === null) return null;
    if (!run.peers.has(m.peer_id)) run.peers.set(m.peer_id, await peersRepository.find(this.deps.db, m.peer_id));
    return run.peers.get(m.peer_id) ?? null;
  }

  /** Signs with the newest current key and posts; throws a PostFailure unless the peer answered 2xx. */
  private async post(peer: PeerRow, m: DeliveryRow): Promise<void> {
    const { db, config, sealer } = this.deps;
    const key = await peersRepository.currentKey(db, peer.id);
    const secret = key ? sealer!.unseal(key.secret_sealed) : null;
    // A peer without a readable key is an administration problem (issue a key): retried until someone does.
    if (!key || secret === null)
      throw new PostFailure(key ? 'its key cannot be unsealed (SECRET changed?)' : 'no key', false);
    let res: Response;
    try {
      res = await fetch(peer.url!, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hotline-key': key.key_id,
          'x-hotline-signature': signBody(secret, m.body),
          'x-hotline-event': m.subject,
          'x-hotline-delivery': `wh-${m.id}`,
          'x-hotline-stream': m.stream ?? '',
        },
        body: m.body,
        redirect: 'error',
        signal: AbortSignal.timeout(config.peers.webhookTimeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const why = e.name === 'TimeoutError' ? `no answer in ${config.peers.webhookTimeoutMs} ms` : e.cause?.code;
      throw new PostFailure(`not delivered: ${why ?? e.message}`, false);
    }
    // Read (briefly) so the connection is reused and the administrators see what a refusal said.
    const text = await res.text().catch(() => '');
    if (res.ok) return;
    throw new PostFailure(`HTTP ${res.status}: ${text.slice(0, 300)}`, isRefusal(res.status));
  }

  private async failed(m: DeliveryRow, peer: PeerRow, err: unknown, run: Run): Promise<'retried' | 'failed'> {
    const { db, config, logger } = this.deps;
    const message = String((err as Error)?.message ?? err).slice(0, 2000);
    const line = { outbox_id: m.id, peer: peer.code, stream: m.stream, attempts: m.attempts, err: message };
    if (err instanceof PostFailure && err.permanent) {
      logger.error(line, 'webhook refused by its peer: failed for good (listed in the deliveries, replayable)');
      await outbox.settle(db, m.id, this.holder, { status: 'failed', last_error: message });
      return 'failed';
    }
    const wait = Math.min(config.mail.retryMaxSeconds, config.mail.retryBaseSeconds * 2 ** Math.max(0, m.attempts - 1));
    const next = new Date(clock.now().getTime() + wait * 1000);
    run.downUntil.set(peer.id, next);
    if (m.attempts >= config.mail.alarmAfterAttempts)
      logger.error({ ...line, retry_in_s: wait }, 'webhook still not delivered after many attempts; check the peer');
    else logger.warn({ ...line, retry_in_s: wait }, 'webhook not delivered; will retry');
    await outbox.settle(db, m.id, this.holder, {
      status: 'pending',
      next_attempt_at: toDbTime(next),
      last_error: message,
    });
    return 'retried';
  }
}

interface Run {
  peers: Map<number, PeerRow | null>;
  /** Peers that failed in this run, and when their retry is due. */
  downUntil: Map<number, Date>;
}
