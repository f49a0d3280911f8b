// Texts as the gateway and the administrators see them (docs/rules/messages.md): delivery receipts and opt-outs
// (退订) posted by the gateway with its bearer token, the templates' wordings, the list of texts sent.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { toDbTime, withTransaction } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { detail, errors } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { iso } from '../../lib/time.ts';
import type { Actor } from '../users/actor.ts';
import { maskPhone } from './sms-gateway.ts';
import { DEFAULT_SMS_TEMPLATES, SMS_TEMPLATE_KEYS, templateNames, type SmsTemplateKey } from './sms-templates.ts';
import { smsRepository as repo, type SmsRow } from './sms.repository.ts';

const PAGE_SIZE = 50;
const digest = (s: string) => createHash('sha256').update(s).digest();

export class SmsService {
  constructor(private readonly deps: { db: Db; config: Config; logger: Logger }) {}

  /** The gateway's bearer token (SMS_TOKEN, read at each request): 401 without one, 403 for a wrong one. */
  checkGateway(authorization: string): void {
    const expected = this.deps.config.sms.token;
    const given = authorization.toLowerCase().startsWith('bearer ') ? authorization.slice(7).trim() : '';
    if (!expected || !given) throw errors.unauthenticated('sms.gatewayTokenRequired');
    if (!timingSafeEqual(digest(given), digest(expected))) throw errors.forbidden('sms.gatewayTokenWrong');
  }

  /**
   * Stores a delivery receipt. Idempotent: the same receipt again changes nothing. 'delivered' is final: a late
   * receipt of an earlier stage (the gateway's "sent", or a retry's "failed") does not take it back.
   */
  async receipt(r: { message_id: string; status: string; at?: string }) {
    const { db } = this.deps;
    const row = await repo.find(db, Number(r.message_id.slice(4)));
    if (!row) throw errors.notFound('smsMessage');
    if (row.delivery_status !== 'delivered') {
      const deliveredAt = r.status === 'delivered' ? toDbTime(new Date(r.at ?? clock.now())) : null;
      await repo.setReceipt(db, row.id, r.status, deliveredAt);
    }
    const stored = (await repo.find(db, row.id))!;
    return {
      message_id: r.message_id,
      delivery_status: stored.delivery_status,
      delivered_at: iso(stored.delivered_at),
    };
  }

  /** A number opting out (退订): from now on it gets urgent texts only; its waiting texts are suppressed. */
  async optOut(phone: string, source: 'gateway' | 'admin') {
    const { db, logger } = this.deps;
    const created = await withTransaction(db, async (trx) => {
      const added = await repo.addOptOut(trx, phone, source, toDbTime(clock.now()));
      const suppressed = await repo.suppressPendingTo(trx, phone);
      return { added, suppressed };
    });
    logger.info({ to: maskPhone(phone), ...created }, 'a number opted out of texts');
    return { phone, opted_out: true, suppressed: created.suppressed, created: created.added };
  }

  async optOuts() {
    const rows = await repo.optOuts(this.deps.db);
    return rows.map((r) => ({ phone: r.phone, source: r.source, created_at: iso(r.created_at) }));
  }

  /** An administrator takes a number's opt-out back (the resident asked for texts again). */
  async removeOptOut(phone: string): Promise<void> {
    if (!(await repo.removeOptOut(this.deps.db, phone))) throw errors.notFound('smsOptOut');
  }

  /** Every event's template: the wording in use, the default, the values it may name, when it was reworded. */
  async templates() {
    const rows = new Map((await repo.templates(this.deps.db)).map((r) => [r.key, r]));
    return SMS_TEMPLATE_KEYS.map((key) => templateItem(key, rows.get(key)));
  }

  /** Rewords one event's text; an empty text puts the default back. A name the event has no value for is refused. */
  async saveTemplate(actor: Actor, key: string, text: string) {
    if (!isTemplateKey(key)) throw errors.notFound('smsTemplate');
    const { db } = this.deps;
    if (text === '') await repo.resetTemplate(db, key);
    else {
      const names = eventNames(key);
      const unknown = [...new Set(templateNames(text))].filter((n) => !names.includes(n));
      if (unknown.length) {
        throw errors.validation([detail('text', 'sms.unknownName', { name: unknown, names })]);
      }
      await repo.saveTemplate(db, key, text, actor.id, toDbTime(clock.now()));
    }
    return (await this.templates()).find((t) => t.key === key)!;
  }

  /** The texts, newest first, numbers masked. Their words are not shown: they carry the resident's query code and
   *  single-use rating link, which are the resident's alone. */
  async messages(q: { status?: string; phone?: string; page: number }) {
    const { rows, total } = await repo.list(this.deps.db, { ...q, pageSize: PAGE_SIZE });
    return { items: rows.map(messageItem), total, page: q.page, per_page: PAGE_SIZE };
  }
}

const isTemplateKey = (key: string): key is SmsTemplateKey => (SMS_TEMPLATE_KEYS as string[]).includes(key);

/** The values an event's text has: those its default wording names. */
const eventNames = (key: SmsTemplateKey) => [...new Set(templateNames(DEFAULT_SMS_TEMPLATES[key]))];

function templateItem(key: SmsTemplateKey, row?: { text: string; updated_at: string }) {
  return {
    key,
    text: row?.text ?? DEFAULT_SMS_TEMPLATES[key],
    default_text: DEFAULT_SMS_TEMPLATES[key],
    names: eventNames(key),
    customised: Boolean(row),
    updated_at: iso(row?.updated_at ?? null),
  };
}

function messageItem(r: SmsRow) {
  return {
    id: r.id,
    message_id: `sms-${r.id}`,
    to: maskPhone(r.recipient),
    template: r.template,
    urgent: Boolean(r.urgent),
    status: r.status,
    attempts: r.attempts,
    last_error: r.last_error,
    next_attempt_at: iso(r.next_attempt_at),
    sent_at: iso(r.sent_at),
    delivery_status: r.delivery_status,
    delivered_at: iso(r.delivered_at),
    created_at: iso(r.created_at),
  };
}
