// Texts' own records: the outbox rows of kind 'sms' as the sender and the administrators' page read them, their
// delivery receipts, the opt-outs (退订) and the administrators' wordings of the templates.
import type { Executor } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';

export interface SmsRow {
  id: number;
  recipient: string;
  template: string | null;
  body: string;
  urgent: boolean | number;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  sent_at: string | null;
  delivery_status: string | null;
  delivered_at: string | null;
  created_at: string;
}

export const smsRepository = {
  async isOptedOut(db: Executor, phone: string): Promise<boolean> {
    return (await db('sms_opt_outs').where({ phone }).first('phone')) !== undefined;
  },

  /**
   * How many texts that are not urgent went to the number since `since`, or are going to it now under a live claim
   * taken before this one's (an earlier `claimed_until`, or the same and a lower id): of two senders holding texts to
   * one number at once, the later counts the earlier and waits. One statement, so a text passing from sending to
   * sent meanwhile is counted once either way. `oldest`: the first of those sent.
   */
  async recentTo(
    db: Executor,
    m: { id: number; recipient: string; claimed_until: string | null },
    since: string,
    now: string,
  ) {
    const mine = m.claimed_until ?? now;
    const row = await db('outbox')
      .where({ kind: 'sms', recipient: m.recipient, urgent: false })
      .andWhere((w) =>
        w
          .where((p) => p.where('status', 'sent').andWhere('sent_at', '>', since))
          .orWhere((p) =>
            p
              .where('status', 'sending')
              .andWhere('claimed_until', '>=', now)
              .andWhere((q) =>
                q
                  .where('claimed_until', '<', mine)
                  .orWhere((e) => e.where('claimed_until', mine).andWhere('id', '<', m.id)),
              ),
          ),
      )
      .first(
        db.raw('count(*) as n'),
        db.raw("min(case when status = 'sent' then sent_at end) as oldest"),
        db.raw("sum(case when status = 'sent' then 1 else 0 end) as sent"),
      );
    return { total: Number(row?.n ?? 0), sent: Number(row?.sent ?? 0), oldest: (row?.oldest as string | null) ?? null };
  },

  /**
   * When the number's earlier text still waiting (pending, or being sent) is due: texts to one number go out in the
   * order they were queued (the acceptance before the answer), so a later one waits for it. Null when none waits.
   */
  async earlierWaiting(db: Executor, m: { id: number; recipient: string }): Promise<string | null> {
    const row = await db('outbox')
      .where({ kind: 'sms', recipient: m.recipient })
      .whereIn('status', ['pending', 'sending'])
      .andWhere('id', '<', m.id)
      .first(db.raw('min(next_attempt_at) as due'), db.raw('count(*) as n'));
    return Number(row?.n ?? 0) > 0 ? (row!.due as string) : null;
  },

  /** A claimed text to a number that opted out: kept, never sent (its claim was no attempt). */
  async suppress(db: Executor, id: number, holder: string): Promise<boolean> {
    const n = await db('outbox')
      .where({ id, claimed_by: holder, status: 'sending' })
      .update({
        status: 'suppressed',
        last_error: 'opted out',
        attempts: db.raw('attempts - 1'),
        claimed_by: null,
        claimed_until: null,
      });
    return n === 1;
  },

  async find(db: Executor, id: number): Promise<SmsRow | null> {
    return (await db('outbox').where({ id, kind: 'sms' }).first()) ?? null;
  },

  async setReceipt(db: Executor, id: number, status: string, deliveredAt: string | null): Promise<void> {
    await db('outbox').where({ id, kind: 'sms' }).update({ delivery_status: status, delivered_at: deliveredAt });
  },

  async list(db: Executor, filter: { status?: string; phone?: string; page: number; pageSize: number }) {
    const q = db('outbox').where({ kind: 'sms' });
    if (filter.status) q.where('status', filter.status);
    if (filter.phone) q.where('recipient', filter.phone);
    const total = Number(((await q.clone().count({ n: '*' }).first()) as { n: number } | undefined)?.n ?? 0);
    const rows: SmsRow[] = await q
      .orderBy('id', 'desc')
      .offset((filter.page - 1) * filter.pageSize)
      .limit(filter.pageSize)
      .select();
    return { rows, total };
  },

  async optOuts(db: Executor): Promise<Array<{ phone: string; source: string; created_at: string }>> {
    return db('sms_opt_outs').orderBy('created_at', 'desc').orderBy('phone').select('phone', 'source', 'created_at');
  },

  /** false when the number had already opted out. */
  async addOptOut(db: Executor, phone: string, source: string, now: string): Promise<boolean> {
    try {
      await db('sms_opt_outs').insert({ phone, source, created_at: now });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },

  /** Texts waiting for a number that opts out are suppressed with it (the resident asked for none). */
  async suppressPendingTo(db: Executor, phone: string): Promise<number> {
    return db('outbox')
      .where({ kind: 'sms', recipient: phone, status: 'pending', urgent: false })
      .update({ status: 'suppressed', last_error: 'opted out' });
  },

  async removeOptOut(db: Executor, phone: string): Promise<boolean> {
    return (await db('sms_opt_outs').where({ phone }).delete()) > 0;
  },

  async templates(db: Executor): Promise<Array<{ key: string; text: string; updated_at: string }>> {
    return db('sms_templates').select('key', 'text', 'updated_at');
  },

  async saveTemplate(db: Executor, key: string, text: string, userId: number | null, now: string): Promise<void> {
    const updated = await db('sms_templates').where({ key }).update({ text, updated_by: userId, updated_at: now });
    if (updated > 0) return;
    try {
      await db('sms_templates').insert({ key, text, updated_by: userId, updated_at: now });
    } catch (err) {
      // Another administrator saved the first wording of this key at the same moment: the later save wins.
      if (!isDuplicateKey(err)) throw err;
      await db('sms_templates').where({ key }).update({ text, updated_by: userId, updated_at: now });
    }
  },

  async resetTemplate(db: Executor, key: string): Promise<void> {
    await db('sms_templates').where({ key }).delete();
  },
};
