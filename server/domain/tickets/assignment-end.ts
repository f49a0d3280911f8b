// How assignments end when the order leaves them, written once. "End an assignment as returned": an approved return
// (ticket-requests.service.ts) and a rectification order withdrawn with its voided review (ratings/rectification.ts)
// both take the order away from its department this way: the assignment ends 'returned', out of the department's
// received, counted once in its returns. The levels under it (passed down, co-handled: docs/rules/work-orders.md)
// leave with the order whenever it leaves (a return, a recall, a merge), each ending as the order's own assignment.
import type { Executor } from '../../lib/db.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import { levelsRepository } from './levels.repository.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import type { AssignmentRow } from './ticket.types.ts';

export async function endAsReturned(trx: Executor, a: AssignmentRow, nowDb: string): Promise<void> {
  await repo.updateAssignment(trx, a.id, { ended_at: nowDb, end_reason: 'returned' });
  await figuresRecorder.returned(trx, a);
  await endOpenLevels(trx, a.ticket_id, 'returned', nowDb);
}

/**
 * Ends every open level of the ticket as the order left: counted for each level's unit like the main assignment's
 * ending (a return as returned, a recall as never dispatched, a merge not at all). Answers the levels' units (their
 * inboxes hear of it).
 */
export async function endOpenLevels(
  trx: Executor,
  ticketId: number,
  reason: 'returned' | 'recalled' | 'merged',
  nowDb: string,
): Promise<number[]> {
  const open = await levelsRepository.openLevels(trx, ticketId);
  for (const level of open) {
    await repo.updateAssignment(trx, level.id, { ended_at: nowDb, end_reason: reason });
    if (reason === 'returned') await figuresRecorder.returned(trx, level);
    if (reason === 'recalled') await figuresRecorder.recalled(trx, level);
  }
  return open.map((l) => l.department_id);
}
