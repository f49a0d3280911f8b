// Texts as the gateway answered them, for the administrators' 短信 section (docs/rules/messages.md): the demo's
// texts of earlier days count as sent by the gateway with its delivery receipts (most 已送达, a few 未送达), and one
// resident replied 退订, so texts queued for that number are suppressed. Today's texts still wait in the outbox: the
// sender writes them to the log (numbers masked) when `npm start` runs without SMS_URL.
import type { Services } from '../services.ts';
import { fromDbTime, toDbTime } from '../lib/db.ts';

const DAY_MS = 86_400_000;

export async function loadDeliveries(s: Services, now: Date): Promise<void> {
  const earlier: Array<{ id: number; recipient: string; created_at: string }> = await s
    .db('outbox')
    .where({ kind: 'sms', status: 'pending' })
    .andWhere('created_at', '<', toDbTime(new Date(now.getTime() - DAY_MS)))
    .orderBy('id')
    .select('id', 'recipient', 'created_at');
  for (const [i, text] of earlier.entries()) {
    const created = fromDbTime(text.created_at)!.getTime();
    const failed = i % 23 === 22; // a phone switched off for days: the operator reports it undelivered
    await s
      .db('outbox')
      .where({ id: text.id })
      .update({
        status: 'sent',
        attempts: 1,
        sent_at: toDbTime(new Date(created + 2_000)),
        delivery_status: failed ? 'failed' : 'delivered',
        delivered_at: failed ? null : toDbTime(new Date(created + 9_000)),
      });
  }
  const resident = earlier.find((t) => t.recipient.startsWith('13'))?.recipient;
  if (resident) {
    await s.sms.optOut(resident, 'gateway');
    await s
      .db('sms_opt_outs')
      .where({ phone: resident })
      .update({ created_at: toDbTime(new Date(now.getTime() - DAY_MS / 2)) });
  }
}
