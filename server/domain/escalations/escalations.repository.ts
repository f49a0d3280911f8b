// Every query of issued escalations (cards and head mails) and of the sweep's work list.
import type { Knex } from 'knex';
import type { Executor } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';
import { fromDbTime } from '../../lib/db.ts';
import { stepKey, type EscalationKind, type EscalationLevel } from '../tickets/deadlines.ts';
import type { AssignmentRow, TicketRow } from '../tickets/ticket.types.ts';

export interface EscalationRow {
  id: number;
  ticket_id: number;
  assignment_id: number;
  department_id: number | null;
  kind: EscalationKind;
  level: EscalationLevel;
  deadline_at: string;
  superseded: boolean | number;
  created_at: string;
}

export type OpenLevel = Pick<
  AssignmentRow,
  | 'id'
  | 'role'
  | 'parent_id'
  | 'department_id'
  | 'dispatched_at'
  | 'sign_deadline_at'
  | 'due_at'
  | 'signed_at'
  | 'replied_at'
  | 'ended_at'
>;

export interface DueCursor {
  at: string;
  id: number;
}

export const escalationsRepository = {
  /**
   * The steps already issued for a ticket's assignments (main and levels), as deadlines.ts#stepKey keys by
   * assignment id. A plain read: on MariaDB a change that read its ticket before a sweep elsewhere committed may
   * miss that sweep's steps and so store a next moment that is too early, never too late; the next sweep then finds
   * nothing new and moves it on.
   */
  async doneKeys(db: Executor, ticketId: number): Promise<Map<number, Set<string>>> {
    const rows: Array<{ assignment_id: number; kind: string; level: string; deadline_at: string }> = await db(
      'escalations',
    )
      .where({ ticket_id: ticketId })
      .select('assignment_id', 'kind', 'level', 'deadline_at');
    const done = new Map<number, Set<string>>();
    for (const r of rows) {
      const keys = done.get(r.assignment_id) ?? new Set<string>();
      keys.add(stepKey({ ...r, deadline: fromDbTime(r.deadline_at)! }));
      done.set(r.assignment_id, keys);
    }
    return done;
  },

  /** A ticket's open levels (down, co): each has deadlines of its own to escalate (tickets/level-card.ts). */
  async openLevels(db: Executor, ticketId: number): Promise<OpenLevel[]> {
    return db('assignments')
      .where({ ticket_id: ticketId })
      .whereIn('role', ['down', 'co'])
      .whereNull('ended_at')
      .orderBy('id')
      .select(
        'id',
        'role',
        'parent_id',
        'department_id',
        'dispatched_at',
        'sign_deadline_at',
        'due_at',
        'signed_at',
        'replied_at',
        'ended_at',
      );
  },

  /**
   * Records a step; false when it was already recorded (by another instance, or a run before a crash).
   * The unique key decides, so two sweeps racing on one ticket cannot both win.
   */
  async insertOnce(trx: Knex.Transaction, row: Omit<EscalationRow, 'id'>): Promise<boolean> {
    try {
      await trx('escalations').insert(row);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },

  async forTicket(db: Executor, ticketId: number): Promise<EscalationRow[]> {
    return db('escalations').where({ ticket_id: ticketId }).orderBy('id');
  },

  /**
   * The next page of tickets whose next escalation has come, in (next_escalation_at, id) order from a
   * cursor: a range read of the next_escalation_at index, however many tickets are open.
   */
  async dueTickets(
    db: Executor,
    now: string,
    after: DueCursor | null,
    limit: number,
  ): Promise<Array<{ id: number; next_escalation_at: string }>> {
    return escalationsRepository.dueQuery(db, now, after, limit);
  },

  /** The query of dueTickets (the benchmark prints its plan). */
  dueQuery(db: Executor, now: string, after: DueCursor | null, limit: number) {
    const q = db('tickets').where('next_escalation_at', '<=', now);
    if (after) {
      q.where('next_escalation_at', '>=', after.at).whereNot((w) =>
        w.where('next_escalation_at', after.at).andWhere('id', '<=', after.id),
      );
    }
    return q
      .orderBy([{ column: 'next_escalation_at' }, { column: 'id' }])
      .limit(limit)
      .select('id', 'next_escalation_at');
  },

  async ticket(trx: Executor, id: number): Promise<TicketRow | null> {
    return (await trx('tickets').where({ id }).first()) ?? null;
  },
};
