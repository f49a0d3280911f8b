import type { Executor } from '../../lib/db.ts';

export interface OutboxMessage {
  recipient: string;
  subject: string;
  body: string;
  /** Makes a message that must go once per cause (a card, a digest) idempotent. */
  dedupe_key?: string;
}

export const outboxRepository = {
  /** Called inside the transaction of the change that causes the mail. */
  async enqueue(db: Executor, messages: OutboxMessage[], now: string) {
    if (messages.length === 0) return;
    await db('outbox').insert(messages.map((m) => ({
      kind: 'email', recipient: m.recipient, subject: m.subject, body: m.body, dedupe_key: m.dedupe_key ?? null,
      status: 'pending', attempts: 0, next_attempt_at: now, created_at: now,
    })));
  },

  async list(db: Executor, filter: { status?: string; limit?: number } = {}) {
    const q = db('outbox').orderBy('id', 'desc').limit(filter.limit ?? 100);
    if (filter.status) q.where('status', filter.status);
    return q;
  },
};
