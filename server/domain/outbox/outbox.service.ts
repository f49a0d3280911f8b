// Sends the outbox: mail written in the same transaction as its cause goes out later, with retries and
// exponential backoff and no final give-up, so a failed SMTP server delays mail but loses none. Texts (kind 'sms')
// go out beside it through the gateway (domain/sms/sms-sender.ts), and webhooks to the connected systems
// (domain/peers/webhook-sender.ts): each kind is claimed apart and sent at the same time, so an SMTP outage never
// holds texts or webhooks back, nor a gateway or a peer's outage mail.
//
// Once only, as far as it can be: a sender claims each message (outbox.repository.ts#claimNext) before
// sending it, so two instances never send one message at once, and marks it sent right after the server
// accepted it. The one window left is between the server's "250 accepted" and that UPDATE (about a
// millisecond): a crash exactly there leaves the claim to expire and the message is sent a second time, with
// the same Message-ID. Waiting for the server's answer before marking is what makes a crash before it lose
// nothing; SMTP has no way to ask "did you get this one?", so at-least-once is the honest contract.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { outboxRepository as repo, type OutboxRow } from './outbox.repository.ts';
import { SmsSender, type SmsSendResult } from '../sms/sms-sender.ts';
import type { SmsGateway } from '../sms/sms-gateway.ts';
import { smsOutbox } from '../sms/sms-outbox.ts';
import { WebhookSender, type WebhookSendResult } from '../peers/webhook-sender.ts';
import type { Sealer } from '../../lib/sealing.ts';
import { yieldToRequests } from '../../lib/yield.ts';

export interface OutboxDeps {
  db: Db;
  config: Config;
  logger: Logger;
  /** Unseals the peers' keys to sign webhooks; a sender without it leaves webhooks to one that has it. */
  sealer?: Sealer;
}

/** `sent`, `retried`, `failed`: mail; `sms`: the texts; `webhook`: the messages to connected systems. */
export interface SendResult {
  sent: number;
  retried: number;
  failed: number;
  sms: SmsSendResult;
  webhook: WebhookSendResult;
}

/** Seconds to wait before attempt n+1 after n failed attempts: base, 2 base, 4 base... at most max. */
export function backoffSeconds(attempts: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

interface SmtpError {
  responseCode?: number;
  command?: string;
  code?: string;
}

/**
 * Only the server refusing the recipient itself (a 5xx answer to RCPT TO: no such mailbox) fails a message
 * for good. A 5xx to AUTH, MAIL FROM or DATA says the server or our account is wrong (a bad password answers
 * 535 to every message alike); failing on it would drop the whole outbox while SMTP is misconfigured, so that
 * is retried like an outage until someone fixes it.
 */
export function isRecipientRefused(err: unknown): boolean {
  const { responseCode, command } = (err ?? {}) as SmtpError;
  return command === 'RCPT TO' && typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
}

/** A failure that is not about this message (no server, a refused login or sender): the rest would fail alike. */
function isServerWide(err: unknown): boolean {
  const { responseCode, command, code } = (err ?? {}) as SmtpError;
  return (
    responseCode === undefined || code === 'EAUTH' || command?.startsWith('AUTH') === true || command === 'MAIL FROM'
  );
}

export class OutboxService {
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly mailer: Mailer;
  private readonly texts: SmsSender;
  private readonly webhooks: WebhookSender;

  constructor(
    private readonly deps: OutboxDeps,
    mailer?: Mailer,
    gateway?: SmsGateway,
  ) {
    this.mailer = mailer ?? createMailer(deps.config, deps.logger);
    this.texts = new SmsSender(deps, this.holder, gateway);
    this.webhooks = new WebhookSender(deps, this.holder);
    smsOutbox.configure(deps.config.sms);
  }

  /** Sends what is due of mail, texts and webhooks at once, at most `limit` of each; mail and texts stop early when
   *  their server cannot be reached, webhooks skip a peer that failed for the rest of the run. */
  async sendDue(opts: { limit?: number; signal?: AbortSignal } = {}): Promise<SendResult> {
    const [mail, sms, webhook] = await Promise.all([
      this.sendMail(opts),
      this.texts.sendDue(opts),
      this.webhooks.sendDue(opts),
    ]);
    return { ...mail, sms, webhook };
  }

  private async sendMail(opts: { limit?: number; signal?: AbortSignal }): Promise<Omit<SendResult, 'sms' | 'webhook'>> {
    const { db, config, logger } = this.deps;
    const result = { sent: 0, retried: 0, failed: 0 };
    for (let n = 0; n < (opts.limit ?? 1000) && !opts.signal?.aborted; n++) {
      await yieldToRequests();
      const now = clock.now();
      const claimUntil = toDbTime(new Date(now.getTime() + config.mail.claimSeconds * 1000));
      const m = await repo.claimNext(db, this.holder, toDbTime(now), claimUntil, { kind: 'email' });
      if (!m) break;
      try {
        await this.mailer.send({ to: m.recipient, subject: m.subject, text: m.body, messageId: messageId(m) });
      } catch (err) {
        const outcome = await this.failed(m, err);
        result[outcome]++;
        // No server at all, or one refusing our login or sender: the other messages wait for the next run.
        if (isServerWide(err)) break;
        continue;
      }
      if (
        await repo.settle(db, m.id, this.holder, { status: 'sent', sent_at: toDbTime(clock.now()), last_error: null })
      )
        result.sent++;
      else logger.warn({ outbox_id: m.id }, 'mail sent after its claim expired; another sender may send it again');
    }
    if (result.sent + result.retried + result.failed > 0) logger.info({ ...result }, 'outbox sent');
    return result;
  }

  private async failed(m: OutboxRow, err: unknown): Promise<'retried' | 'failed'> {
    const { db, config, logger } = this.deps;
    const message = String((err as Error)?.message ?? err).slice(0, 2000);
    if (isRecipientRefused(err)) {
      logger.error(
        { outbox_id: m.id, attempts: m.attempts, recipient: m.recipient, err: message },
        'mail failed for good: the recipient was refused',
      );
      await repo.settle(db, m.id, this.holder, { status: 'failed', last_error: message });
      return 'failed';
    }
    const wait = backoffSeconds(m.attempts, config.mail.retryBaseSeconds, config.mail.retryMaxSeconds);
    const next = toDbTime(new Date(clock.now().getTime() + wait * 1000));
    // Never given up on (a long SMTP outage only delays mail), but past the threshold every attempt is an error.
    if (m.attempts >= config.mail.alarmAfterAttempts) {
      logger.error(
        { outbox_id: m.id, attempts: m.attempts, retry_in_s: wait, err: message },
        'mail still not sent after many attempts; check SMTP_URL and the SMTP server',
      );
    } else {
      logger.warn(
        { outbox_id: m.id, attempts: m.attempts, retry_in_s: wait, err: message },
        'mail not sent; will retry',
      );
    }
    await repo.settle(db, m.id, this.holder, { status: 'pending', next_attempt_at: next, last_error: message });
    return 'retried';
  }

  list(filter: { status?: string; kind?: string; limit?: number } = {}) {
    return repo.list(this.deps.db, filter);
  }

  close(): void {
    this.mailer.close();
  }
}

const messageId = (m: OutboxRow) => `<outbox-${m.id}-${m.created_at.replace(/\D/g, '')}@hotline.12345>`;
