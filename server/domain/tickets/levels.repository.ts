// Every query of a ticket's levels (docs/rules/work-orders.md "Passing down"): the hotline's 'main' assignment and
// the 'down' and 'co' assignments under it, with their units' names, and the units' lists of levels to work on.
// Writes of an assignment's row go through tickets.repository.ts like every assignment's.
import type { Executor } from '../../lib/db.ts';
import type { AssignmentRow } from './ticket.types.ts';

/** An assignment with its unit's name (and the unit above's, for a level). */
export type LevelRow = AssignmentRow & { department_name: string };

/** A level in a unit's list: the level, its unit and the one above, and what the list shows of its ticket. */
export interface LevelListRow extends LevelRow {
  parent_department_id: number;
  parent_department_name: string;
  number: string;
  title: string;
  address: string | null;
  caller_phone: string | null;
  confidential: number | boolean;
  urgency: string;
  type: string;
  ticket_status: string;
  version: number;
  /** The ticket's own reply deadline, its yellow moment and its suspension: a level's card (level-card.ts). */
  ticket_due_at: string | null;
  ticket_due_yellow_at: string | null;
  ticket_suspended_at: string | null;
}

const withUnit = (db: Executor) =>
  db('assignments as a').join('departments as d', 'd.id', 'a.department_id').select('a.*', 'd.name as department_name');

export const levelsRepository = {
  /** Every assignment of the ticket (each dispatch and the levels under it), in dispatch order. */
  async ofTicket(db: Executor, ticketId: number): Promise<LevelRow[]> {
    return withUnit(db).where('a.ticket_id', ticketId).orderBy('a.id');
  },

  async find(db: Executor, id: number): Promise<LevelRow | null> {
    return (await withUnit(db).where('a.id', id).first()) ?? null;
  },

  /** The unit's own open level of the ticket (down or co): where its sign, contact and reply go. */
  async openLevelOf(db: Executor, ticketId: number, departmentId: number): Promise<LevelRow | null> {
    const row = await withUnit(db)
      .where({ 'a.ticket_id': ticketId, 'a.department_id': departmentId })
      .whereNot('a.role', 'main')
      .whereNull('a.ended_at')
      .orderBy('a.id', 'desc')
      .first();
    return row ?? null;
  },

  /** The open level passed down from an assignment (one at a time). */
  async openChild(db: Executor, parentId: number): Promise<LevelRow | null> {
    const row = await withUnit(db).where({ 'a.parent_id': parentId, 'a.role': 'down' }).whereNull('a.ended_at').first();
    return row ?? null;
  },

  /** Every open level of the ticket (down and co): what ends when the whole order leaves its units. */
  async openLevels(db: Executor, ticketId: number): Promise<AssignmentRow[]> {
    return db('assignments').where('ticket_id', ticketId).whereNot('role', 'main').whereNull('ended_at').orderBy('id');
  },

  /** The units' levels to work on (todo) or to review (review), as a page of the list, soonest deadline first. */
  async list(
    db: Executor,
    f: { view: 'todo' | 'review'; units: readonly number[] | null; page: number; per_page: number },
  ): Promise<{ items: LevelListRow[]; total: number }> {
    const q = db('assignments as a')
      .join('assignments as p', 'p.id', 'a.parent_id')
      .join('tickets as t', 't.id', 'a.ticket_id')
      .join('departments as d', 'd.id', 'a.department_id')
      .join('departments as pd', 'pd.id', 'p.department_id')
      .whereNull('a.ended_at');
    if (f.view === 'todo') {
      q.whereIn('a.role', ['down', 'co']);
      if (f.units) q.whereIn('a.department_id', f.units);
    } else {
      q.where('a.role', 'down').whereNotNull('a.replied_at');
      if (f.units) q.whereIn('p.department_id', f.units);
    }
    const [{ n }] = await q.clone().count({ n: '*' });
    const items = await q
      .select(
        'a.*',
        'd.name as department_name',
        'p.department_id as parent_department_id',
        'pd.name as parent_department_name',
        't.number',
        't.title',
        't.address',
        't.caller_phone',
        't.confidential',
        't.urgency',
        't.type',
        't.status as ticket_status',
        't.version',
        't.due_at as ticket_due_at',
        't.due_yellow_at as ticket_due_yellow_at',
        't.suspended_at as ticket_suspended_at',
      )
      .orderBy(f.view === 'todo' ? 'a.due_at' : 'a.replied_at', 'asc')
      .orderBy('a.id', 'asc')
      .limit(f.per_page)
      .offset((f.page - 1) * f.per_page);
    return { items, total: Number(n) };
  },
};
