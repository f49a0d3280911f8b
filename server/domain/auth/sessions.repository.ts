import type { Executor } from '../../lib/db.ts';

export const sessionsRepository = {
  async insert(db: Executor, tokenHash: string, userId: number, now: string) {
    await db('sessions').insert({ token_hash: tokenHash, user_id: userId, last_seen_at: now, created_at: now });
  },

  async find(db: Executor, tokenHash: string): Promise<{ user_id: number; last_seen_at: string } | null> {
    return (await db('sessions').where({ token_hash: tokenHash }).first()) ?? null;
  },

  async touch(db: Executor, tokenHash: string, now: string) {
    await db('sessions').where({ token_hash: tokenHash }).update({ last_seen_at: now });
  },

  async delete(db: Executor, tokenHash: string) {
    await db('sessions').where({ token_hash: tokenHash }).delete();
  },

  async deleteIdleBefore(db: Executor, before: string) {
    return db('sessions').where('last_seen_at', '<', before).delete();
  },
};
