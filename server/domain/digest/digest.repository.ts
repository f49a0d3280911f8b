import type { Executor } from '../../lib/db.ts';
import { ASSIGNED, type TicketRow } from '../tickets/ticket.types.ts';

export type HeldTicket = Pick<
  TicketRow,
  | 'id'
  | 'number'
  | 'title'
  | 'urgency'
  | 'status'
  | 'signed_at'
  | 'suspended_at'
  | 'sign_deadline_at'
  | 'sign_yellow_at'
  | 'due_at'
  | 'due_yellow_at'
>;

export const digestRepository = {
  /** The orders a department holds now (its inbox), soonest due first; read through (department_id, status). */
  async held(db: Executor, departmentId: number): Promise<HeldTicket[]> {
    return db('tickets')
      .where('department_id', departmentId)
      .whereIn('status', ASSIGNED as string[])
      .orderBy('due_at')
      .orderBy('id')
      .select(
        'id',
        'number',
        'title',
        'urgency',
        'status',
        'signed_at',
        'suspended_at',
        'sign_deadline_at',
        'sign_yellow_at',
        'due_at',
        'due_yellow_at',
      );
  },
};
