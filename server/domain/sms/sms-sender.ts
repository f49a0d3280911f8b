// Sends the outbox's texts (kind 'sms') through the gateway, apart from mail (docs/rules/messages.md): claimed one
// at a time like mail (outbox.repository.ts#claimNext, so two senders never send one text), retried with mail's
// backoff, failed for good only when the gateway refuses the text itself (a 4xx such as a number it cannot reach).
// Before sending, a text that is not urgent is held back in the quiet hours (not even claimed then), behind an earlier
// text to its number still waiting (texts to one number keep their order) and over the per-number limit, and
// suppressed for a number that opted out. Log lines name numbers masked, never in full.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { outboxRepository as outbox, type OutboxRow } from '../outbox/outbox.repository.ts';
import { createSmsGateway, maskPhone, SmsGatewayError, type SmsGateway } from './sms-gateway.ts';
import { inQuietHours } from './sms-schedule.ts';
import { smsRepository as repo } from './sms.repository.ts';
import { yieldToRequests } from '../../lib/yield.ts';

export interface SmsSendResult {
  sent: number;
  retried: number;
  failed: number;
  /** To numbers that opted out. */
  suppressed: number;
  /** Put back for later: over the per-number limit. */
  held: number;
}

const HOUR_MS = 3_600_000;

export class SmsSender {
  private readonly gateway: SmsGateway;

  constructor(
    private readonly deps: { db: Db; config: Config; logger: Logger },
    private readonly holder: string,
    gateway?: SmsGateway,
  ) {
    this.gateway = gateway ?? createSmsGateway(deps.config.sms, deps.logger);
  }

  async sendDue(opts: { limit?: number; signal?: AbortSignal } = {}): Promise<SmsSendResult> {
    const { db, config, logger } = this.deps;
    const result: SmsSendResult = { sent: 0, retried: 0, failed: 0, suppressed: 0, held: 0 };
    for (let n = 0; n < (opts.limit ?? 1000) && !opts.signal?.aborted; n++) {
      await yieldToRequests();
      const now = clock.now();
      const until = toDbTime(new Date(now.getTime() + config.mail.claimSeconds * 1000));
      // In the quiet hours only urgent texts are claimed; the others keep their place until the hours end.
      const urgentOnly = inQuietHours(now, config.sms);
      const m = await outbox.claimNext(db, this.holder, toDbTime(now), until, { kind: 'sms', urgentOnly });
      if (!m) break;
      const step = await this.sendOne(m, now);
      result[step]++;
      if (step === 'retried' && this.lastServerWide) break;
    }
    if (Object.values(result).some((v) => v > 0)) logger.info({ sms: result }, 'texts sent');
    return result;
  }

  private lastServerWide = false;

  private async sendOne(m: OutboxRow, now: Date): Promise<keyof SmsSendResult> {
    const { db, logger } = this.deps;
    this.lastServerWide = false;
    const to = maskPhone(m.recipient);
    if (!m.urgent) {
      if (await repo.isOptedOut(db, m.recipient)) {
        await repo.suppress(db, m.id, this.holder);
        logger.info({ outbox_id: m.id, to }, 'text suppressed: the number opted out');
        return 'suppressed';
      }
      const earlier = await repo.earlierWaiting(db, m);
      if (earlier) {
        // After the earlier text's turn (a second later, so it is claimed first), or soon when it is being sent.
        const wait = new Date(Math.max(fromDbTime(earlier)!.getTime(), now.getTime()) + 1000);
        await outbox.holdBack(db, m.id, this.holder, toDbTime(wait));
        logger.debug({ outbox_id: m.id, to, until: wait.toISOString() }, 'text held: an earlier one to it waits');
        return 'held';
      }
      const wait = await this.overLimit(m, now);
      if (wait) {
        await outbox.holdBack(db, m.id, this.holder, toDbTime(wait));
        logger.info({ outbox_id: m.id, to, until: wait.toISOString() }, 'text held: the per-number limit is reached');
        return 'held';
      }
    }
    try {
      await this.gateway.send({
        to: m.recipient,
        template: m.template ?? m.subject,
        params: m.params ? (JSON.parse(m.params) as Record<string, string>) : {},
        text: m.body,
        messageId: `sms-${m.id}`,
      });
    } catch (err) {
      return this.failed(m, err);
    }
    const done = await outbox.settle(db, m.id, this.holder, {
      status: 'sent',
      sent_at: toDbTime(clock.now()),
      last_error: null,
    });
    if (!done) logger.warn({ outbox_id: m.id, to }, 'text sent after its claim expired; it may be sent again');
    return 'sent';
  }

  /** When a text over the per-number limit may go, or null when it may go now. */
  private async overLimit(m: OutboxRow, now: Date): Promise<Date | null> {
    const { db, config } = this.deps;
    const limit = config.sms.perNumberHourly;
    if (limit <= 0) return null;
    const since = toDbTime(new Date(now.getTime() - HOUR_MS));
    const recent = await repo.recentTo(db, m, since, toDbTime(now));
    if (recent.total < limit) return null;
    // A slot frees an hour after the oldest text of the window; one held by another sender's text, a little later.
    if (recent.sent >= limit && recent.oldest) return new Date(fromDbTime(recent.oldest)!.getTime() + HOUR_MS + 1000);
    return new Date(now.getTime() + config.mail.retryBaseSeconds * 1000);
  }

  private async failed(m: OutboxRow, err: unknown): Promise<'retried' | 'failed'> {
    const { db, config, logger } = this.deps;
    const e = err instanceof SmsGatewayError ? err : null;
    const message = String((err as Error)?.message ?? err).slice(0, 2000);
    const to = maskPhone(m.recipient);
    if (e?.permanent) {
      logger.error({ outbox_id: m.id, to, attempts: m.attempts, err: message }, 'text failed for good: refused');
      await outbox.settle(db, m.id, this.holder, { status: 'failed', last_error: message });
      return 'failed';
    }
    this.lastServerWide = e?.serverWide ?? true;
    const wait = Math.min(config.mail.retryMaxSeconds, config.mail.retryBaseSeconds * 2 ** Math.max(0, m.attempts - 1));
    const next = toDbTime(new Date(clock.now().getTime() + wait * 1000));
    const line = { outbox_id: m.id, to, attempts: m.attempts, retry_in_s: wait, err: message };
    if (m.attempts >= config.mail.alarmAfterAttempts)
      logger.error(line, 'text still not sent after many attempts; check SMS_URL, SMS_TOKEN and the gateway');
    else logger.warn(line, 'text not sent; will retry');
    await outbox.settle(db, m.id, this.holder, { status: 'pending', next_attempt_at: next, last_error: message });
    return 'retried';
  }
}
