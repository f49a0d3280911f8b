import type { Executor } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';

export interface StoredBoard { month: string; board: string; published_by: number | null; published_at: string }

export const leaderboardRepository = {
  async find(db: Executor, month: string): Promise<StoredBoard | null> {
    return (await db('leaderboards').where({ month }).first()) ?? null;
  },

  /** Stores the board unless the month already has one; false when it had. */
  async insertOnce(db: Executor, row: StoredBoard & { created_at: string }): Promise<boolean> {
    try {
      await db('leaderboards').insert(row);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },

  /** The latest month published at or before `month`, or null. */
  async latestAtOrBefore(db: Executor, month: string): Promise<string | null> {
    const row = await db('leaderboards').where('month', '<=', month).max({ m: 'month' }).first();
    return row?.m ?? null;
  },

  async months(db: Executor): Promise<Array<{ month: string; published_at: string }>> {
    return db('leaderboards').orderBy('month', 'desc').select('month', 'published_at');
  },
};
