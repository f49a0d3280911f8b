// The SQL of the suggested dispatch: the orders it learns from, and the names it shows.
import type { Executor } from '../../lib/db.ts';
import type { TrainingOrder } from './suggest-model.ts';

/** Active categories with no active category below them. */
const activeLeaves = (db: Executor) =>
  db('categories as c')
    .where('c.active', true)
    .whereNotExists((q) =>
      q.select(db.raw('1')).from('categories as k').whereRaw('k.parent_id = c.id').where('k.active', true),
    )
    .orderBy('c.id');

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

  /**
   * Every active leaf category's name, with the names above it in the catalogue tree (learnt beside the orders:
   * suggest-model.ts). An order is filed under a leaf: a category with active categories below it is none.
   */
  async leafNames(db: Executor): Promise<{ id: number; name: string }[]> {
    const rows = await activeLeaves(db).select('c.id', 'c.name');
    return rows.map((r) => ({ id: Number(r.id), name: r.name }));
  },

  /** The active leaf categories among `ids` (the only ones suggested). */
  async activeLeaves(db: Executor, ids: readonly number[]): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const rows = await activeLeaves(db).whereIn('c.id', ids).select('c.id');
    return new Set(rows.map((r) => Number(r.id)));
  },

  async departmentName(db: Executor, id: number): Promise<string | null> {
    const row = await db('departments').where({ id }).first('name');
    return row?.name ?? null;
  },
};
