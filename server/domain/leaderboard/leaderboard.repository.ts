import type { Executor } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';

export interface StoredBoard {
  month: string;
  board: string;
  published_by: number | null;
  published_at: string;
}
export interface DraftBoard {
  month: string;
  board: string;
  prepared_at: string;
}

async function insertOnce(db: Executor, table: string, row: object): Promise<boolean> {
  try {
    await db(table).insert(row);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export const leaderboardRepository = {
  async find(db: Executor, month: string): Promise<StoredBoard | null> {
    return (await db('leaderboards').where({ month }).first()) ?? null;
  },

  /** Stores the board unless the month already has one; false when it had. */
  insertOnce(db: Executor, row: StoredBoard & { created_at: string }): Promise<boolean> {
    return insertOnce(db, 'leaderboards', row);
  },

  /** The latest month published at or before `month`, or null. */
  async latestAtOrBefore(db: Executor, month: string): Promise<string | null> {
    const row = await db('leaderboards').where('month', '<=', month).max({ m: 'month' }).first();
    return row?.m ?? null;
  },

  /** When the service's data begins: its first department or order, whichever came first (stored time), or null. */
  async firstDataAt(db: Executor): Promise<string | null> {
    const [d, t] = await Promise.all([
      db('departments').min({ m: 'created_at' }).first(),
      db('tickets').min({ m: 'created_at' }).first(),
    ]);
    const times = [d?.m, t?.m].filter((v): v is string => typeof v === 'string' && v !== '');
    return times.length ? times.sort()[0] : null;
  },

  async months(db: Executor): Promise<Array<{ month: string; published_at: string }>> {
    return db('leaderboards').orderBy('month', 'desc').select('month', 'published_at');
  },

  async findDraft(db: Executor, month: string): Promise<DraftBoard | null> {
    return (await db('leaderboard_drafts').where({ month }).first()) ?? null;
  },

  /** Stores a prepared board unless the month already has one; false when it had. */
  insertDraftOnce(db: Executor, row: DraftBoard): Promise<boolean> {
    return insertOnce(db, 'leaderboard_drafts', row);
  },

  /** The latest month prepared or published at or before `month`, or null. */
  async latestPreparedAtOrBefore(db: Executor, month: string): Promise<string | null> {
    const [drafts, boards] = await Promise.all([
      db('leaderboard_drafts').where('month', '<=', month).max({ m: 'month' }).first(),
      db('leaderboards').where('month', '<=', month).max({ m: 'month' }).first(),
    ]);
    const ms = [drafts?.m, boards?.m].filter((m): m is string => Boolean(m)).sort();
    return ms.at(-1) ?? null;
  },

  /** Months prepared and not yet published, oldest first. */
  async unpublishedDrafts(db: Executor): Promise<string[]> {
    const rows = await db('leaderboard_drafts as d')
      .leftJoin('leaderboards as l', 'l.month', 'd.month')
      .whereNull('l.month')
      .orderBy('d.month')
      .select('d.month');
    return rows.map((r: { month: string }) => r.month);
  },
};
