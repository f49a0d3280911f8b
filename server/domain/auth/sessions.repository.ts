import type { UserRow } from '../users/users.repository.ts';
import type { Executor } from '../../lib/db.ts';

export const sessionsRepository = {
  async insert(db: Executor, tokenHash: string, userId: number, now: string) {
    await db('sessions').insert({ token_hash: tokenHash, user_id: userId, last_seen_at: now, created_at: now });
  },

  async find(db: Executor, tokenHash: string): Promise<{ user_id: number; last_seen_at: string } | null> {
    return (await db('sessions').where({ token_hash: tokenHash }).first()) ?? null;
  },

  /** The session with its user in one query: it runs on every request. */
  async findWithUser(
    db: Executor,
    tokenHash: string,
  ): Promise<(UserRow & { last_seen_at: string; session_created_at: string }) | null> {
    return (
      (await db('sessions as s')
        .join('users as u', 'u.id', 's.user_id')
        .where('s.token_hash', tokenHash)
        .first('u.*', 's.last_seen_at', 's.created_at as session_created_at')) ?? null
    );
  },

  async touch(db: Executor, tokenHash: string, now: string) {
    await db('sessions').where({ token_hash: tokenHash }).update({ last_seen_at: now });
  },

  async delete(db: Executor, tokenHash: string) {
    await db('sessions').where({ token_hash: tokenHash }).delete();
  },

  /** Ends a user's sessions, all but one when `keep` names it (a password change keeps the session that made it). */
  async deleteForUser(db: Executor, userId: number, keep?: string) {
    const q = db('sessions').where({ user_id: userId });
    if (keep) q.whereNot('token_hash', keep);
    return q.delete();
  },

  /** Sessions last used before `idleBefore` or signed in before `createdBefore`. */
  async deleteExpired(db: Executor, idleBefore: string, createdBefore: string): Promise<number> {
    return db('sessions').where('last_seen_at', '<', idleBefore).orWhere('created_at', '<', createdBefore).delete();
  },
};
