// Texts (SMS) go out like mail: written to the outbox in the transaction of their cause (kind 'sms'), sent later
// by the outbox sender through the gateway of SMS_URL, with retries. This is the one way to queue a text: it renders
// the event's template (an administrator's wording from sms_templates, else the default in sms-templates.ts) and
// keeps the template's values beside the text, as the gateway receives both.
import type { Executor } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';
import { DEFAULT_SMS_TEMPLATES, renderTemplate, type SmsTemplateKey } from './sms-templates.ts';
import { sendableAt, type SmsTiming } from './sms-schedule.ts';

/** Only mainland mobiles receive texts (a landline caller gets none). */
export const isMobile = (phone: string) => /^1[3-9]\d{9}$/.test(phone);

// The quiet hours a queued text waits for; the service sets them from its configuration at start (the sender checks
// them again when it sends, so a text queued before a change still keeps them).
let timing: SmsTiming = { quietStart: '22:00', quietEnd: '08:00', timeZone: 'Asia/Shanghai' };

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
  /** The configured quiet hours (config.sms), held by reference. */
  configure(sms: SmsTiming): void {
    timing = sms;
  },

  /**
   * Called inside the transaction of the change that causes the texts. A text that is not urgent and is queued in
   * the quiet hours waits for their end; one to a number that opted out (退订) is kept as 'suppressed', never sent;
   * one to a number that is not a mobile is not queued.
   */
  async enqueue(db: Executor, messages: SmsMessage[], now: Date): Promise<void> {
    // A batch of creations (tickets.service.ts) texts many residents: each template and the opt-outs are read once,
    // and the texts are written in one insert, so a creation costs one row more and no statement more.
    const texts = messages.filter((m) => isMobile(m.to));
    if (texts.length === 0) return;
    const wordings = new Map<SmsTemplateKey, string>();
    for (const m of texts) if (!wordings.has(m.template)) wordings.set(m.template, await templateText(db, m.template));
    const mayOptOut = [...new Set(texts.filter((m) => !m.urgent).map((m) => m.to))];
    const optedOut = new Set(
      mayOptOut.length ? (await db('sms_opt_outs').whereIn('phone', mayOptOut).pluck('phone')).map(String) : [],
    );
    await db('outbox').insert(
      texts.map((m) => {
        const urgent = Boolean(m.urgent);
        const suppressed = !urgent && optedOut.has(m.to);
        return {
          kind: 'sms',
          recipient: m.to,
          subject: m.template,
          template: m.template,
          params: JSON.stringify(m.params),
          body: renderTemplate(wordings.get(m.template)!, m.params),
          urgent,
          dedupe_key: m.dedupe_key ?? null,
          status: suppressed ? 'suppressed' : 'pending',
          last_error: suppressed ? 'opted out' : null,
          attempts: 0,
          next_attempt_at: toDbTime(sendableAt(now, urgent, timing)),
          created_at: toDbTime(now),
        };
      }),
    );
  },

  /** One text that must go once per key: false when it was already queued (or the number is not a mobile). */
  async enqueueOnce(db: Executor, m: SmsMessage & { dedupe_key: string }, now: Date): Promise<boolean> {
    if (!isMobile(m.to)) return false;
    try {
      await smsOutbox.enqueue(db, [m], now);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },
};
