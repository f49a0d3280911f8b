// Texts (SMS) go out like mail: written to the outbox in the transaction of their cause (kind 'sms'), sent later
// by the outbox sender through the gateway of SMS_URL, with retries. This is the one way to queue a text: it renders
// the event's template (an administrator's wording from sms_templates, else the default in sms-templates.ts) and
// keeps the template's values beside the text, as the gateway receives both.
import type { Executor } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';
import { DEFAULT_SMS_TEMPLATES, renderTemplate, type SmsTemplateKey } from './sms-templates.ts';

export interface SmsMessage {
  /** A national mobile number as stored (server/lib/phone.ts). */
  to: string;
  template: SmsTemplateKey;
  params: Record<string, string>;
  /** Passes quiet hours (an urgent order, a red card). */
  urgent?: boolean;
  /** Makes a text that must go once per cause idempotent (a reminder of one deadline). */
  dedupe_key?: string;
}

async function templateText(db: Executor, key: SmsTemplateKey): Promise<string> {
  const row = await db('sms_templates').where({ key }).first('text');
  return row?.text ?? DEFAULT_SMS_TEMPLATES[key];
}

export const smsOutbox = {
  /** Called inside the transaction of the change that causes the texts. */
  async enqueue(db: Executor, messages: SmsMessage[], now: Date): Promise<void> {
    for (const m of messages) {
      const text = renderTemplate(await templateText(db, m.template), m.params);
      await db('outbox').insert({
        kind: 'sms',
        recipient: m.to,
        subject: m.template,
        template: m.template,
        params: JSON.stringify(m.params),
        body: text,
        urgent: Boolean(m.urgent),
        dedupe_key: m.dedupe_key ?? null,
        status: 'pending',
        attempts: 0,
        next_attempt_at: toDbTime(now),
        created_at: toDbTime(now),
      });
    }
  },

  /** One text that must go once per key: false when it was already queued. */
  async enqueueOnce(db: Executor, m: SmsMessage & { dedupe_key: string }, now: Date): Promise<boolean> {
    try {
      await smsOutbox.enqueue(db, [m], now);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },
};
