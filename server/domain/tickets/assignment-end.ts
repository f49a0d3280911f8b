// "End an assignment as returned", written once: an approved return (ticket-requests.service.ts) and a rectification
// order withdrawn with its voided review (ratings/rectification.ts) both take the order away from its department
// this way: the assignment ends 'returned', out of the department's received, counted once in its returns.
import type { Executor } from '../../lib/db.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import type { AssignmentRow } from './ticket.types.ts';

export async function endAsReturned(trx: Executor, a: AssignmentRow, nowDb: string): Promise<void> {
  await repo.updateAssignment(trx, a.id, { ended_at: nowDb, end_reason: 'returned' });
  await figuresRecorder.returned(trx, a);
}
