// 撤回 (recall) undoes a dispatch made by mistake, before the department signs for it. A reopening (重办) and a
// rectification order (差评整改) go to their department by rule and carry a bad review's remedy: not recalled.
// The recall itself (ticket-actions.service.ts) and what a ticket offers (allowed-actions.ts) ask this one rule.
import { errors, type AppError } from '../../lib/errors.ts';
import type { TicketRow } from './ticket.types.ts';

export function recallRefusal(t: Pick<TicketRow, 'type'>, assignmentIsRedo: boolean): AppError | null {
  return assignmentIsRedo || t.type === 'rectification' ? errors.invalidTransition('ticket.notRecallable') : null;
}
