// The SQL of the suggested dispatch: the orders it learns from, and the names it shows.
import type { Executor } from '../../lib/db.ts';
import type { TrainingOrder } from './suggest-model.ts';

export const suggestRepository = {
  /**
   * The latest orders the hotline dispatched and the unit answered (the main assignment ended 'replied'), with the
   * category they have now, dispatched since `since`, at most `limit` of them, newest first (the
   * (dispatched_at, department_id) index reads them in that order and stops at the limit).
   */
  async trainingOrders(db: Executor, since: string, limit: number): Promise<TrainingOrder[]> {
    const rows = await db('assignments as a')
      .join('tickets as t', 't.id', 'a.ticket_id')
      .where('a.role', 'main')
      .where('a.end_reason', 'replied')
      .where('a.is_redo', false)
      .where('a.dispatched_at', '>=', since)
      .whereNotNull('t.category_id')
      .orderBy('a.dispatched_at', 'desc')
      .limit(limit)
      .select('t.title', 't.description', 't.address', 't.category_id', 'a.department_id');
    return rows.map((r) => ({
      title: r.title,
      description: r.description,
      address: r.address ?? null,
      category_id: Number(r.category_id),
      department_id: Number(r.department_id),
    }));
  },

  /** The active categories among `ids`. */
  async activeCategories(db: Executor, ids: readonly number[]): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const rows = await db('categories').whereIn('id', ids).where('active', true).select('id');
    return new Set(rows.map((r) => Number(r.id)));
  },

  async departmentName(db: Executor, id: number): Promise<string | null> {
    const row = await db('departments').where({ id }).first('name');
    return row?.name ?? null;
  },
};
